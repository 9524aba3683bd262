"""Reads of the audit log that HR's page shares with the services that write it."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Subquery

from .models import AuditEntry

PROGRAM_CHOICES_KEY = "audit:program-choices"
PROGRAM_CHOICES_SECONDS = 600


def program_choices() -> list[tuple[str, str]]:
    """The programs the log names, as (id, newest label), newest program first.

    Read from every entry of the log (a distinct over 300,000 entries took 68 ms), so kept ten
    minutes; an entry naming a program, or a program's name, not among them clears it when it
    is written (`forget_program_choices_unless_known`)."""
    choices: list[tuple[str, str]] | None = cache.get(PROGRAM_CHOICES_KEY)
    if choices is None:
        # The label of each program's latest entry: a renamed program under its newest name.
        # (A distinct over id and label, ordered by id alone, gave PostgreSQL's pick of names.)
        latest = (
            AuditEntry.objects.exclude(program_id=None)
            .order_by()
            .values("program_id")
            .annotate(latest=Max("pk"))
            .values("latest")
        )
        named = AuditEntry.objects.filter(pk__in=Subquery(latest)).order_by("-program_id")
        choices = [
            (str(pk), label) for pk, label in named.values_list("program_id", "program_label")
        ]
        cache.set(PROGRAM_CHOICES_KEY, choices, PROGRAM_CHOICES_SECONDS)
    return choices


def forget_program_choices_unless_known(entries: list[AuditEntry]) -> None:
    """Called with entries just written: a program or a label the filter does not list yet
    must be there on HR's next view. Forgotten once the entries are committed: before, a view
    in between would read the log without them and keep that for ten minutes."""
    known: list[tuple[str, str]] | None = cache.get(PROGRAM_CHOICES_KEY)
    if known is None:
        return
    listed = set(known)
    if any(
        e.program_id is not None and (str(e.program_id), e.program_label) not in listed
        for e in entries
    ):
        transaction.on_commit(lambda: cache.delete(PROGRAM_CHOICES_KEY))
