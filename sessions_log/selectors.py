"""Reads of pairs' work that pages, tasks and other apps share: a pair's workspace, the home
page overview, HR's health figures and the one rule of a pair at risk.

Each runs a fixed number of queries however many meetings and goals a pair has.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    Max,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from mentoring.cache import kept
from pairing.models import Pairing
from programs.models import Enrolment, Phase, Program, Role

from .models import AgendaItem, Goal, Meeting, MeetingQuerySet, PrivateNote, Rating, SessionLog


def _home_meetings_prefetch(now: datetime.datetime) -> "Prefetch[str, QuerySet[Meeting], str]":
    """The meetings the home page shows, with their agendas. Of the last log it shows the
    summary only: not its skills or ratings, which the pair page reads."""
    return Prefetch(
        "meetings",
        queryset=Meeting.objects.filter(_home_meetings(now))
        .select_related("log", "cancelled_by")
        .prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("added_by"))
        )
        .order_by("starts_at"),
    )


def _goals_prefetch(*, history: bool = True) -> "Prefetch[str, QuerySet[Goal], str]":
    """Goals with their skills and, for the pair page, their progress over time."""
    extra = ["history"] if history else []
    return Prefetch("goals", queryset=Goal.objects.prefetch_related("skills", *extra))


def _day(meeting: Meeting) -> str:
    return date_format(timezone.localtime(meeting.starts_at), "j M")


def _url(name: str, obj: Model, anchor: str = "") -> str:
    return reverse(f"sessions_log:{name}", args=[obj.pk]) + anchor


def _log_of(meeting: Meeting) -> SessionLog | None:
    return getattr(meeting, "log", None)


@dataclass
class PairView:
    """One pairing seen by one of its two people."""

    pairing: Pairing
    role: str
    other: Enrolment
    goals: list[Goal]
    upcoming: list[Meeting]  # scheduled, not over yet, soonest first
    past: list[Meeting]  # scheduled and over, latest first
    cancelled: list[Meeting] = field(default_factory=list)
    # The workspace's history: one page of past meetings, latest first, and whether older ones
    # or newer ones exist (pages are numbered from 1, the latest).
    history: list[Meeting] = field(default_factory=list)
    history_page: int = 1
    has_older: bool = False
    more_cancelled: bool = False  # older cancelled meetings than those listed exist

    @property
    def writable(self) -> bool:
        return self.pairing.is_writable

    @property
    def me(self) -> Enrolment:
        return self.pairing.mentee if self.role == Role.MENTEE else self.pairing.mentor

    @property
    def is_mentee(self) -> bool:
        return self.role == Role.MENTEE

    @property
    def next_meeting(self) -> Meeting | None:
        return self.upcoming[0] if self.upcoming else None

    @property
    def to_prepare(self) -> list[Meeting]:
        """The mentor's order: meetings with an empty agenda first, then by date."""
        return sorted(self.upcoming, key=lambda m: (bool(m.agenda.all()), m.starts_at))

    @property
    def to_log(self) -> list[Meeting]:
        return [m for m in self.past if _log_of(m) is None]

    @property
    def last_log(self) -> SessionLog | None:
        return next((m.log for m in self.past if _log_of(m) and m.log.held), None)

    @property
    def open_goals(self) -> list[Goal]:
        return [g for g in self.goals if g.status == Goal.Status.OPEN]

    @property
    def next_steps(self) -> list[tuple[str, str]]:
        """What to do next, most urgent first, as (words, link)."""
        steps = []
        if self.to_log:
            last = self.to_log[0]
            steps.append((f"Log the meeting of {_day(last)}", _url("log", last)))
        meeting = self.next_meeting
        if meeting is None and self.writable:
            steps.append(("Schedule the next meeting", _url("meeting_new", self.pairing)))
        elif meeting and self.is_mentee:
            steps.append(
                ("Add a question to the next meeting", _url("meeting", meeting, "#agenda"))
            )
        elif meeting and not meeting.agenda.all():
            text = f"Prepare the agenda of {_day(meeting)}"
            steps.append((text, _url("meeting", meeting, "#agenda")))
        if not self.goals:
            steps.append(("Agree on a first goal", _url("goal_new", self.pairing)))
        return steps


def _pair_view(pairing: Pairing, user: User) -> PairView:
    role = pairing.role_of(user) or Role.MENTOR
    now = timezone.now()
    meetings = list(pairing.meetings.all())
    scheduled = [m for m in meetings if not m.is_cancelled]
    return PairView(
        pairing=pairing,
        role=role,
        other=pairing.other(role),
        goals=list(pairing.goals.all()),
        upcoming=[m for m in scheduled if m.ends_at > now],
        past=sorted(
            (m for m in scheduled if m.ends_at <= now), key=lambda m: -m.starts_at.timestamp()
        ),
        cancelled=[m for m in meetings if m.is_cancelled],
    )


