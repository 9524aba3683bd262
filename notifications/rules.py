"""When reminders are due. Each rule looks at the database at a moment and says who gets
what; the unique key of a reminder makes running a rule again harmless.

The rules about meetings and pairs are in meeting_rules.py; RULES below lists every rule.
"""

import datetime
from collections.abc import Callable, Iterable

from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from concerns.selectors import concerns_waiting
from programs.models import Enrolment, Phase, Program
from programs.selectors import not_yet_invited

from . import delegate_rules, meeting_rules, outcome_rules
from .models import Reminder
from .services import Due, reminders_create

Rule = Callable[[datetime.datetime], Iterable[Due]]


def enrolment_open(now: datetime.datetime) -> Iterable[Due]:
    """Eligible employees hear once that a program is open, unless HR invited them already."""
    for program in Program.objects.open_for_enrolment(now.date()):
        subject = f"program:{program.pk}"
        # Who was told already is left out here, not only by the unique key: the sweep runs
        # every 15 minutes and would otherwise offer the whole company again each time.
        told = Reminder.objects.filter(
            kind="enrolment_open", subject=subject, recipient=OuterRef("pk")
        )
        people = not_yet_invited(program).exclude(Exists(told))
        context = {
            "program": program.name,
            "program_id": program.pk,
            "closes": f"{program.enrolment_closes:%-d %B}",
        }
        for user_id in people.values_list("pk", flat=True).iterator():
            yield Due("enrolment_open", subject, user_id, context=context)


def program_ending(now: datetime.datetime) -> Iterable[Due]:
    """Two weeks before a running program ends, everyone still paired hears it."""
    today = now.date()
    programs = Program.objects.filter(
        phase=Phase.RUNNING, ends_on__gt=today, ends_on__lte=today + datetime.timedelta(days=14)
    )
    for program in programs:
        context = {"program": program.name, "ends": f"{program.ends_on:%-d %B}"}
        paired = Enrolment.objects.filter(program=program, paired_count__gt=0)
        for user_id in paired.values_list("user_id", flat=True):
            yield Due("program_ending", f"program:{program.pk}", user_id, context=context)


def hr_digest(now: datetime.datetime) -> Iterable[Due]:
    """Once a week, HR admins get the week's figures."""
    since = now - datetime.timedelta(days=7)
    year, week, _ = now.isocalendar()
    context = {
        "enrolments": Enrolment.objects.filter(created_at__gte=since).count(),
        "meetings_held": meeting_rules.meetings_held(since),
        "at_risk": meeting_rules.pairs_at_risk_total(now),
    }
    hr_admins = User.objects.hr_admins()
    for user_id in hr_admins.values_list("pk", flat=True):
        yield Due("hr_digest", "digest", user_id, occurrence=f"{year}-W{week:02d}", context=context)


def concerns_open(now: datetime.datetime) -> Iterable[Due]:
    """HR admins, once a day while concerns wait. Only concerns raised before today count:
    a reminder minutes after someone raised one would tell HR when it was raised (and so,
    perhaps, by whom); the list itself shows the day only."""
    waiting = concerns_waiting(before=timezone.localdate(now))
    if not waiting.open:
        return
    context = {"open": waiting.open, "new": waiting.new}
    for user_id in User.objects.hr_admins().values_list("pk", flat=True):
        yield Due("concerns_open", "concerns", user_id, f"{now:%Y-%m-%d}", context)


# Every rule the periodic sweep runs; the weekly digest has a schedule of its own.
RULES: dict[str, Rule] = {
    "enrolment_open": enrolment_open,
    "program_ending": program_ending,
    "meeting_soon": meeting_rules.meeting_soon,
    "agenda_empty": meeting_rules.agenda_empty,
    "log_session": meeting_rules.log_session,
    "no_meeting": meeting_rules.no_meeting,
    "pairs_at_risk": meeting_rules.pairs_at_risk,
    "assist_meeting_soon": delegate_rules.assist_meeting_soon,
    "assist_no_meeting": delegate_rules.assist_no_meeting,
    "concerns_open": concerns_open,
    "check_in": outcome_rules.check_in,
    "pairing_fit": outcome_rules.pairing_fit,
    "certificate_ready": outcome_rules.certificate_ready,
}


def still_due(reminder: Reminder) -> bool:
    """Whether a reminder still fits what is there now, by the rules that made it."""
    return (
        meeting_rules.still_due(reminder)
        and outcome_rules.still_due(reminder)
        and delegate_rules.still_shared(reminder)
        and delegate_rules.invitation_still_open(reminder)
    )


def due_now(now: datetime.datetime | None = None, rules: dict[str, Rule] | None = None):
    now = now or timezone.now()
    for rule in (rules or RULES).values():
        yield from rule(now)


def run_rules(now: datetime.datetime | None = None, rules: dict[str, Rule] | None = None) -> dict:
    """Create every reminder that is due; returns how many were new, per kind."""
    created: dict[str, int] = {}
    for name, rule in (rules or RULES).items():
        created[name] = len(reminders_create(rule(now or timezone.now())))
    return created


def not_yet_created(dues: Iterable[Due]) -> list[Due]:
    """For a dry run: the dues whose reminder does not exist yet."""
    dues = list(dues)
    existing = set(
        Reminder.objects.filter(subject__in={d.subject for d in dues}).values_list(
            "kind", "subject", "recipient_id", "occurrence"
        )
    )
    return [d for d in dues if (d.kind, d.subject, d.recipient_id, d.occurrence) not in existing]
