"""Ids typed into forms, query strings and API bodies: a number a table can hold, or nothing."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

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


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Rows ticked by id, where an id no table can hold is refused like any unknown one.

    Django keeps a single id beyond a bigint away from the database, but not a list of them:
    `pk__in` with a 34-digit id overflowed SQLite's INTEGER (and PostgreSQL's bigint) into a
    500 for HR's enrolment decisions, in the form and the API alike.
    """

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for pk in value:
                if parse_id(str(pk)) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super().clean(value)
