"""The reminders that keep pairs meeting: about meetings, agendas, logs and silence.

Each rule reads the database with a fixed number of queries, whatever the number of
meetings: one per running program, or one in all.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse

from accounts.models import User
from pairing.models import Pairing
from programs.models import Phase, Program
from sessions_log.models import AgendaItem, Meeting, SessionLog
from sessions_log.selectors import at_risk_count, program_health

from .models import Reminder
from .services import Due

AGENDA_DAYS = 2
LOG_AGAIN_DAYS = 3
LOG_LOOKBACK_DAYS = 14  # older meetings without a log are HR's business, not a reminder's
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def _meetings(now: datetime.datetime):
    return Meeting.objects.scheduled().filter(
        pairing__status=Pairing.Status.ACTIVE, pairing__program__phase=Phase.RUNNING
    )


def _context(meeting: dict, title: str, body: str) -> dict:
    return {
        "title": title,
        "body": body,
        "at": meeting["starts_at"].isoformat(),
        "link": reverse("sessions_log:meeting", kwargs={"pk": meeting["pk"]}),
    }


MEETING_FIELDS = ["pk", "starts_at", "pairing__mentee__user", "pairing__mentor__user"]


def meeting_soon(now: datetime.datetime) -> Iterable[Due]:
    """Both people, the program's number of hours before (24 by default)."""
    for program_id, hours in Program.objects.filter(phase=Phase.RUNNING).values_list(
        "pk", "reminder_hours_before"
    ):
        soon = _meetings(now).filter(
            pairing__program_id=program_id, starts_at__gt=now, starts_at__lte=now + hours * HOUR
        )
        for m in soon.values(*MEETING_FIELDS):
            context = _context(
                m, "Your meeting is coming", "You meet on {at}. The agenda is on your home page."
            )
            for user_id in (m["pairing__mentee__user"], m["pairing__mentor__user"]):
                # The time is part of the key: a rescheduled meeting is reminded again.
                yield Due(
                    "meeting_soon",
                    f"meeting:{m['pk']}",
                    user_id,
                    m["starts_at"].isoformat(),
                    context,
                )


