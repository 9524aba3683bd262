"""The outcome reminders go once each, at the right dates, respecting preferences."""

import datetime

import pytest
from django.utils import timezone

from notifications.models import Notification, Preference, Reminder
from notifications.outcome_rules import certificate_ready, check_in, pairing_fit
from notifications.rules import run_rules
from notifications.tasks import deliver_reminder
from outcomes.models import CheckIn, FitCheck, Moment
from outcomes.windows import window
from programs.models import Phase, Role

from .conftest import held_meeting, make_pairs, running_program

pytestmark = pytest.mark.django_db

RULES = {"check_in": check_in, "pairing_fit": pairing_fit, "certificate_ready": certificate_ready}


def sweep(now: datetime.datetime) -> dict[str, int]:
    return run_rules(now, rules=RULES)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


def test_the_midpoint_and_end_check_ins_go_once_each_to_everyone_paired(program, pairs):
    middle, end = window(program, Moment.MIDPOINT), window(program, Moment.END)
    assert sweep(at(middle.opens - datetime.timedelta(days=1)))["check_in"] == 0
    assert sweep(at(middle.opens))["check_in"] == 10
    assert sweep(at(middle.opens))["check_in"] == 0  # the same sweep again
    assert sweep(at(middle.closes))["check_in"] == 0  # later in the window
    assert sweep(at(end.opens))["check_in"] == 10
    assert sweep(at(end.opens + datetime.timedelta(days=3)))["check_in"] == 0
    assert sweep(at(end.closes + datetime.timedelta(days=1)))["check_in"] == 0  # closed
    occurrences = Reminder.objects.filter(kind="check_in").values_list("occurrence", flat=True)
    assert sorted(set(occurrences)) == ["end", "midpoint"]
    assert Reminder.objects.filter(kind="check_in").count() == 20


def test_who_answered_already_is_not_reminded(program, pairs):
    CheckIn.objects.create(enrolment=pairs[0].mentee, moment=Moment.MIDPOINT)
    sweep(at(window(program, Moment.MIDPOINT).opens))
    assert not Reminder.objects.filter(recipient=pairs[0].mentee.user).exists()


def test_a_check_in_reminder_respects_preferences_and_links_to_the_one_page_form(
    program, pairs, mailoutbox, django_capture_on_commit_callbacks
):
    quiet = pairs[0].mentee.user
    Preference.objects.create(user=quiet, kind="check_in", channel=Preference.Channel.OFF)
    app_only = pairs[0].mentor.user
    Preference.objects.create(user=app_only, kind="check_in", channel=Preference.Channel.APP)
    with django_capture_on_commit_callbacks(execute=True):
        sweep(at(window(program, Moment.MIDPOINT).opens))
    assert Reminder.objects.get(recipient=quiet).status == Reminder.Status.WITHDRAWN
    assert Notification.objects.filter(recipient=app_only).exists()
    assert len(mailoutbox) == 8  # five pairs, less the two who chose otherwise
    assert f"/programs/{program.pk}/check-in/midpoint/" in mailoutbox[0].body


def test_a_check_in_answered_before_its_reminder_is_delivered_is_not_sent(
    program, pairs, mailoutbox, django_capture_on_commit_callbacks
):
    sweep(at(window(program, Moment.MIDPOINT).opens))  # created, not delivered (no commit)
    CheckIn.objects.create(enrolment=pairs[0].mentee, moment=Moment.MIDPOINT)
    reminder = Reminder.objects.get(recipient=pairs[0].mentee.user)
    deliver_reminder.apply(kwargs={"reminder_id": reminder.pk})
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.WITHDRAWN and mailoutbox == []


def test_the_fit_questions_go_once_to_both_sides_after_the_first_held_meeting(program, pair):
    now = timezone.now()
    assert sweep(now)["pairing_fit"] == 0  # no meeting yet
    held_meeting(pair, days_ago=3, held=False)
    assert sweep(now)["pairing_fit"] == 0  # missed, not held
    held_meeting(pair, days_ago=2)
    assert sweep(now)["pairing_fit"] == 2
    held_meeting(pair, days_ago=1)
    assert sweep(now)["pairing_fit"] == 0
    recipients = set(
        Reminder.objects.filter(kind="pairing_fit").values_list("recipient", flat=True)
    )
    assert recipients == {pair.mentee.user_id, pair.mentor.user_id}


def test_a_side_that_answered_is_not_asked(program, pair):
    held_meeting(pair, days_ago=2)
    FitCheck.objects.create(pairing=pair, role=Role.MENTEE, fit=4, learning=4)
    sweep(timezone.now())
    asked = Reminder.objects.filter(kind="pairing_fit").values_list("recipient", flat=True)
    assert list(asked) == [pair.mentor.user_id]


def test_certificates_are_announced_once_to_the_junior_mentors_of_closed_programs():
    running = running_program()
    closed = running_program(phase=Phase.CLOSED)
    make_pairs(running, 2)
    closed_pairs = make_pairs(closed, 3)
    now = timezone.now()
    assert sweep(now)["certificate_ready"] == 3
    assert sweep(now)["certificate_ready"] == 0
    recipients = set(
        Reminder.objects.filter(kind="certificate_ready").values_list("recipient", flat=True)
    )
    assert recipients == {p.mentor.user_id for p in closed_pairs}
