"""What a delegate sees: the executives they assist, their pairs by name, and the meetings'
time, length, place and video link. Every read here loads `MEETING_FIELDS` of a meeting and
nothing else, and a fixed number of queries whatever the number of pairs and meetings.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from pairing.models import Pairing
from programs.models import Enrolment
from sessions_log.models import Meeting

from .models import MEETING_FIELDS, Delegation

PAIRING_RELATED = ("program", "mentee__user__profile", "mentor__user__profile")
PAST_SHOWN = 10
RECENT_DAYS = 90  # how far back a delegate's pages and feed go


def assisted_pairings(delegate: User) -> QuerySet[Pairing]:
    """The running pairings of the executives `delegate` looks after now.

    The executives' enrolments are read first, as a list: an OR of two subqueries leaves the
    database guessing how many pairs match, and it then reads whole tables (60 ms at 3,000
    pairs instead of 2)."""
    executives = Delegation.objects.assisting(delegate).values("executive")
    theirs = list(Enrolment.objects.filter(user__in=executives).values_list("pk", flat=True))
    return Pairing.objects.active().filter(Q(mentee__in=theirs) | Q(mentor__in=theirs))


def assisted_meetings(delegate: User, now: datetime.datetime | None = None) -> list[Meeting]:
    """The meetings of those pairings for the delegate's calendar feed: the coming ones and
    those of the last RECENT_DAYS (cancelled ones too, so that calendars drop them)."""
    since = (now or timezone.now()) - datetime.timedelta(days=RECENT_DAYS)
    pairings = assisted_pairings(delegate).select_related(*PAIRING_RELATED).in_bulk()
    meetings = list(
        Meeting.objects.filter(pairing__in=list(pairings), ends_at__gt=since)
        .only(*MEETING_FIELDS)
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        meeting.pairing = pairings[meeting.pairing_id]
    return meetings


def executive_in(pairing: Pairing, executive_ids: Iterable[int]) -> User | None:
    """Which of the pair the delegate acts for: the executive (mentee) side first."""
    ids = set(executive_ids)
    for person in (pairing.mentee.user, pairing.mentor.user):
        if person.pk in ids:
            return person
    return None


def assisted_executive_ids(delegate: User) -> list[int]:
    return list(Delegation.objects.assisting(delegate).values_list("executive_id", flat=True))


@dataclass
class AssistedPair:
    """One pairing as a delegate sees it: who, and when and where they meet."""

    pairing: Pairing
    executive: User
    upcoming: list[Meeting] = field(default_factory=list)
    past: list[Meeting] = field(default_factory=list)

    @property
    def partner(self) -> User:
        return self.pairing.partner_of(self.executive).user

    @property
    def executive_enrolment(self) -> Enrolment:
        """For the time in the executive's own zone beside the delegate's."""
        return self.pairing.partner_of(self.partner)


def _meetings_of(pairings: list[Pairing], now: datetime.datetime) -> QuerySet[Meeting]:
    return (
        Meeting.objects.scheduled()
        .filter(pairing__in=pairings, ends_at__gt=now - datetime.timedelta(days=RECENT_DAYS))
        .only(*MEETING_FIELDS)
        .order_by("starts_at")
    )


def assisted_pairs(
    delegate: User, *, pairing: Pairing | None = None, now: datetime.datetime | None = None
) -> list[AssistedPair]:
    """The delegate's overview (or one pairing's page): three queries in all."""
    now = now or timezone.now()
    executive_ids = assisted_executive_ids(delegate)
    pairings = assisted_pairings(delegate).select_related(*PAIRING_RELATED).order_by("pk")
    if pairing is not None:
        pairings = pairings.filter(pk=pairing.pk)
    pairs: dict[int, AssistedPair] = {}
    for each in pairings:
        executive = executive_in(each, executive_ids)
        if executive is not None:
            pairs[each.pk] = AssistedPair(each, executive)
    if not pairs:
        return []
    for meeting in _meetings_of([pair.pairing for pair in pairs.values()], now):
        pair = pairs[meeting.pairing_id]
        (pair.upcoming if meeting.ends_at > now else pair.past).append(meeting)
    for pair in pairs.values():
        pair.past = pair.past[::-1][:PAST_SHOWN]
    return sorted(pairs.values(), key=lambda p: (p.executive.display_name, p.pairing.pk))


def delegations_of(executive: User) -> QuerySet[Delegation]:
    """The executive's delegates, invited or accepted, for their own page."""
    return Delegation.objects.open().filter(executive=executive).select_related("delegate")


def invitations_for(delegate: User) -> QuerySet[Delegation]:
    return Delegation.objects.filter(
        delegate=delegate, status=Delegation.Status.INVITED
    ).select_related("executive")


def assisting(delegate: User) -> QuerySet[Delegation]:
    return Delegation.objects.assisting(delegate).select_related("executive")


@dataclass
class HomeDelegations:
    """The home page's word on delegates, from one query."""

    mine: list[Delegation]  # my delegates, invited or accepted
    assisting: list[Delegation]  # the executives I look after
    invitations: list[Delegation]  # who asks me to look after them


def home_delegations(user: User) -> HomeDelegations:
    rows = (
        Delegation.objects.open()
        .filter(Q(executive=user) | Q(delegate=user))
        .select_related("executive", "delegate")
    )
    home = HomeDelegations([], [], [])
    for row in rows:
        if row.executive_id == user.pk:
            home.mine.append(row)
        elif row.status == Delegation.Status.ACCEPTED:
            home.assisting.append(row)
        else:
            home.invitations.append(row)
    return home


def hr_delegations() -> QuerySet[Delegation]:
    """For HR: who has a delegate, and who it is. Nothing of what a delegate does."""
    return (
        Delegation.objects.accepted()
        .select_related("executive", "delegate")
        .only(
            "pk",
            "answered_at",
            "executive__first_name",
            "executive__last_name",
            "executive__email",
            "delegate__first_name",
            "delegate__last_name",
            "delegate__email",
        )
        .order_by("executive__last_name", "executive__first_name", "pk")
    )