def agenda_empty(now: datetime.datetime) -> Iterable[Due]:
    """The mentor, two days before a meeting whose agenda has nothing on it."""
    empty = (
        _meetings(now)
        .filter(starts_at__gt=now, starts_at__lte=now + AGENDA_DAYS * DAY)
        .exclude(Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"))))
    )
    for m in empty.values(*MEETING_FIELDS):
        context = _context(
            m,
            "Prepare the agenda",
            "Your meeting on {at} has no agenda yet: add two or three topics.",
        )
        yield Due(
            "agenda_empty",
            f"meeting:{m['pk']}",
            m["pairing__mentor__user"],
            m["starts_at"].isoformat(),
            context,
        )


def log_session(now: datetime.datetime) -> Iterable[Due]:
    """Both people, when a meeting ended without a log; once more three days later."""
    unlogged = (
        _meetings(now)
        .filter(ends_at__lte=now, ends_at__gt=now - LOG_LOOKBACK_DAYS * DAY)
        .exclude(Exists(SessionLog.objects.filter(meeting=OuterRef("pk"))))
    )
    for m in unlogged.values(*MEETING_FIELDS, "ends_at"):
        occurrence = "2" if m["ends_at"] <= now - LOG_AGAIN_DAYS * DAY else "1"
        context = _context(
            m,
            "How did your meeting go?",
            "Log your meeting of {at}: held or missed, a summary, a rating.",
        )
        for user_id in (m["pairing__mentee__user"], m["pairing__mentor__user"]):
            yield Due("log_session", f"meeting:{m['pk']}", user_id, occurrence, context)


def _silent_pairs(now: datetime.datetime, among: Q | None = None) -> list[dict]:
    """Active pairs with no meeting ahead, and how many of their rhythm's periods went by;
    `among` narrows the pairs looked at (the pairs of executives who have a delegate)."""
    pairings = (
        Pairing.objects.active()
        .filter(among or Q(), program__phase=Phase.RUNNING)
        .annotate(
            last_meeting=Max("meetings__starts_at", filter=Q(meetings__status="scheduled")),
            has_next=Exists(
                Meeting.objects.scheduled().filter(pairing=OuterRef("pk"), ends_at__gt=now)
            ),
        )
        .filter(has_next=False)
        .values(
            "pk", "published_at", "last_meeting", "program__cadence_weeks", "program_id",
            "mentee__user", "mentor__user",
        )
    )  # fmt: skip
    silent = []
    for p in pairings:
        since = max(filter(None, [p["published_at"], p["last_meeting"]]), default=None)
        if since is None:
            continue
        periods = int((now - since) / datetime.timedelta(weeks=p["program__cadence_weeks"]))
        if periods >= 1:
            silent.append({**p, "since": since, "periods": periods})
    return silent


def no_meeting(now: datetime.datetime) -> Iterable[Due]:
    """The pair, once per period of the program's rhythm that passes without a meeting."""
    for p in _silent_pairs(now):
        context = {
            "title": "Time to plan your next meeting",
            "body": "No meeting is planned: agree on a date in the program's rhythm.",
            "link": reverse("sessions_log:workspace", kwargs={"pk": p["pk"]}),
        }
        occurrence = f"{p['since']:%Y%m%d%H%M}/{p['periods']}"
        for user_id in (p["mentee__user"], p["mentor__user"]):
            yield Due("no_meeting", f"pairing:{p['pk']}", user_id, occurrence, context)


def pairs_at_risk(now: datetime.datetime) -> Iterable[Due]:
    """HR admins, once a day per program, when pairs are at risk (the health page's rule)."""
    hr_admins = list(User.objects.hr_admins().values_list("pk", flat=True))
    for program in Program.objects.filter(phase=Phase.RUNNING).order_by("pk"):
        risky = [row.pk for row in program_health(program, now) if row.at_risk]
        if not risky:
            continue
        context = {
            "title": f"{len(risky)} pair{'s are' if len(risky) != 1 else ' is'} at risk "
            f"in {program.name}",
            "body": "These pairs have not met for a while or rate their sessions low: "
            "a word from you may help.",
            "link": reverse("sessions_log:program_health", kwargs={"pk": program.pk}) + "?risk=on",
            "pairings": risky,
        }
        for user_id in hr_admins:
            yield Due("pairs_at_risk", f"program:{program.pk}", user_id, f"{now:%Y-%m-%d}", context)


def meetings_held(since: datetime.datetime) -> int:
    return SessionLog.objects.filter(held=True, created_at__gte=since).count()


def pairs_at_risk_total(now: datetime.datetime) -> int:
    """Pairs at risk today in all running programs."""
    running = Program.objects.filter(phase=Phase.RUNNING)
    return sum(at_risk_count(program, now) for program in running)


MEETING_KINDS = {"meeting_soon", "agenda_empty", "log_session", "assist_meeting_soon"}
PAIRING_KINDS = {"no_meeting", "assist_no_meeting"}


def still_due(reminder: Reminder) -> bool:
    """Whether a reminder about a meeting or a pair still fits what is there now.

    A meeting moved or cancelled after its reminder was made, a meeting logged since, a pair
    that ended: the reminder is dropped when it comes up for delivery instead of being sent.
    """
    kind, (what, _, pk) = reminder.kind, reminder.subject.partition(":")
    if what == "meeting" and kind in MEETING_KINDS:
        meeting = (
            Meeting.objects.filter(pk=pk)
            .values("status", "starts_at", "pairing__status", "log")
            .first()
        )
        if meeting is None or meeting["status"] != Meeting.Status.SCHEDULED:
            return False
        if meeting["pairing__status"] != Pairing.Status.ACTIVE:
            return False
        if kind == "log_session":
            return meeting["log"] is None
        return meeting["starts_at"].isoformat() == reminder.occurrence  # meeting_soon, assist_
    if what == "pairing" and kind in PAIRING_KINDS:
        return not Pairing.objects.filter(pk=pk).exclude(status=Pairing.Status.ACTIVE).exists()
    return True
