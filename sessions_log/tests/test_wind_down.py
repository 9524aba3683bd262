"""Closing a program and ending a pairing wind them down, after a page that says what will
happen (issue 14, items 3 and 6): future meetings cancelled and gone from calendar feeds, pairs
read-only, nobody able to schedule, everyone told."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from pairing.models import Pairing
from programs.models import Phase
from programs.services import ProgramError
from programs.tests.factories import EnrolmentFactory
from sessions_log.calendar import feed_ics
from sessions_log.models import Meeting
from sessions_log.services import SessionsError, meeting_schedule, program_close

from .conftest import add_pair, make_meeting, make_pair

pytestmark = pytest.mark.django_db


def events_by_uid(user) -> dict[str, object]:
    return {str(event["uid"]): event for event in Calendar.from_ical(feed_ics(user)).events}


def close_url(program) -> str:
    return reverse("sessions_log:program_close", args=[program.pk])


def end_url(pairing) -> str:
    return reverse("sessions_log:pairing_end", args=[pairing.program_id, pairing.pk])


def test_closing_cancels_future_meetings_and_calendars_drop_them(pair, mentee, hr):
    coming, held = make_meeting(pair, days=5), make_meeting(pair, days=-5)
    program_close(program=pair.program, by=hr)
    coming.refresh_from_db()
    held.refresh_from_db()
    assert (coming.status, coming.sequence) == (Meeting.Status.CANCELLED, 1)
    assert coming.cancel_reason == "The program has closed."
    assert held.status == Meeting.Status.SCHEDULED  # what happened stays as it was
    events = events_by_uid(mentee)
    coming_event = events[f"meeting-{coming.uid}@reverse-mentoring"]
    assert str(coming_event["status"]) == "CANCELLED" and coming_event["sequence"] == 1
    assert str(events[f"meeting-{held.uid}@reverse-mentoring"]["status"]) == "CONFIRMED"


def test_nobody_can_schedule_or_write_in_a_closed_program(client, pair, mentor, hr):
    meeting = make_meeting(pair, days=5)
    program_close(program=pair.program, by=hr)
    pair.refresh_from_db()
    assert not pair.is_writable
    with pytest.raises(SessionsError):
        meeting_schedule(pairing=pair, by=mentor, starts_at=meeting.starts_at, minutes=45)
    client.force_login(mentor)
    for url in [
        reverse("sessions_log:meeting_new", args=[pair.pk]),
        reverse("sessions_log:goal_new", args=[pair.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 403
    workspace = client.get(reverse("sessions_log:workspace", args=[pair.pk])).content.decode()
    assert "Schedule a meeting" not in workspace  # read-only, still readable
    assert "You and Margaret Okafor" in workspace


def test_a_closed_programs_pair_leaves_the_home_page(client, pair, mentee, hr):
    program_close(program=pair.program, by=hr)
    client.force_login(mentee)
    content = client.get(reverse("home")).content.decode()
    assert "My mentor's agenda" not in content and "Schedule a meeting" not in content


def test_only_a_running_program_can_be_closed(pair, hr):
    pair.program.phase = Phase.MATCHING
    pair.program.save()
    with pytest.raises(ProgramError):
        program_close(program=pair.program, by=hr)
    assert Pairing.objects.get(pk=pair.pk).is_writable


def test_hr_reads_what_closing_does_before_it_happens(client, pair, hr):
    make_meeting(pair, days=3)
    make_meeting(pair, days=10)
    EnrolmentFactory(program=pair.program)
    client.force_login(hr)
    content = client.get(close_url(pair.program)).content.decode()
    assert "2 future meetings are cancelled" in content
    assert "1 published pair becomes read-only" in content
    assert "3 enrolled people are told once" in content
    assert "has closed" in content and "Your 2 future meetings are cancelled" in content
    assert Pairing.objects.get(pk=pair.pk).program.phase == Phase.RUNNING  # nothing yet

    response = client.post(close_url(pair.program), follow=True)
    assert "The program is closed: 2 future meetings are cancelled and 3 people are told." in (
        response.content.decode()
    )
    assert Pairing.objects.get(pk=pair.pk).program.phase == Phase.CLOSED


def test_the_dashboards_close_button_leads_to_the_page_that_explains(client, pair, hr):
    client.force_login(hr)
    dashboard = client.get(reverse("programs:dashboard", args=[pair.program.pk])).content
    assert close_url(pair.program) in dashboard.decode()
    phase = reverse("programs:phase", args=[pair.program.pk])
    response = client.post(phase, {"to": "closed"})
    assert response["Location"] == close_url(pair.program)
    assert Pairing.objects.get(pk=pair.pk).program.phase == Phase.RUNNING


def test_the_close_page_of_a_program_not_running_says_why_and_offers_no_button(client, pair, hr):
    pair.program.phase = Phase.MATCHING
    pair.program.save()
    client.force_login(hr)
    content = client.get(close_url(pair.program)).content.decode()
    assert "This cannot be done now" in content and "Close the program</button>" not in content


@pytest.mark.parametrize("who", ["mentee", "outsider"])
def test_employees_cannot_close_or_end(client, pair, outsider, who):
    client.force_login(pair.mentee.user if who == "mentee" else outsider)
    assert client.get(close_url(pair.program)).status_code == 403
    assert client.post(close_url(pair.program)).status_code == 403
    assert client.post(end_url(pair), {"reason": "x"}).status_code == 403
    pair.refresh_from_db()
    assert pair.status == Pairing.Status.ACTIVE and pair.program.phase == Phase.RUNNING


def test_anonymous_visitors_are_sent_to_log_in(client, pair):
    assert "/accounts/login/" in client.get(close_url(pair.program))["Location"]


def test_the_close_page_runs_the_same_queries_for_a_bigger_program(client, hr):
    def page_queries(pairs: int) -> int:
        program = make_pair().program
        for _ in range(pairs - 1):
            add_pair(program)
        for pairing in program.pairings.all():
            make_meeting(pairing, days=4)
        client.force_login(hr)
        client.get(close_url(program))  # the site's name and the session, cached
        with CaptureQueriesContext(connection) as queries:
            assert client.get(close_url(program)).status_code == 200
        return len(queries)

    assert page_queries(1) == page_queries(6)


def test_hr_ends_a_pairing_after_reading_what_happens(
    client, pair, hr, django_capture_on_commit_callbacks
):
    coming = make_meeting(pair, days=6)
    client.force_login(hr)
    content = client.get(end_url(pair)).content.decode()
    assert "End the pairing of Margaret Okafor and Leo Park" in content
    assert "Their 1 future meeting is cancelled and taken off their calendars." in content
    assert "Your pairing with Leo Park has ended" in content  # the notice, as Margaret reads it

    response = client.post(end_url(pair), {"reason": ""})
    assert "Say why the pairing ends: both of them read it." in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == Pairing.Status.ACTIVE

    with django_capture_on_commit_callbacks(execute=True):  # the wind-down, as a worker would
        response = client.post(end_url(pair), {"reason": "Margaret changes role"}, follow=True)
    assert "The pairing of Margaret Okafor and Leo Park has ended; both are told." in (
        response.content.decode()
    )
    pair.refresh_from_db()
    coming.refresh_from_db()
    assert (pair.status, pair.end_reason) == (Pairing.Status.ENDED, "Margaret changes role")
    assert coming.status == Meeting.Status.CANCELLED


def test_an_ended_pairing_cannot_be_ended_twice(client, pair, hr):
    Pairing.objects.filter(pk=pair.pk).update(status=Pairing.Status.ENDED)
    client.force_login(hr)
    content = client.get(end_url(pair)).content.decode()
    assert "Only a published pairing can be ended." in content
    assert "End the pairing</button>" not in content


def test_a_pairing_of_another_program_is_404(client, pair, hr):
    other = make_pair()
    client.force_login(hr)
    url = reverse("sessions_log:pairing_end", args=[other.program_id, pair.pk])
    assert client.get(url).status_code == 404


def test_hr_is_not_a_participant_of_what_it_closes(client, pair, hr):
    """HR winds the program down, and still sees none of the pair's content."""
    program_close(program=pair.program, by=hr)
    client.force_login(hr)
    assert client.get(reverse("sessions_log:workspace", args=[pair.pk])).status_code == 404


def test_the_close_page_mentions_the_certificates_and_final_survey_of_outcomes(client, pair, hr):
    client.force_login(hr)
    content = client.get(close_url(pair.program)).content.decode()
    assert "told their certificate is ready" in content and "final survey" in content
