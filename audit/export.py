"""The audit log as CSV, safe to open in a spreadsheet (mentoring.spreadsheets)."""

from collections.abc import Iterable, Iterator

from django.utils import timezone

from mentoring import spreadsheets

from .models import Action, AuditEntry

COLUMNS = ["when", "who", "action", "object type", "object", "program", "changes", "details"]
# The actions' names read once: `get_action_display()` rebuilt the choices on every row, half
# of the time of an export of 200,000 entries.
ACTION_NAMES = dict(Action.choices)


def _changes(entry: AuditEntry) -> str:
    return "; ".join(f"{field}: {pair[0]} → {pair[1]}" for field, pair in entry.changes.items())


def _details(entry: AuditEntry) -> str:
    return "; ".join(f"{key}: {value}" for key, value in entry.details.items())


def rows(entries: Iterable[AuditEntry]) -> Iterator[list[str]]:
    for entry in entries:
        yield [
            timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
            entry.actor_label,
            ACTION_NAMES.get(entry.action, entry.action),
            entry.object_type,
            entry.object_label,
            entry.program_label,
            _changes(entry),
            _details(entry),
        ]


def csv_lines(entries: Iterable[AuditEntry]) -> Iterator[str]:
    return spreadsheets.csv_lines(COLUMNS, rows(entries))
