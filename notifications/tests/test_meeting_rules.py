"""The meeting reminders, with the clock set (no sleeping)."""

import datetime

import pytest

from accounts.tests.factories import ProfileFactory, UserFactory
from notifications import meeting_rules
from notifications.models import Reminder
from notifications.rules import run_rules
from notifications.services import _message
from notifications.tasks import deliver_reminder
from pairing.models import Pairing
from programs.models import Phase, Role
from programs.tests.factories import EnrolmentFactory, ProgramFactory
from sessions_log.models import AgendaItem, Meeting, SessionLog
from sessions_log.services import meeting_cancel, meeting_reschedule

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 27, 12, 0, tzinfo=datetime.UTC)
H = datetime.timedelta(hours=1)
D = datetime.timedelta(days=1)


@pytest.fixture
def pairing():
    program = ProgramFactory(phase=Phase.RUNNING, cadence_weeks=2, reminder_hours_before=24)
    mentee = EnrolmentFactory(program=program, role=Role.MENTEE)
    mentor = EnrolmentFactory(program=program, role=Role.MENTOR)
    return Pairing.objects.create(
        program=program, mentee=mentee, mentor=mentor, status="active", score=0.7,
        published_at=NOW - 3 * D,
    )  # fmt: skip


def meeting(pairing, starts_at, minutes=45) -> Meeting:
    return Meeting.objects.create(
        pairing=pairing,
        starts_at=starts_at,
        ends_at=starts_at + minutes * datetime.timedelta(minutes=1),
    )


def people(pairing) -> set[int]:
    return {pairing.mentee.user_id, pairing.mentor.user_id}


def recipients(dues) -> set[int]:
    return {d.recipient_id for d in dues}


def test_a_meeting_is_reminded_to_both_within_the_programs_hours(pairing):
    tomorrow = meeting(pairing, NOW + 23 * H)
    meeting(pairing, NOW + 30 * H)  # later than 24 h: not yet
    dues = list(meeting_rules.meeting_soon(NOW))
    assert {d.subject for d in dues} == {f"meeting:{tomorrow.pk}"}
    assert recipients(dues) == people(pairing)


def test_the_reminder_time_is_set_per_program(pairing):
    pairing.program.reminder_hours_before = 48
    pairing.program.save()
    meeting(pairing, NOW + 30 * H)
    assert len(list(meeting_rules.meeting_soon(NOW))) == 2


def test_cancelled_meetings_and_ended_pairings_get_no_reminder(pairing):
    cancelled = meeting(pairing, NOW + 2 * H)
    cancelled.status = Meeting.Status.CANCELLED
    cancelled.save()
    assert list(meeting_rules.meeting_soon(NOW)) == []
    meeting(pairing, NOW + 3 * H)
    pairing.status = "ended"
    pairing.save()
    assert list(meeting_rules.meeting_soon(NOW)) == []


def test_a_second_sweep_sends_nothing_new(pairing):
    meeting(pairing, NOW + 5 * H)
    rules = {"soon": meeting_rules.meeting_soon}
    assert run_rules(NOW, rules=rules) == {"soon": 2}
    assert run_rules(NOW + 15 * datetime.timedelta(minutes=1), rules=rules) == {"soon": 0}


def test_a_rescheduled_meeting_is_reminded_again_at_its_new_time(pairing):
    moved = meeting(pairing, NOW + 5 * H)
    run_rules(NOW, rules={"soon": meeting_rules.meeting_soon})
    moved.starts_at, moved.ends_at = NOW + 8 * H, NOW + 9 * H
    moved.save()
    assert run_rules(NOW, rules={"soon": meeting_rules.meeting_soon}) == {"soon": 2}


def test_an_empty_agenda_two_days_before_reminds_the_mentor_only(pairing):
    empty = meeting(pairing, NOW + 40 * H)
    prepared = meeting(pairing, NOW + 41 * H)
    AgendaItem.objects.create(meeting=prepared, title="LinkedIn profile")
    meeting(pairing, NOW + 3 * D)  # more than two days ahead
    dues = list(meeting_rules.agenda_empty(NOW))
    assert [(d.subject, d.recipient_id) for d in dues] == [
        (f"meeting:{empty.pk}", pairing.mentor.user_id)
    ]


