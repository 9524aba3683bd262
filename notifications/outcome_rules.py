"""The reminders that measure outcomes: the midpoint and end check-ins (skills and the pulse
survey), the two fit questions after a pair's first held meeting, and a junior mentor's
certificate once the program is closed. Each goes once per person: the reminder's unique key,
and people already told or who already answered are left out of the query.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Exists, Min, OuterRef, Q
from django.urls import reverse

from outcomes.models import CHECK_IN_MOMENTS, CheckIn, FitCheck, Moment
from outcomes.selectors import participants
from outcomes.windows import ANSWER_DAYS, window
from pairing.models import Pairing
from programs.models import Phase, Program, Role
from sessions_log.models import Meeting

from .models import Reminder
from .services import Due

FIT_LOOKBACK_DAYS = 14  # a pair whose first meeting is older than this is not asked any more


def _told(kind: str, subject: str, occurrence: str = "1") -> Exists:
    return Exists(
        Reminder.objects.filter(
            kind=kind, subject=subject, occurrence=occurrence, recipient=OuterRef("user_id")
        )
    )


def check_in(now: datetime.datetime) -> Iterable[Due]:
    """Everyone in a published pair, once per check-in, on the day it opens (or the first
    sweep after), unless they answered already."""
    today = now.date()
    programs = Program.objects.filter(
        phase__in=[Phase.RUNNING, Phase.CLOSED],
        starts_on__lte=today,
        ends_on__gte=today - datetime.timedelta(days=ANSWER_DAYS),
    )
    for program in programs:
        for moment in CHECK_IN_MOMENTS:
            dates = window(program, moment)
            if dates is None or not dates.is_open(today):
                continue
            subject = f"program:{program.pk}"
            answered = CheckIn.objects.filter(enrolment=OuterRef("pk"), moment=moment)
            people = (
                participants(program)
                .filter(user__is_active=True)
                .exclude(_told("check_in", subject, moment))
                .exclude(Exists(answered))
            )
            context = {
                "title": f"{Moment(moment).label} check-in: {program.name}",
                "body": "Rate your skills now and answer a short survey: five minutes, one "
                f"page, open until {dates.closes:%-d %B}.",
                "link": reverse("outcomes:check_in", kwargs={"pk": program.pk, "moment": moment}),
            }
            for user_id in people.values_list("user_id", flat=True):
                yield Due("check_in", subject, user_id, moment, context)


def pairing_fit(now: datetime.datetime) -> Iterable[Due]:
    """Both people of a pair, once, after their first meeting logged as held."""
    held = Q(meetings__status=Meeting.Status.SCHEDULED, meetings__log__held=True)
    recent = (
        Pairing.objects.active()
        .filter(program__phase=Phase.RUNNING)
        .annotate(first_held=Min("meetings__starts_at", filter=held))
        .filter(first_held__gte=now - datetime.timedelta(days=FIT_LOOKBACK_DAYS))
        .values("pk", "mentee__user", "mentor__user")
    )
    pairs = list(recent)
    answered = set(
        FitCheck.objects.filter(pairing__in=[p["pk"] for p in pairs]).values_list(
            "pairing_id", "role"
        )
    )
    for p in pairs:
        context = {
            "title": "How is your pair going?",
            "body": "Two quick questions after your first meeting. Your pair never sees "
            "your answers.",
            "link": reverse("outcomes:fit_check", kwargs={"pk": p["pk"]}),
        }
        for role, user_id in ((Role.MENTEE, p["mentee__user"]), (Role.MENTOR, p["mentor__user"])):
            if (p["pk"], role) not in answered:
                yield Due("pairing_fit", f"pairing:{p['pk']}", user_id, context=context)


def certificate_ready(now: datetime.datetime) -> Iterable[Due]:
    """Each junior mentor of a closed program, once: their certificate can be downloaded."""
    for program in Program.objects.filter(phase=Phase.CLOSED):
        subject = f"program:{program.pk}"
        mentors = (
            participants(program)
            .filter(role=Role.MENTOR, user__is_active=True)
            .exclude(_told("certificate_ready", subject))
        )
        context = {
            "title": f"Your certificate for {program.name} is ready",
            "body": "Thank you for mentoring. Download your certificate, and send your "
            "manager a note of recognition if you wish.",
            "link": reverse("outcomes:recognition", kwargs={"pk": program.pk}),
        }
        for user_id in mentors.values_list("user_id", flat=True):
            yield Due("certificate_ready", subject, user_id, context=context)


def still_due(reminder: Reminder) -> bool:
    """A check-in answered or a fit check done since the reminder was made: not sent."""
    what, _, pk = reminder.subject.partition(":")
    if reminder.kind == "check_in" and what == "program":
        return not CheckIn.objects.filter(
            enrolment__program_id=pk,
            enrolment__user_id=reminder.recipient_id,
            moment=reminder.occurrence,
        ).exists()
    if reminder.kind == "pairing_fit" and what == "pairing":
        pairing = Pairing.objects.filter(pk=pk, status=Pairing.Status.ACTIVE).first()
        if pairing is None:
            return False
        role = pairing.role_of(reminder.recipient)
        return not FitCheck.objects.filter(pairing=pairing, role=role).exists()
    return True
