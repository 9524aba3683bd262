"""Recording HR actions. The services that perform an action call `record` in the same
transaction, so an entry exists exactly when the action happened.

Never pass session content (notes, summaries, agendas) nor who raised a concern: an entry
names the actor, the object by its label, counts, and before → after of HR's own settings.
"""

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django.db import models
from django.utils import timezone

from .models import Action, AuditEntry
from .selectors import forget_program_choices_unless_known


class Actor(Protocol):
    """Who acts: a signed-in person (the project's User); None for the system."""

    @property
    def pk(self) -> Any: ...

    @property
    def email(self) -> str: ...

    @property
    def is_authenticated(self) -> bool: ...


def jsonable(value: object) -> object:
    """A value as it reads in an entry: model objects by their label, dates as ISO text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, Iterable):
        return [jsonable(item) for item in value]
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, object]:
    """The values of `fields` now, ready to compare with `changes_between`."""
    return {field: jsonable(getattr(obj, field)) for field in fields}


def changes_between(
    before: Mapping[str, object], after: Mapping[str, object]
) -> dict[str, list[object]]:
    """{field: [before, after]} for the fields whose value changed."""
    return {
        field: [before.get(field), value]
        for field, value in after.items()
        if before.get(field) != value
    }


def entry(
    *,
    actor: Actor | None,
    action: Action,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: object = "",
    object_label: str = "",
    program: models.Model | None = None,
    changes: Mapping[str, object] | None = None,
    details: Mapping[str, object] | None = None,
) -> AuditEntry:
    """An unsaved entry: the object is a model instance, or named by type, id and label."""
    person = actor if actor is not None and actor.is_authenticated else None
    if obj is not None:
        object_type, object_id, object_label = obj._meta.label, obj.pk, str(obj)
    return AuditEntry(
        actor_id=person.pk if person else None,
        actor_label=person.email if person else "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=object_label[:200],
        program_id=program.pk if program is not None else None,
        program_label=str(program)[:200] if program is not None else "",
        changes=jsonable(changes or {}),
        details=jsonable(details or {}),
    )


def record(
    *,
    actor: Actor | None,
    action: Action,
    obj: models.Model | None = None,
    program: models.Model | None = None,
    changes: Mapping[str, object] | None = None,
    details: Mapping[str, object] | None = None,
) -> AuditEntry:
    """Write one entry. `program` is the program the action belongs to, for HR's filter."""
    new = entry(
        actor=actor, action=action, obj=obj, program=program, changes=changes, details=details
    )
    new.save()
    forget_program_choices_unless_known([new])
    return new


def record_many(entries: Iterable[AuditEntry]) -> None:
    """Write many entries at once (an import that changes thousands of people)."""
    written = AuditEntry.objects.bulk_create(entries, batch_size=1000)
    forget_program_choices_unless_known(written)


def entries_purge(*, older_than_years: int) -> int:
    """The retention rule: remove entries older than N years, and say so in the log."""
    cutoff = timezone.now() - datetime.timedelta(days=round(365.25 * older_than_years))
    removed = AuditEntry.objects.filter(created_at__lt=cutoff).purge()
    if removed:
        record(
            actor=None,
            action=Action.ENTRIES_PURGED,
            details={"removed": removed, "older_than": cutoff.date().isoformat()},
        )
    return removed
