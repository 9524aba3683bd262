"""The programs list's one-line outcome per closed program, without the programs app
importing this one: its template asks for the summaries of the programs it lists."""

from django import template
from django.core.cache import cache

from programs.models import Phase, Program

from ..selectors import Summary, summaries

register = template.Library()

SUMMARY_SECONDS = 60 * 60  # a closed program's figures barely change


def _key(program: Program) -> str:
    return f"outcomes:summary:{program.pk}:{program.updated_at.timestamp()}"


@register.simple_tag
def outcome_summaries(programs: list[Program]) -> dict[int, Summary]:
    """Each closed program's summary, from the cache or read for all missing ones at once."""
    closed = [p for p in programs if p.phase == Phase.CLOSED]
    cached = cache.get_many([_key(p) for p in closed])
    found = {p.pk: cached[_key(p)] for p in closed if _key(p) in cached}
    missing = [p for p in closed if p.pk not in found]
    if missing:
        read = summaries(missing)
        cache.set_many({_key(p): read[p.pk] for p in missing}, SUMMARY_SECONDS)
        found.update(read)
    return found


@register.filter
def summary_of(found: dict[int, Summary], program: Program) -> Summary | None:
    return found.get(program.pk)