def test_log_the_session_after_it_ends_and_once_more_three_days_later(pairing):
    past = meeting(pairing, NOW - 2 * H)
    first = list(meeting_rules.log_session(NOW))
    assert recipients(first) == people(pairing) and {d.occurrence for d in first} == {"1"}
    later = list(meeting_rules.log_session(NOW + 3 * D))
    assert {d.occurrence for d in later} == {"2"}
    SessionLog.objects.create(meeting=past, held=True, summary="Went well")
    assert list(meeting_rules.log_session(NOW + 4 * D)) == []


def test_no_meeting_within_the_rhythm_reminds_the_pair_once_per_period(pairing):
    assert list(meeting_rules.no_meeting(NOW)) == []  # published three days ago
    two_weeks_on = NOW + 12 * D  # 15 days after publishing: one period of two weeks
    dues = list(meeting_rules.no_meeting(two_weeks_on))
    assert recipients(dues) == people(pairing)
    run_rules(two_weeks_on, rules={"none": meeting_rules.no_meeting})
    assert run_rules(two_weeks_on + D, rules={"none": meeting_rules.no_meeting}) == {"none": 0}
    assert run_rules(two_weeks_on + 14 * D, rules={"none": meeting_rules.no_meeting}) == {"none": 2}


def test_a_planned_meeting_stops_the_no_meeting_reminder(pairing):
    meeting(pairing, NOW + 20 * D)
    assert list(meeting_rules.no_meeting(NOW + 12 * D)) == []


def test_hr_is_told_of_pairs_at_risk_after_two_silent_periods(pairing):
    hr = UserFactory(hr_admin=True)
    assert list(meeting_rules.pairs_at_risk(NOW + 12 * D)) == []  # one period only
    dues = list(meeting_rules.pairs_at_risk(NOW + 26 * D))
    assert [d.recipient_id for d in dues] == [hr.pk]
    assert dues[0].context["pairings"] == [pairing.pk]
    assert dues[0].context["title"] == f"1 pair is at risk in {pairing.program.name}"


def test_the_reminder_shows_the_time_in_each_persons_zone_across_daylight_saving(pairing):
    # Europe moves its clocks on 29 March 2026, New York moved on 8 March.
    berlin = ProfileFactory(timezone="Europe/Berlin").user
    pairing.mentee.user = berlin
    pairing.mentee.save()
    new_york = ProfileFactory(timezone="America/New_York").user
    pairing.mentor.user = new_york
    pairing.mentor.save()
    meeting(pairing, datetime.datetime(2026, 3, 29, 9, 0, tzinfo=datetime.UTC))
    run_rules(
        datetime.datetime(2026, 3, 28, 12, 0, tzinfo=datetime.UTC),
        rules={"soon": meeting_rules.meeting_soon},
    )
    bodies = {
        r.recipient_id: _message(r).body
        for r in Reminder.objects.select_related("recipient__profile")
    }
    assert "Sunday 29 March, 11:00 CEST" in bodies[berlin.pk]  # after the change: UTC+2
    assert "Sunday 29 March, 05:00 EDT" in bodies[new_york.pk]


def test_rescheduling_or_cancelling_withdraws_the_pending_reminders(pairing, mailoutbox):
    moved, dropped = meeting(pairing, NOW + 5 * H), meeting(pairing, NOW + 6 * H)
    run_rules(NOW, rules={"soon": meeting_rules.meeting_soon})  # pending: not delivered yet
    mentor = pairing.mentor.user
    meeting_reschedule(
        meeting=moved, by=mentor, starts_at=NOW + 50 * H, minutes=45, place="", video_url="",
        notify=False,
    )  # fmt: skip
    meeting_cancel(meeting=dropped, by=mentor, reason="Travelling", notify=False)
    for reminder in Reminder.objects.all():
        deliver_reminder.apply(args=[reminder.pk])
    statuses = set(Reminder.objects.values_list("status", flat=True))
    assert statuses == {"withdrawn"}
    assert mailoutbox == []