PAST_SHOWN = 10  # past meetings per page of the workspace's history
CANCELLED_SHOWN = 10  # the latest cancelled meetings the workspace lists


def _workspace_meetings(now: datetime.datetime) -> Q:
    """The meetings the workspace's top part uses: the home page's, cancelled ones left out
    (the workspace lists the latest of those apart). The history below reads its own page."""
    return Q(status=Meeting.Status.SCHEDULED) & _home_meetings(now)


def pair_view(pairing: Pairing, user: User, history_page: int = 1) -> PairView:
    """The workspace of a pairing the access helper already gave `user` (with its program and
    people), with one page of past meetings and the user's own private notes on their logs
    (`log.my_note`). A fixed number of queries, however long the pair has met."""
    now = timezone.now()
    upcoming = (
        Meeting.objects.filter(_workspace_meetings(now))
        .select_related("log")
        .prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("added_by"))
        )
        .order_by("starts_at")
    )
    prefetch_related_objects([pairing], Prefetch("meetings", queryset=upcoming), _goals_prefetch())
    pair = _pair_view(pairing, user)
    first = (history_page - 1) * PAST_SHOWN
    history = list(
        Meeting.objects.filter(pairing=pairing, status=Meeting.Status.SCHEDULED, ends_at__lte=now)
        .select_related("log")
        .prefetch_related(
            "log__skills_covered",
            Prefetch("log__ratings", queryset=Rating.objects.filter(by=user), to_attr="mine"),
        )
        .order_by("-starts_at", "-pk")[first : first + PAST_SHOWN + 1]
    )
    pair.history, pair.has_older = history[:PAST_SHOWN], len(history) > PAST_SHOWN
    pair.history_page = history_page
    # Not `pairing.meetings.filter(...)`: on the prefetch above, that filter would add to its
    # own (scheduled meetings only) and find no cancelled meeting at all.
    cancelled = list(
        Meeting.objects.filter(pairing=pairing, status=Meeting.Status.CANCELLED)
        .select_related("cancelled_by")
        .order_by("-starts_at")[: CANCELLED_SHOWN + 1]
    )
    pair.cancelled = cancelled[:CANCELLED_SHOWN]
    pair.more_cancelled = len(cancelled) > CANCELLED_SHOWN
    logs = [m.log for m in pair.history if _log_of(m)]
    notes = my_notes(user, logs)
    for log in logs:
        log.my_note = notes.get(log.pk, "")  # type: ignore[attr-defined]  # for the template
    return pair


def my_notes(user: User, logs: list[SessionLog]) -> dict[int, str]:
    """The user's own private notes on these logs, by log id: never anyone else's."""
    notes = PrivateNote.objects.by(user).filter(log__in=[log.pk for log in logs])
    return dict(notes.values_list("log_id", "text"))


def _not_logged() -> Q:
    """No log yet, as a correlated NOT EXISTS: `log__isnull=True` inside an OR joins every log
    of the company (PostgreSQL hashes 84,000 logs to keep 30 meetings)."""
    return ~Q(Exists(SessionLog.objects.filter(meeting=OuterRef("pk"))))


def _home_meetings(now: datetime.datetime) -> Q:
    """The meetings the home page uses: those to come, those still to log, and each pair's
    latest held one (its log). Not the dozens of logged meetings of a long pairing."""
    latest_held = (
        Meeting.objects.filter(
            pairing=OuterRef("pairing"), status=Meeting.Status.SCHEDULED, log__held=True
        )
        .order_by("-starts_at")
        .values("pk")[:1]
    )
    return Q(ends_at__gt=now) | _not_logged() | Q(pk=Subquery(latest_held))


def home_pairs(user: User) -> list[PairView]:
    """The published pairings on the home page: the executive's mentor, the mentor's mentees.
    A closed program's pairs are history: they stay under "Your pairs", not on the home page."""
    pairings = (
        Pairing.objects.with_user(user)
        .active()
        .exclude(program__phase=Phase.CLOSED)
        .select_related("program", "mentee__user__profile", "mentor__user__profile")
        .prefetch_related(_home_meetings_prefetch(timezone.now()), _goals_prefetch(history=False))
        .order_by("published_at", "pk")
    )
    return [_pair_view(pairing, user) for pairing in pairings]


@dataclass
class EnrolmentCard:
    """One of the person's programs on their home page, with what is true for them now."""

    enrolment: Enrolment
    ended: Pairing | None = None  # their last pairing here ended, and they have no other now

    @property
    def partner(self) -> Enrolment | None:
        return self.ended.other(self.enrolment.role) if self.ended else None


