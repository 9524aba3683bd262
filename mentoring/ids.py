"""Ids typed into forms and query strings: a number a table can hold, or nothing."""

import re

LARGEST_ID = 2**63 - 1  # a bigint
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(text: str | None) -> int | None:
    """The id in `text`, or None when it names nothing: ASCII digits only ("²".isdigit() is
    true, and int() refuses it), and no more than a bigint (5,000 digits are more than int()
    takes; SQLite's INTEGER overflows on 20)."""
    if not text or not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if value <= LARGEST_ID else None
