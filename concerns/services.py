"""Raising a concern, revealing one's name later, and HR's follow-up.

Nothing here tells the other person of the pair, ever. HR is not told of each new concern at
the moment it is raised either (a notice's time would point to whoever was on the pair page
then): the daily sweep tells HR how many concerns wait (notifications/rules.py). The author of
a named concern hears, once each, that HR acknowledged and resolved it; an anonymous concern
writes no notice, outbox row or reminder that could link it to its author.
"""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.models import Action
from audit.services import record
from mentoring.notices import notice, tell
from pairing.models import Pairing

from .models import TEXT_MAX, Concern, ConcernAuthorship, ConcernNote


class ConcernError(Exception):
    """A rule refused the change; the message is for the person who tried."""


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ConcernError("Say in a few words what is wrong.")
    if len(text) > TEXT_MAX:
        raise ConcernError(f"Keep it under {TEXT_MAX} characters.")
    return text


@transaction.atomic
def concern_raise(
    *, pairing: Pairing, by: User, category: str, text: str, named: bool
) -> ConcernAuthorship:
    """Raise a concern about one's own pairing. Anonymous unless `named`: then the concern row
    holds no author, no pair and no time finer than the day."""
    if pairing.role_of(by) is None or pairing.status not in Pairing.VISIBLE:
        raise ConcernError("Only the two people of a pair raise a concern about it.")
    concern = Concern.objects.create(
        program_id=pairing.program_id,
        category=category,
        text=_clean(text),
        raised_on=timezone.localdate(),
        named=named,
        raised_by=by if named else None,
        pairing=pairing if named else None,
    )
    return ConcernAuthorship.objects.create(concern=concern, author=by, pairing=pairing)


@transaction.atomic
def concern_reveal(*, authorship: ConcernAuthorship) -> Concern:
    """The author lets HR know who raised it and about which pair: from now on it is named."""
    concern = Concern.objects.select_for_update().get(pk=authorship.concern_id)
    if concern.named:
        raise ConcernError("HR knows already that you raised this concern.")
    concern.named = True
    concern.raised_by_id = authorship.author_id
    concern.pairing_id = authorship.pairing_id
    concern.revealed_on = timezone.localdate()
    concern.save(update_fields=["named", "raised_by", "pairing", "revealed_on"])
    return concern


def _tell_author(concern: Concern, step: str) -> None:
    """The author of a named concern hears of each step once; an anonymous one, nothing."""
    if not concern.named or concern.raised_by_id is None:
        return
    tell(
        [
            notice(
                "concern_update",
                f"concern:{concern.pk}",
                concern.raised_by_id,
                occurrence=step,
                step=step,
                program=concern.program.name,
            )
        ]
    )


@transaction.atomic
def concern_acknowledge(*, concern: Concern, by: User) -> Concern:
    concern = Concern.objects.select_for_update().select_related("program").get(pk=concern.pk)
    if concern.status != Concern.Status.NEW:
        raise ConcernError("This concern is acknowledged already.")
    concern.status = Concern.Status.ACKNOWLEDGED
    concern.acknowledged_at, concern.acknowledged_by = timezone.now(), by
    concern.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
    # The entry names the concern by number, never its text nor who raised it (0008).
    record(
        actor=by,
        action=Action.CONCERN_ACKNOWLEDGED,
        obj=concern,
        program=concern.program,
        changes={"status": ["New", "Acknowledged"]},
    )
    _tell_author(concern, "acknowledged")
    return concern


def concern_note_add(*, concern: Concern, by: User, text: str) -> ConcernNote:
    return ConcernNote.objects.create(concern=concern, author=by, text=_clean(text))


@transaction.atomic
def concern_resolve(*, concern: Concern, by: User, outcome: str) -> Concern:
    """Close the concern with what came of it; a new one is acknowledged on the way."""
    concern = Concern.objects.select_for_update().select_related("program").get(pk=concern.pk)
    if concern.status == Concern.Status.RESOLVED:
        raise ConcernError("This concern is resolved already.")
    if outcome not in Concern.Outcome.values:
        raise ConcernError("Choose what came of it.")
    now = timezone.now()
    before = concern.get_status_display()
    if concern.status == Concern.Status.NEW:
        concern.acknowledged_at, concern.acknowledged_by = now, by
    concern.status, concern.outcome = Concern.Status.RESOLVED, outcome
    concern.resolved_at, concern.resolved_by = now, by
    concern.save()
    record(
        actor=by,
        action=Action.CONCERN_RESOLVED,
        obj=concern,
        program=concern.program,
        changes={"status": [before, concern.get_status_display()]},
        details={"outcome": concern.get_outcome_display()},
    )
    _tell_author(concern, "resolved")
    return concern