def home_enrolments(user: User) -> list[EnrolmentCard]:
    """The person's enrolments in programs not closed yet, and how their last pairings ended
    where they have no pair now: one query, two when one of them is unpaired."""
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .exclude(program__phase=Phase.CLOSED)
        .select_related("program")
        .order_by("-program__starts_on", "pk")
    )
    # The enrolments in hand: no second read of their ids.
    ended = _last_ended(user, [e.pk for e in enrolments if e.paired_count == 0])
    return [EnrolmentCard(e, ended.get(e.pk)) for e in enrolments]


def _last_ended(user: User, enrolment_ids: list[int]) -> dict[int, Pairing]:
    """The latest ended pairing of each of these enrolments of `user`, by enrolment id. With
    none asked (a person paired in each program, most people on most days) no query is built:
    Django would read nothing, but building it alone cost a millisecond."""
    if not enrolment_ids:
        return {}
    ended: dict[int, Pairing] = {}
    for pairing in (
        Pairing.objects.filter(Q(mentee__in=enrolment_ids) | Q(mentor__in=enrolment_ids))
        .filter(status=Pairing.Status.ENDED)
        .select_related("mentee__user", "mentor__user")
        .order_by("ended_at", "pk")
    ):
        mine = pairing.mentee if pairing.mentee.user_id == user.pk else pairing.mentor
        ended[mine.pk] = pairing  # the latest one wins
    return ended


def my_pairings(user: User) -> QuerySet[Pairing]:
    return (
        Pairing.objects.visible_to(user)
        .select_related("program", "mentee__user__profile", "mentor__user__profile")
        .order_by("status", "-published_at")
    )


# HR's health figures: numbers only, never content --------------------------------------------


@dataclass
class PairHealth:
    """One published pair's activity: counts, dates, progress and ratings, never content."""

    pk: int
    published_at: datetime.datetime
    scheduled: int = 0
    upcoming: int = 0
    held: int = 0
    missed: int = 0
    unlogged: int = 0
    cancelled: int = 0
    last_held: datetime.datetime | None = None
    goals_count: int = 0
    goals_achieved: int = 0
    goal_progress: float | None = None
    mentee_rating: float | None = None
    mentor_rating: float | None = None
    at_risk: list[str] = field(default_factory=list)
    pairing: Pairing | None = None  # loaded for the rows a page shows

    @property
    def mentee(self) -> Enrolment:
        assert self.pairing is not None
        return self.pairing.mentee

    @property
    def mentor(self) -> Enrolment:
        assert self.pairing is not None
        return self.pairing.mentor


LOW_RATING = 3  # an average below this on either side puts a pair on HR's list


def pair_risk(health: PairHealth, *, cadence_weeks: int, now: datetime.datetime) -> list[str]:
    """Why HR might check in on a pair; empty when nothing is wrong.

    The one definition of "at risk": the health page, HR's attention list, the weekly digest
    and the HR reminder all call it.
    """
    reasons = []
    quiet_weeks = 2 * cadence_weeks
    quiet_since = health.last_held or health.published_at
    if now - quiet_since > datetime.timedelta(weeks=quiet_weeks):
        reasons.append(f"no meeting held in {quiet_weeks} weeks")
    ratings = [r for r in (health.mentee_rating, health.mentor_rating) if r is not None]
    if ratings and min(ratings) < LOW_RATING:
        reasons.append("low ratings")
    return reasons


def _by_pairing(rows: Iterable[Mapping[str, Any]]) -> dict[int, dict[str, Any]]:
    return {row["pairing_id"]: {k: v for k, v in row.items() if k != "pairing_id"} for row in rows}


def program_health(program: Program, now: datetime.datetime | None = None) -> list[PairHealth]:
    """Every published pair of the program with its figures and risk, in five queries.

    Each figure is one grouped query over the program's meetings, goals or ratings, so the
    cost grows with the rows read once, not with a subquery per pair and figure.
    """
    now = now or timezone.now()
    pairs = program.pairings.active()
    scheduled = Q(status=Meeting.Status.SCHEDULED)
    meetings = _by_pairing(
        Meeting.objects.filter(pairing__in=pairs)
        .values("pairing_id")
        .annotate(
            scheduled=Count("pk", filter=scheduled),
            upcoming=Count("pk", filter=scheduled & Q(ends_at__gt=now)),
            held=Count("pk", filter=scheduled & Q(log__held=True)),
            missed=Count("pk", filter=scheduled & Q(log__held=False)),
            unlogged=Count("pk", filter=scheduled & Q(ends_at__lte=now, log__isnull=True)),
            cancelled=Count("pk", filter=Q(status=Meeting.Status.CANCELLED)),
            last_held=Max("starts_at", filter=scheduled & Q(log__held=True)),
        )
        .order_by()
    )
    goals = _by_pairing(
        Goal.objects.counted()
        .filter(pairing__in=pairs)
        .values("pairing_id")
        .annotate(
            goals_count=Count("pk"),
            goals_achieved=Count("pk", filter=Q(status=Goal.Status.ACHIEVED)),
            goal_progress=Avg("progress"),
        )
        .order_by()
    )
    ratings: dict[int, dict[str, Any]] = {}
    for row in (
        Rating.objects.filter(log__meeting__pairing__in=pairs, log__meeting__status="scheduled")
        .values("log__meeting__pairing_id", "role")
        .annotate(average=Avg("score"))
        .order_by()
    ):
        key = f"{row['role']}_rating"
        ratings.setdefault(row["log__meeting__pairing_id"], {})[key] = row["average"]
    rows = []
    for pk, published_at in pairs.values_list("pk", "published_at").order_by("pk"):
        health = PairHealth(
            pk=pk,
            published_at=published_at or now,  # published pairs always have it
            **meetings.get(pk, {}),
            **goals.get(pk, {}),
            **ratings.get(pk, {}),
        )
        health.at_risk = pair_risk(health, cadence_weeks=program.cadence_weeks, now=now)
        rows.append(health)
    return rows


