"""Writes for a pair's workspace: meetings, agendas, goals, session logs and calendar feeds.

Shared text (a session log's summary, a goal) carries a version number. A save names the
version it started from and a fingerprint of what it saw; if someone else saved in between and
this save changes the shared part too, nothing is saved and `EditConflict` carries their text,
so that the view can show both and the person merges them: nothing is silently overwritten.
"""

import datetime
import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, get_args

from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from accounts.models import Skill, User
from audit.models import Action
from audit.services import record
from mentoring import outbox
from mentoring.notices import notice, tell
from pairing.models import Pairing
from programs.models import Phase, Program, Role
from programs.services import program_move_phase

from .models import (
    AgendaItem,
    CalendarFeed,
    Goal,
    GoalProgress,
    Meeting,
    MeetingQuerySet,
    PrivateNote,
    Rating,
    SessionLog,
    TopicTemplate,
)


class SessionsError(Exception):
    """A rule refused the change; the message is for the person who tried."""


class EditConflict(Exception):
    """Someone else saved first. Nothing was saved; the attributes hold what they saved."""


@dataclass
class LogConflict(EditConflict):
    log: SessionLog | None = None  # set when the shared part of the log changed meanwhile
    goals: list[Goal] = field(default_factory=list)  # goals whose progress changed meanwhile


@dataclass
class GoalConflict(EditConflict):
    goal: Goal


def fingerprint(*values: object) -> str:
    """A short digest of what someone saw, to tell later whether they changed it."""
    normal = [v.replace("\r\n", "\n").strip() if isinstance(v, str) else v for v in values]
    return hashlib.sha256(json.dumps(normal, default=str).encode()).hexdigest()[:20]


