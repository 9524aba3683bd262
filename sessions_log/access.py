"""One access helper per resource. Only the two people of a published (or ended) pairing see
anything of it: everyone else, HR included, gets 404, as if it did not exist. Writing needs the
pairing to be running (403 once it has ended or its program has closed: `Pairing.is_writable`),
and some items only their author may change.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from pairing.models import Pairing
from pairing.selectors import with_people

from .models import AgendaItem, Goal, Meeting


def _people_of(pairing: Pairing) -> None:
    """The pair's two people with their profiles (`with_people`), or 404 when they are gone."""
    if not with_people([pairing]):
        raise Http404("This pairing no longer exists")


def _role(pairing: Pairing, user: User) -> str:
    role = pairing.role_of(user)
    if role is None:  # the querysets below already keep outsiders out
        raise Http404("Not a participant")
    return role


def _check_write(pairing: Pairing) -> None:
    if pairing.is_writable:
        return
    if pairing.status == Pairing.Status.ENDED:
        raise PermissionDenied("This pairing has ended: its history is kept, read-only.")
    raise PermissionDenied("This program has closed: the pair's history is kept, read-only.")


def get_pairing_for_user(user: User, pk: int, *, write: bool = False) -> tuple[Pairing, str]:
    """A pairing the user takes part in, and their role in it (mentee or mentor)."""
    pairing = get_object_or_404(Pairing.objects.visible_to(user).select_related("program"), pk=pk)
    _people_of(pairing)
    if write:
        _check_write(pairing)
    return pairing, _role(pairing, user)


def get_meeting_for_user(user: User, pk: int, *, write: bool = False) -> tuple[Meeting, str]:
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related("pairing__program"), pk=pk
    )
    _people_of(meeting.pairing)
    if write:
        _check_write(meeting.pairing)
    return meeting, _role(meeting.pairing, user)


def get_goal_for_user(user: User, pk: int, *, write: bool = False) -> tuple[Goal, str]:
    goal = get_object_or_404(
        Goal.objects.filter(pairing__in=Pairing.objects.visible_to(user)).select_related(
            "pairing__program"
        ),
        pk=pk,
    )
    _people_of(goal.pairing)
    if write:
        _check_write(goal.pairing)
    return goal, _role(goal.pairing, user)


def get_agenda_item_for_user(
    user: User, pk: int, *, write: bool = False, author_only: bool = False
) -> tuple[AgendaItem, str]:
    """An agenda item; with author_only, only the person who added it may go on (else 403)."""
    item = get_object_or_404(
        AgendaItem.objects.filter(meeting__in=Meeting.objects.visible_to(user)).select_related(
            "meeting__pairing__program"
        ),
        pk=pk,
    )
    _people_of(item.meeting.pairing)
    if write:
        _check_write(item.meeting.pairing)
    if author_only and item.added_by_id != user.pk:
        raise PermissionDenied("Only the person who added this item can change it.")
    return item, _role(item.meeting.pairing, user)
