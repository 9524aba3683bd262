"""Writes for delegates: naming one, answering, ending, what is shared, and meetings changed on
an executive's behalf (through sessions_log's meeting services, which tell the pair who did it
for whom). Every notice goes through mentoring.notices, in the transaction of the change.
"""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from mentoring.notices import notice, tell
from pairing.models import Pairing
from sessions_log.models import Meeting
from sessions_log.services import meeting_cancel, meeting_reschedule, meeting_schedule

from .models import MAX_DELEGATES, DelegateFeed, Delegation
from .selectors import assisted_executive_ids, executive_in


class DelegationError(Exception):
    """A rule refused the change; the message is for the person who tried."""


def _subject(delegation: Delegation) -> str:
    return f"delegation:{delegation.pk}"


@transaction.atomic
def delegation_invite(
    *,
    executive: User,
    email: str,
    share_meeting_soon: bool = True,
    share_no_meeting: bool = True,
) -> Delegation:
    """Name a delegate by their e-mail; they are invited and answer on their own page."""
    delegate = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if delegate is None:
        raise DelegationError("Nobody in the company has this e-mail address.")
    if delegate.pk == executive.pk:
        raise DelegationError("You cannot be your own delegate.")
    # Lock the executive's row: two invitations at once count each other.
    User.objects.select_for_update().filter(pk=executive.pk).first()
    mine = Delegation.objects.open().filter(executive=executive)
    if mine.filter(delegate=delegate).exists():
        raise DelegationError(f"{delegate.display_name} is already your delegate or invited.")
    if mine.count() >= MAX_DELEGATES:
        raise DelegationError(f"You can have {MAX_DELEGATES} delegates at most.")
    together = Pairing.objects.visible_to(delegate).values("pk")
    if Pairing.objects.visible_to(executive).filter(pk__in=together).exists():
        raise DelegationError(f"{delegate.display_name} is in a pair with you already.")
    try:
        with transaction.atomic():
            delegation = Delegation.objects.create(
                executive=executive,
                delegate=delegate,
                share_meeting_soon=share_meeting_soon,
                share_no_meeting=share_no_meeting,
            )
    except IntegrityError as error:
        raise DelegationError(f"{delegate.display_name} is already invited.") from error
    tell(
        [
            notice(
                "delegate_invited",
                _subject(delegation),
                delegate.pk,
                delegation_id=delegation.pk,
                executive=executive.display_name,
            )
        ]
    )
    return delegation


@transaction.atomic
def delegation_answer(*, delegation: Delegation, accept: bool) -> Delegation:
    """The delegate accepts or declines; the executive hears which."""
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.status != Delegation.Status.INVITED:
        raise DelegationError("This invitation is answered or withdrawn already.")
    delegation.status = Delegation.Status.ACCEPTED if accept else Delegation.Status.DECLINED
    delegation.answered_at = timezone.now()
    delegation.save(update_fields=["status", "answered_at"])
    tell(
        [
            notice(
                "delegate_answered",
                _subject(delegation),
                delegation.executive_id,
                delegate=delegation.delegate.display_name,
                accepted=accept,
            )
        ]
    )
    return delegation


@transaction.atomic
def delegation_end(*, delegation: Delegation, by: User) -> Delegation:
    """The executive removes their delegate, or the delegate steps down: at once, with their
    calendar feed and pending reminders of this executive's meetings."""
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if not delegation.is_open:
        raise DelegationError("This delegation has ended already.")
    if by.pk not in (delegation.executive_id, delegation.delegate_id):
        raise DelegationError("Only the executive or the delegate ends a delegation.")
    by_executive = by.pk == delegation.executive_id
    if not by_executive and delegation.status == Delegation.Status.INVITED:
        raise DelegationError("Accept or decline the invitation instead.")
    was_invited = delegation.status == Delegation.Status.INVITED
    delegation.status, delegation.ended_at, delegation.ended_by = (
        Delegation.Status.ENDED,
        timezone.now(),
        by,
    )
    delegation.save(update_fields=["status", "ended_at", "ended_by"])
    tell(
        [
            notice(
                "delegate_ended",
                _subject(delegation),
                delegation.delegate_id if by_executive else delegation.executive_id,
                by=by.display_name,
                by_executive=by_executive,
                was_invited=was_invited,
                executive=delegation.executive.display_name,
            )
        ]
    )
    return delegation


def delegation_share(
    *, delegation: Delegation, share_meeting_soon: bool, share_no_meeting: bool
) -> Delegation:
    """Which reminders of the executive reach the delegate (time and place only)."""
    delegation.share_meeting_soon, delegation.share_no_meeting = (
        share_meeting_soon,
        share_no_meeting,
    )
    delegation.save(update_fields=["share_meeting_soon", "share_no_meeting"])
    return delegation


# Meetings on an executive's behalf -------------------------------------------------------------


def _executive_for(pairing: Pairing, delegate: User) -> User:
    """Whom the delegate acts for in this pairing: refused unless they are their delegate now."""
    executive = executive_in(pairing, assisted_executive_ids(delegate))
    if executive is None or pairing.status != Pairing.Status.ACTIVE:
        raise DelegationError("You are not the delegate of anyone in this pair.")
    return executive


def delegate_meeting_schedule(
    *,
    pairing: Pairing,
    delegate: User,
    starts_at: datetime.datetime,
    minutes: int,
    place: str = "",
    video_url: str = "",
) -> Meeting:
    """Schedule for the executive: the delegate is its creator, the pair is told on whose
    behalf. A delegate sets the time and the place; the agenda is the pair's."""
    return meeting_schedule(
        pairing=pairing,
        by=delegate,
        on_behalf_of=_executive_for(pairing, delegate),
        starts_at=starts_at,
        minutes=minutes,
        place=place,
        video_url=video_url,
    )


def delegate_meeting_reschedule(
    *,
    meeting: Meeting,
    delegate: User,
    starts_at: datetime.datetime,
    minutes: int,
    place: str,
    video_url: str,
) -> Meeting:
    return meeting_reschedule(
        meeting=meeting,
        by=delegate,
        on_behalf_of=_executive_for(meeting.pairing, delegate),
        starts_at=starts_at,
        minutes=minutes,
        place=place,
        video_url=video_url,
    )


def delegate_meeting_cancel(*, meeting: Meeting, delegate: User, reason: str) -> Meeting:
    return meeting_cancel(
        meeting=meeting,
        by=delegate,
        on_behalf_of=_executive_for(meeting.pairing, delegate),
        reason=reason,
    )


# The delegate's calendar feed -----------------------------------------------------------------


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def delegate_feed_for(*, user: User) -> DelegateFeed:
    return DelegateFeed.objects.get_or_create(user=user, defaults={"token": _new_token()})[0]


def delegate_feed_reset(*, user: User) -> DelegateFeed:
    """A new secret URL; the old one stops working at once (404)."""
    feed = delegate_feed_for(user=user)
    feed.token = _new_token()
    feed.save(update_fields=["token", "created_at"])
    return feed
