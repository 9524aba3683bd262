"""The programs list's one-line outcome per closed program, without the programs app
importing this one: its template asks for the summaries of the programs it lists."""

from django import template

from programs.models import Program

from ..selectors import Summary, summaries

register = template.Library()


@register.simple_tag
def outcome_summaries(programs: list[Program]) -> dict[int, Summary]:
    return summaries(programs)


@register.filter
def summary_of(found: dict[int, Summary], program: Program) -> Summary | None:
    return found.get(program.pk)