def _clean_text(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


# Meetings -------------------------------------------------------------------------------------


def _acting_role(pairing: Pairing, by: User, on_behalf_of: User | None) -> str:
    """The role of the person in whose name a meeting changes: `by`, or whom `by` acts for.

    Whether `by` may act for `on_behalf_of` (an accepted delegate) is the caller's rule, in
    the app that knows delegates; here the pair's side of it: the person acted for is in it.
    """
    role = pairing.role_of(on_behalf_of or by)
    if role is None:
        raise SessionsError("Only the two people of a pair change its meetings.")
    return role


def _notify(meeting: Meeting, by: User, change: str, on_behalf_of: User | None = None) -> None:
    """Tell the other person, once this change has committed (the outbox row goes with it).

    A change made on someone's behalf (their delegate) is told to the other person, saying who
    made it for whom, and to the person it was made for, who did not make it themselves.
    """
    role = _acting_role(meeting.pairing, by, on_behalf_of)
    recipients = [meeting.pairing.other(role).user_id]
    if on_behalf_of is not None:
        recipients.append(on_behalf_of.pk)
    for recipient in recipients:
        outbox.enqueue(
            "sessions_log.tasks.send_meeting_notice",
            meeting_id=meeting.pk,
            recipient_id=recipient,
            change=change,
            **({"by_id": by.pk, "on_behalf_of_id": on_behalf_of.pk} if on_behalf_of else {}),
        )


def _check_open(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise SessionsError("This meeting is cancelled.")


@transaction.atomic
def meeting_schedule(
    *,
    pairing: Pairing,
    by: User,
    starts_at: datetime.datetime,
    minutes: int,
    place: str = "",
    video_url: str = "",
    topic: TopicTemplate | None = None,
    notify: bool = True,
    on_behalf_of: User | None = None,
) -> Meeting:
    """Schedule a meeting. With `on_behalf_of`, `by` is that person's delegate: the meeting's
    `created_by` is the delegate, and the notices say who scheduled it for whom."""
    if not pairing.is_writable:
        raise SessionsError("Meetings are scheduled while the pairing runs.")
    _acting_role(pairing, by, on_behalf_of)
    if on_behalf_of is not None and topic is not None:
        raise SessionsError("A delegate sets the time and the place; the agenda is the pair's.")
    meeting = Meeting.objects.create(
        pairing=pairing,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        place=place.strip(),
        video_url=video_url.strip(),
        topic=topic,
        created_by=by,
    )
    if topic is not None:
        agenda_apply_topic(meeting=meeting, topic=topic, by=by)
    if notify:
        _notify(meeting, by, "scheduled", on_behalf_of)
    return meeting


@transaction.atomic
def meeting_reschedule(
    *,
    meeting: Meeting,
    by: User,
    starts_at: datetime.datetime,
    minutes: int,
    place: str,
    video_url: str,
    notify: bool = True,
    on_behalf_of: User | None = None,
) -> Meeting:
    """Move a meeting; the UID stays, SEQUENCE grows, so calendars update the same entry."""
    meeting = Meeting.objects.select_for_update().select_related("pairing").get(pk=meeting.pk)
    _check_open(meeting)
    _acting_role(meeting.pairing, by, on_behalf_of)
    if SessionLog.objects.filter(meeting=meeting).exists():
        raise SessionsError("This meeting is logged already; schedule a new one instead.")
    meeting.starts_at = starts_at
    meeting.ends_at = starts_at + datetime.timedelta(minutes=minutes)
    meeting.place, meeting.video_url = place.strip(), video_url.strip()
    meeting.sequence += 1
    meeting.save()
    # Reminders made for the old time are dropped when they come up for delivery (the
    # reminders check that a meeting still is as they knew it); the sweep makes new ones.
    if notify:
        _notify(meeting, by, "moved", on_behalf_of)
    return meeting


@transaction.atomic
def meeting_cancel(
    *,
    meeting: Meeting,
    by: User,
    reason: str,
    notify: bool = True,
    on_behalf_of: User | None = None,
) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("pairing").get(pk=meeting.pk)
    _check_open(meeting)
    _acting_role(meeting.pairing, by, on_behalf_of)
    if SessionLog.objects.filter(meeting=meeting).exists():
        raise SessionsError("This meeting is logged already: it cannot be cancelled.")
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancel_reason = reason.strip()
    meeting.cancelled_by = by
    meeting.sequence += 1
    meeting.save()
    if notify:
        _notify(meeting, by, "cancelled", on_behalf_of)
    return meeting


Direction = Literal["up", "down"]
DIRECTIONS = get_args(Direction)


# Agenda ---------------------------------------------------------------------------------------


def _locked_meeting(meeting: Meeting) -> Meeting:
    """Lock the meeting row: agenda positions change one writer at a time."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, by: User, title: str, details: str = "", url: str = ""
) -> AgendaItem:
    _check_open(_locked_meeting(meeting))
    last = meeting.agenda.aggregate(last=Max("position"))["last"]
    return AgendaItem.objects.create(
        meeting=meeting,
        title=title.strip(),
        details=_clean_text(details),
        url=url.strip(),
        added_by=by,
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def agenda_apply_topic(*, meeting: Meeting, topic: TopicTemplate, by: User) -> int:
    """Add a topic's items at the end of the agenda; returns how many were added.

    A topic already on the agenda (every one of its items there, by title) is refused: adding
    it twice would only repeat the items.
    """
    _check_open(_locked_meeting(meeting))
    on_agenda = {title.casefold() for title in meeting.agenda.values_list("title", flat=True)}
    if topic.items and all(item["title"].strip().casefold() in on_agenda for item in topic.items):
        raise SessionsError(f"“{topic}” is already on this meeting's agenda.")
    for item in topic.items:
        agenda_item_add(
            meeting=meeting,
            by=by,
            title=item["title"],
            details=item.get("details", ""),
            url=item.get("url", ""),
        )
    if meeting.topic_id is None:
        Meeting.objects.filter(pk=meeting.pk).update(topic=topic)
    return len(topic.items)


def agenda_item_update(*, item: AgendaItem, title: str, details: str, url: str) -> AgendaItem:
    item.title, item.details, item.url = title.strip(), _clean_text(details), url.strip()
    item.save(update_fields=["title", "details", "url"])
    return item


def agenda_item_delete(*, item: AgendaItem) -> None:
    item.delete()


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: Direction) -> None:
    """Swap the item with its neighbour; positions are renumbered 0..n-1 as they go."""
    _locked_meeting(item.meeting)
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, each in enumerate(items):
        each.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


def agenda_item_tick(*, item: AgendaItem, done: bool) -> None:
    AgendaItem.objects.filter(pk=item.pk).update(done=done)


# Goals ----------------------------------------------------------------------------------------


def goal_fingerprint(goal: Goal) -> str:
    skills = sorted(s.pk for s in goal.skills.all())
    return fingerprint(
        goal.direction,
        goal.title,
        goal.success,
        goal.target_date,
        skills,
        goal.progress,
        goal.status,
    )


def _record_progress(goal: Goal, by: User, meeting: Meeting | None = None) -> None:
    GoalProgress.objects.create(
        goal=goal, progress=goal.progress, status=goal.status, by=by, meeting=meeting
    )


@transaction.atomic
def goal_create(
    *,
    pairing: Pairing,
    by: User,
    title: str,
    direction: str = Goal.Direction.MENTEE_LEARNS,
    success: str = "",
    target_date: datetime.date | None = None,
    skills: Iterable[Skill] = (),
    progress: int = 0,
    status: str = Goal.Status.OPEN,
) -> Goal:
    if not pairing.is_writable:
        raise SessionsError("Goals are set while the pairing runs.")
    goal = Goal.objects.create(
        pairing=pairing,
        direction=direction,
        title=title.strip(),
        success=_clean_text(success),
        target_date=target_date,
        progress=progress,
        status=status,
        created_by=by,
        updated_by=by,
    )
    goal.skills.set(skills)
    _record_progress(goal, by)
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    by: User,
    version: int,
    base: str,
    title: str,
    direction: str,
    success: str,
    target_date: datetime.date | None,
    skills: Iterable[Skill],
    progress: int,
    status: str,
) -> Goal:
    """Save a goal edited from `version`; `base` is the fingerprint of what the editor saw."""
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    skills = list(skills)
    mine = fingerprint(
        direction,
        title,
        success,
        target_date,
        sorted(s.pk for s in skills),
        progress,
        status,
    )
    if mine == base:
        return goal  # they changed nothing: keep whatever is there now
    if goal.version != version:
        raise GoalConflict(goal=goal)
    moved = (goal.progress, goal.status) != (progress, status)
    goal.title, goal.direction, goal.success = title.strip(), direction, _clean_text(success)
    goal.target_date, goal.progress, goal.status = target_date, progress, status
    goal.version, goal.updated_by = goal.version + 1, by
    goal.save()
    goal.skills.set(skills)
    if moved:
        _record_progress(goal, by)
    return goal


# Session logs ---------------------------------------------------------------------------------


def log_fingerprint(log: SessionLog | None) -> str:
    """What the shared part of a log looked like (a new log: held, no summary, no skills)."""
    if log is None:
        return fingerprint(True, "", [])
    return fingerprint(log.held, log.summary, sorted(s.pk for s in log.skills_covered.all()))


@dataclass(frozen=True)
class ProgressChange:
    was: int  # the progress the person saw when the form opened
    now: int  # the progress they entered


@transaction.atomic
def session_log_save(
    *,
    meeting: Meeting,
    by: User,
    version: int,
    base: str,
    held: bool,
    summary: str,
    skills: Iterable[Skill] = (),
    rating: int | None = None,
    private_note: str = "",
    progress: dict[int, ProgressChange] | None = None,
) -> SessionLog:
    """Log a meeting, or add to the other person's log, all or nothing.

    `version` and `base` say which log the form showed (0 and the new-log fingerprint for a
    form that showed none). Rating and private note are the person's own and never conflict;
    a conflict on the shared part or on a goal's progress saves nothing at all.
    """
    meeting = _locked_meeting(meeting)  # one writer per meeting: nobody creates the log twice
    _check_open(meeting)
    if meeting.starts_at > timezone.now():
        raise SessionsError("A meeting can be logged once it has started.")
    role = meeting.pairing.role_of(by)
    if role is None:
        raise SessionsError("Only the two people of a pair log its meetings.")
    summary, skill_ids = _clean_text(summary), sorted(s.pk for s in skills)
    log = SessionLog.objects.select_for_update().filter(meeting=meeting).first()
    shared_changed = log is None or fingerprint(held, summary, skill_ids) != base
    goals = _goals_to_move(meeting, progress or {})
    stale_log = log is not None and shared_changed and log.version != version
    stale_goals = [goal for goal, change in goals if goal.progress != change.was]
    if stale_log or stale_goals:
        raise LogConflict(log=log if stale_log else None, goals=stale_goals)

    if log is None:
        log = SessionLog(meeting=meeting, logged_by=by, version=0)
    if shared_changed:
        log.held, log.summary, log.updated_by = held, summary, by
        log.version += 1
        log.save()
        log.skills_covered.set(skill_ids)
    for goal, change in goals:
        _move_goal(goal, change.now, by, meeting)
    if rating is not None:
        Rating.objects.update_or_create(log=log, by=by, defaults={"score": rating, "role": role})
    _save_private_note(log, by, private_note)
    return log


def _goals_to_move(
    meeting: Meeting, changes: dict[int, ProgressChange]
) -> list[tuple[Goal, ProgressChange]]:
    wanted = {pk: change for pk, change in changes.items() if change.now != change.was}
    goals = Goal.objects.select_for_update().filter(pairing=meeting.pairing_id, pk__in=wanted)
    return [(goal, wanted[goal.pk]) for goal in goals.order_by("pk")]


def _move_goal(goal: Goal, progress: int, by: User, meeting: Meeting) -> None:
    goal.progress = progress
    if progress == 100 and goal.status == Goal.Status.OPEN:
        goal.status = Goal.Status.ACHIEVED
    goal.version, goal.updated_by = goal.version + 1, by
    goal.save(update_fields=["progress", "status", "version", "updated_by", "updated_at"])
    _record_progress(goal, by, meeting)


def _save_private_note(log: SessionLog, author: User, text: str) -> None:
    text = _clean_text(text)
    if text:
        PrivateNote.objects.update_or_create(log=log, author=author, defaults={"text": text})
    else:
        PrivateNote.objects.by(author).filter(log=log).delete()


# Calendar feeds -------------------------------------------------------------------------------


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def calendar_feed_for(*, user: User) -> CalendarFeed:
    # get_or_create copes with two first visits at once (it retries the get).
    return CalendarFeed.objects.get_or_create(user=user, defaults={"token": _new_token()})[0]


def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new secret URL; the old one stops working at once (404)."""
    feed = calendar_feed_for(user=user)
    feed.token = _new_token()
    feed.save(update_fields=["token", "created_at"])
    return feed


# Winding down: a pairing that ends, a program that closes ---------------------------------------

PAIRING_ENDED = "The pairing has ended."
PROGRAM_CLOSED = "The program has closed."


def _cancel_future(
    meetings: MeetingQuerySet, *, reason: str, by: User | None, now: datetime.datetime
) -> dict[int, int]:
    """Cancel the meetings that have not started, without a notice per meeting; returns how
    many per pairing. SEQUENCE grows, so calendars that have them drop them."""
    meetings.scheduled().filter(starts_at__gt=now).update(
        status=Meeting.Status.CANCELLED,
        cancel_reason=reason,
        cancelled_by=by,
        sequence=F("sequence") + 1,
        updated_at=now,
    )
    # Counted by what this update wrote, not before it: a meeting scheduled meanwhile is not
    # counted without being cancelled.
    cancelled = meetings.filter(
        status=Meeting.Status.CANCELLED, cancel_reason=reason, updated_at=now
    )
    rows = cancelled.values("pairing_id").annotate(n=Count("pk")).order_by()
    return {row["pairing_id"]: row["n"] for row in rows}


@transaction.atomic
def pairing_wind_down(*, pairing: Pairing) -> int:
    """After `pairing.services.pairing_end`: cancel the ended pairing's future meetings and
    tell both people what happens (with HR's reason). Running it again changes nothing and
    tells nobody twice. Returns the number of meetings cancelled."""
    now = timezone.now()
    cancelled = _cancel_future(
        pairing.meetings.all(), reason=PAIRING_ENDED, by=pairing.ended_by, now=now
    ).get(pairing.pk, 0)
    tell(
        notice(
            "pairing_ended",
            f"pairing:{pairing.pk}",
            me.user_id,
            program=pairing.program.name,
            pairing_id=pairing.pk,
            role=role,
            partner=pairing.other(role).user.display_name,
            reason=pairing.end_reason,
            cancelled=cancelled,
        )
        for role, me in [(Role.MENTEE, pairing.mentee), (Role.MENTOR, pairing.mentor)]
        if me.user.is_active  # someone who left the company is not written to
    )
    return cancelled


@dataclass(frozen=True)
class Closing:
    cancelled: int  # future meetings cancelled
    told: int  # people told


@transaction.atomic
def program_close(*, program: Program, by: User) -> Closing:
    """Wind the program down: move it to Closed (its pairs become read-only, nobody can
    schedule in it), cancel its future meetings without a notice per meeting (calendar feeds
    drop them), and tell everyone enrolled, once, with what happens to their meetings."""
    program = program_move_phase(program=program, to=Phase.CLOSED, by=by)
    per_pairing = _cancel_future(
        Meeting.objects.filter(pairing__program=program),
        reason=PROGRAM_CLOSED,
        by=by,
        now=timezone.now(),
    )
    cancelled: dict[int, int] = {}
    for pk, *people in program.pairings.active().values_list("pk", "mentee__user", "mentor__user"):
        for user_id in people:
            cancelled[user_id] = cancelled.get(user_id, 0) + per_pairing.get(pk, 0)
    enrolled = (
        program.enrolments.active().filter(user__is_active=True).values_list("user_id", flat=True)
    )
    told = tell(
        notice(
            "program_closed",
            f"program:{program.pk}",
            user_id,
            program=program.name,
            program_id=program.pk,
            cancelled=cancelled.get(user_id, 0),
            paired=user_id in cancelled,
        )
        for user_id in enrolled.order_by("pk")
    )
    closing = Closing(cancelled=sum(per_pairing.values()), told=told)
    record(
        actor=by,
        action=Action.PROGRAM_CLOSED,
        obj=program,
        program=program,
        details={"meetings cancelled": closing.cancelled, "people told": closing.told},
    )
    return closing
