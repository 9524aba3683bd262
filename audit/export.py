"""The audit log as CSV, safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable, Iterator

from django.utils import timezone

from .models import AuditEntry

COLUMNS = ["when", "who", "action", "object type", "object", "program", "changes", "details"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A spreadsheet runs a cell that starts like a formula: a quote makes it text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _changes(entry: AuditEntry) -> str:
    return "; ".join(f"{field}: {pair[0]} → {pair[1]}" for field, pair in entry.changes.items())


def _details(entry: AuditEntry) -> str:
    return "; ".join(f"{key}: {value}" for key, value in entry.details.items())


def rows(entries: Iterable[AuditEntry]) -> Iterator[list[str]]:
    yield COLUMNS
    for entry in entries:
        yield [
            cell(value)
            for value in [
                timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
                entry.actor_label,
                entry.get_action_display(),
                entry.object_type,
                entry.object_label,
                entry.program_label,
                _changes(entry),
                _details(entry),
            ]
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(entries: Iterable[AuditEntry]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows(entries):
        yield writer.writerow(row)
