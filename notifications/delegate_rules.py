"""Reminders that reach an executive's delegate: the ones the executive chose to share.

A delegate hears of time and place only (never the agenda), and the link leads to their own
pages, never to the pair's. Each rule reads the database with a fixed number of queries.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from delegates.models import Delegation
from programs.models import Phase, Program

from .meeting_rules import HOUR, _meetings, _silent_pairs
from .models import Reminder
from .services import Due

SHARED = {"assist_meeting_soon": "share_meeting_soon", "assist_no_meeting": "share_no_meeting"}


def _sharing(flag: str) -> dict[int, list[int]]:
    """Executives who share this kind of reminder, and the delegates they share it with."""
    sharing: dict[int, list[int]] = {}
    accepted = Delegation.objects.accepted().filter(delegate__is_active=True, **{flag: True})
    for executive, delegate in accepted.values_list("executive_id", "delegate_id"):
        sharing.setdefault(executive, []).append(delegate)
    return sharing


def _name(first: str, last: str, email: str) -> str:
    return f"{first} {last}".strip() or email


def _pair_link(pairing_id: int, meeting_id: int | None = None) -> str:
    link = reverse("delegates:pair", kwargs={"pk": pairing_id})
    return link + (f"#meeting-{meeting_id}" if meeting_id else "")


PEOPLE_FIELDS = ("first_name", "last_name", "email")
PEOPLE = [
    f"pairing__{side}__user__{field}"
    for side in ("mentee", "mentor")
    for field in ("id", *PEOPLE_FIELDS)
]


def assist_meeting_soon(now: datetime.datetime) -> Iterable[Due]:
    """Delegates, as long before a meeting as the executive is reminded: when and where."""
    sharing = _sharing(SHARED["assist_meeting_soon"])
    if not sharing:
        return
    theirs = Q(pairing__mentee__user__in=list(sharing)) | Q(pairing__mentor__user__in=list(sharing))
    for program_id, hours in Program.objects.filter(phase=Phase.RUNNING).values_list(
        "pk", "reminder_hours_before"
    ):
        soon = _meetings(now).filter(
            theirs,
            pairing__program_id=program_id,
            starts_at__gt=now,
            starts_at__lte=now + hours * HOUR,
        )
        for m in soon.values("pk", "starts_at", "place", "pairing_id", *PEOPLE):
            yield from _meeting_dues(m, sharing)


def _meeting_dues(m: dict, sharing: dict[int, list[int]]) -> Iterable[Due]:
    sides = [
        (m[f"pairing__{side}__user__id"], _person(m, side), _person(m, other))
        for side, other in (("mentee", "mentor"), ("mentor", "mentee"))
    ]
    for executive_id, executive, partner in sides:
        where = f" ({m['place']})" if m["place"] else ""
        context = {
            "title": f"{executive}'s mentoring meeting is coming",
            "body": f"{executive} meets {partner} on {{at}}{where}.",
            "at": m["starts_at"].isoformat(),
            "link": _pair_link(m["pairing_id"], m["pk"]),
            "executive_id": executive_id,
        }
        for delegate_id in sharing.get(executive_id, []):
            occurrence = m["starts_at"].isoformat()
            yield Due("assist_meeting_soon", f"meeting:{m['pk']}", delegate_id, occurrence, context)


def _person(m: dict, side: str) -> str:
    return _name(*(m[f"pairing__{side}__user__{field}"] for field in PEOPLE_FIELDS))


def assist_no_meeting(now: datetime.datetime) -> Iterable[Due]:
    """Delegates, once per period of the rhythm without a meeting: they may schedule one."""
    sharing = _sharing(SHARED["assist_no_meeting"])
    if not sharing:
        return
    sides = ("mentee__user", "mentor__user")
    theirs = Q(mentee__user__in=list(sharing)) | Q(mentor__user__in=list(sharing))
    silent = _silent_pairs(now, among=theirs)
    ids = {p[side] for p in silent for side in sides}
    names = {u.pk: u.display_name for u in User.objects.filter(pk__in=ids).only(*PEOPLE_FIELDS)}
    for p in silent:
        occurrence = f"{p['since']:%Y%m%d%H%M}/{p['periods']}"
        for me, other in (("mentee__user", "mentor__user"), ("mentor__user", "mentee__user")):
            executive, partner = names[p[me]], names[p[other]]
            context = {
                "title": f"No meeting planned for {executive}",
                "body": f"{executive} and {partner} have no meeting planned: you can schedule "
                f"one on {executive}'s behalf.",
                "link": _pair_link(p["pk"]),
                "executive_id": p[me],
            }
            subject = f"pairing:{p['pk']}"
            for delegate_id in sharing.get(p[me], []):
                yield Due("assist_no_meeting", subject, delegate_id, occurrence, context)


def still_shared(reminder: Reminder) -> bool:
    """A delegate's reminder goes out only while they are the delegate and it is shared."""
    flag = SHARED.get(reminder.kind)
    if flag is None:
        return True
    return (
        Delegation.objects.accepted()
        .filter(
            executive_id=reminder.context.get("executive_id"),
            delegate_id=reminder.recipient_id,
            **{flag: True},
        )
        .exists()
    )


def invitation_still_open(reminder: Reminder) -> bool:
    """An invitation withdrawn before its notice went out is not sent."""
    if reminder.kind != "delegate_invited":
        return True
    pk = reminder.context.get("delegation_id")
    return Delegation.objects.filter(pk=pk, status=Delegation.Status.INVITED).exists()
