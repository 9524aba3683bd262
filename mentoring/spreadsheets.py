"""CSV files that a spreadsheet opens without running anything.

A cell beginning with `=`, `+`, `-` or `@` (or a tab or carriage return before one) is a
formula to Excel, LibreOffice and Google Sheets: a name typed as `=HYPERLINK(...)` in a
profile would run on HR's machine. Every export writes such cells with a leading apostrophe,
which spreadsheets show as text (OWASP's advice); plain numbers such as -3 stay numbers. The
import takes the apostrophe off again, so that an export imported back changes nothing.
"""

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def neutralise(value: Any) -> Any:
    formula = isinstance(value, str) and value.startswith(FORMULA_START)
    return "'" + value if formula and not PLAIN_NUMBER.fullmatch(value) else value


def restore(text: str) -> str:
    """The cell as it was before `neutralise` (for the import of an export)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


class SafeWriter:
    """csv.writer's writerow and writerows, with every cell neutralised."""

    def __init__(self, out: Writable) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _Echo:
    """A file for csv.writer that hands each line back instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """A CSV file as lines made while they are sent (a StreamingHttpResponse's content):
    flat memory whatever the number of rows, every cell neutralised."""
    writer = SafeWriter(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)