HEALTH_SECONDS = 60


def program_health_cached(program: Program) -> tuple[list[PairHealth], datetime.datetime]:
    """The program's health rows as read at most a minute ago, and when they were read.

    At 3,000 pairs and 100,000 meetings the grouped reads take about a second, and HR pages,
    filters and sorts one list: it is read once a minute (the page says when), like the
    outcomes report. Reminders and the digest read it fresh (`program_health`). The rows are
    shared by the requests of a process (`kept`): nothing changes them.
    """
    rows, read_at = kept(f"sessions_log:health:v2:{program.pk}", HEALTH_SECONDS,
                         lambda: program_health(program))  # fmt: skip
    return rows, datetime.datetime.fromtimestamp(read_at, tz=datetime.UTC)


def _name_matches(text: str) -> Q:
    both = Q()
    for side in ("mentee__user__", "mentor__user__"):
        for name in ("first_name", "last_name", "email"):
            both |= Q(**{f"{side}{name}__icontains": text})
    return both


def health_rows(
    rows: list[PairHealth],
    program: Program,
    *,
    q: str = "",
    risk_only: bool = False,
    sort: str = "",
) -> list[PairHealth]:
    """The rows HR asked for, in their order: a subset of `rows`, the figures unchanged."""
    if risk_only:
        rows = [row for row in rows if row.at_risk]
    if q.strip():
        matching = set(
            program.pairings.active().filter(_name_matches(q.strip())).values_list("pk", flat=True)
        )
        rows = [row for row in rows if row.pk in matching]
    if sort == "name":
        names = dict(program.pairings.active().values_list("pk", "mentee__user__last_name"))
        return sorted(rows, key=lambda row: (names.get(row.pk) or "").lower())
    if sort == "quiet":
        return sorted(rows, key=lambda row: row.last_held or row.published_at)
    return sorted(rows, key=lambda row: (not row.at_risk, row.last_held or row.published_at))


def with_pairings(rows: Sequence[PairHealth]) -> list[PairHealth]:
    """The rows a page shows, each with its pair and people, read in one query: copies, as
    the rows themselves are shared by the requests that read the kept figures."""
    pairings = Pairing.objects.select_related("mentee__user", "mentor__user").in_bulk(
        [row.pk for row in rows]
    )
    return [replace(row, pairing=pairings[row.pk]) for row in rows]


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def health_totals(rows: list[PairHealth]) -> dict[str, Any]:
    """The program at a glance: sums, and averages of the pairs' averages."""
    return {
        "pairs": len(rows),
        "held": sum(r.held for r in rows),
        "missed": sum(r.missed for r in rows),
        "upcoming": sum(r.upcoming for r in rows),
        "goal_progress": _mean(r.goal_progress for r in rows),
        "mentee_rating": _mean(r.mentee_rating for r in rows),
        "mentor_rating": _mean(r.mentor_rating for r in rows),
        "at_risk": _at_risk_in(rows),
    }


def _at_risk_in(rows: Iterable[PairHealth]) -> int:
    return sum(bool(row.at_risk) for row in rows)


def at_risk_count(program: Program, now: datetime.datetime | None = None) -> int:
    """Pairs at risk now, read afresh (the weekly digest)."""
    return _at_risk_in(program_health(program, now))


def at_risk_count_cached(program: Program) -> int:
    """The count HR's pages show beside a program: from the health figures of the last minute,
    so that it agrees with the health page it links to and costs no second read."""
    rows, _ = program_health_cached(program)
    return _at_risk_in(rows)


def future_meetings(meetings: MeetingQuerySet, now: datetime.datetime | None = None) -> int:
    """How many of these meetings are planned and not started: what winding down cancels."""
    return meetings.scheduled().filter(starts_at__gt=now or timezone.now()).count()
