"""One access helper per resource of the delegates' pages.

A delegate reaches a pairing or a meeting here only while they are the accepted delegate of
one of its two people and the pairing runs; anyone else gets 404, as if it did not exist. The
pair's own pages (sessions_log/access.py) know nothing of delegates: there, a delegate is an
outsider and gets 404 like anyone else.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from pairing.models import Pairing
from sessions_log.models import Meeting

from .models import MEETING_FIELDS, Delegation
from .selectors import PAIRING_RELATED, assisted_executive_ids, assisted_pairings, executive_in


def get_pairing_for_delegate(user: User, pk: int) -> tuple[Pairing, User]:
    """A running pairing of an executive `user` assists, and that executive."""
    pairing = get_object_or_404(
        assisted_pairings(user).select_related(*PAIRING_RELATED, "mentee__user__profile"), pk=pk
    )
    executive = executive_in(pairing, assisted_executive_ids(user))
    if executive is None:  # the delegation ended between the two queries
        raise Http404("Not a delegate of this pair")
    return pairing, executive


def get_meeting_for_delegate(user: User, pk: int) -> tuple[Meeting, User]:
    """A meeting of such a pairing (its time and place only), and the executive."""
    meeting = get_object_or_404(
        Meeting.objects.filter(pairing__in=assisted_pairings(user)).only(*MEETING_FIELDS), pk=pk
    )
    meeting.pairing, executive = get_pairing_for_delegate(user, meeting.pairing_id)
    return meeting, executive


def get_invitation_for_delegate(user: User, pk: int) -> Delegation:
    """An invitation to be someone's delegate, for the person invited and nobody else."""
    return get_object_or_404(
        Delegation.objects.select_related("executive"),
        pk=pk,
        delegate=user,
        status=Delegation.Status.INVITED,
    )


def get_delegation_for_member(user: User, pk: int, *, executive_only: bool = False) -> Delegation:
    """An open delegation, for its executive or its delegate (either may end it); with
    `executive_only`, the delegate gets 403 (what is shared is the executive's choice)."""
    delegation = get_object_or_404(
        Delegation.objects.open().select_related("executive", "delegate"), pk=pk
    )
    if user.pk not in (delegation.executive_id, delegation.delegate_id):
        raise Http404("Not your delegation")
    if executive_only and user.pk != delegation.executive_id:
        raise PermissionDenied("Only the executive chooses what their delegate receives.")
    return delegation
