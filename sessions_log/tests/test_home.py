"""The home page of someone in a published pairing: the executive's "My mentor's agenda" and
the mentor's view of the same pair."""

from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import ProfileFactory
from sessions_log.services import agenda_item_add, goal_create, session_log_save

from .conftest import make_meeting, make_pair

pytestmark = pytest.mark.django_db


def home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_the_executive_sees_her_mentor_the_next_meeting_and_its_agenda(client, pair, mentee):
    meeting = make_meeting(
        pair, days=2, place="Finance floor, room 4.02", video_url="https://meet.example/leo"
    )
    agenda_item_add(meeting=meeting, by=pair.mentor.user, title="Your profile as others see it")
    goal_create(pairing=pair, by=mentee, title="Post on LinkedIn every week", progress=30)
    content = home(client, mentee)
    assert "My mentor's agenda" in content
    for text in [
        "Leo Park",
        "Marketing Analyst",
        pair.mentor.user.email,
        "New York",
        "America/New_York",
        "Finance floor, room 4.02",
        "Join the video call",
        "Your profile as others see it",
        "Post on LinkedIn every week",
        "30 %",
    ]:
        assert text in content, text
    assert f"{meeting.starts_at.astimezone(ZoneInfo('Europe/London')):%H:%M}" in content
    assert reverse("sessions_log:meeting_ics", args=[meeting.pk]) in content
    assert 'name="title"' in content  # add a question right there
    assert "Welcome, Margaret" in content  # the rest of the home page stays


def test_the_executive_is_asked_to_log_the_last_meeting_and_sees_its_summary(
    client, pair, mentee, mentor
):
    logged = make_meeting(pair, days=-15)
    session_log_save(
        meeting=logged,
        by=mentor,
        version=0,
        base="",
        held=True,
        summary="We set up her LinkedIn headline.",
    )
    unlogged = make_meeting(pair, days=-1)
    content = home(client, mentee)
    assert "We set up her LinkedIn headline." in content
    assert reverse("sessions_log:log", args=[unlogged.pk]) in content
    assert "Schedule the next meeting" in content


def test_the_home_page_of_a_pair_without_a_goal_shows_the_programs_expectation(
    client, pair, mentee
):
    content = home(client, mentee)
    assert "No meeting is scheduled yet." in content
    assert "Define expectations up front" in content


def test_the_mentor_sees_the_meetings_with_an_empty_agenda_first(client, pair, mentor):
    prepared = make_meeting(pair, days=1)
    agenda_item_add(meeting=prepared, by=mentor, title="Ready")
    empty = make_meeting(pair, days=8)
    content = home(client, mentor)
    assert "Mentoring Margaret Okafor" in content
    assert "My mentor's agenda" not in content
    assert content.index(f"/meetings/{empty.pk}/#agenda") < content.index(
        f"/meetings/{prepared.pk}/#agenda"
    )
    assert "Agenda empty: prepare it" in content


def test_a_mentor_with_two_mentees_sees_both(client, pair, mentor):
    second = make_pair()
    second.mentor = pair.mentor
    second.save()
    content = home(client, mentor)
    assert content.count('data-testid="mentee-overview"') == 2


def test_people_without_a_published_pairing_see_the_usual_home_page(client, pair, mentee):
    pair.status = "proposed"
    pair.save()
    content = home(client, mentee)
    assert "My mentor's agenda" not in content and "How it works" in content
    assert "My mentor's agenda" not in home(client, ProfileFactory().user)


def test_the_home_page_runs_a_fixed_number_of_queries(
    client, pair, mentee, django_assert_max_num_queries
):
    meetings = [make_meeting(pair, days=days) for days in (-30, -15, 2, 9)]
    for meeting in meetings:
        agenda_item_add(meeting=meeting, by=mentee, title="Q")
    session_log_save(meeting=meetings[0], by=mentee, version=0, base="", held=True, summary="S")
    goal_create(pairing=pair, by=mentee, title="First goal")
    client.force_login(mentee)
    with django_assert_max_num_queries(22) as few:
        client.get(reverse("home"))
    for days in range(-90, -30, 7):
        meeting = make_meeting(pair, days=days)
        session_log_save(meeting=meeting, by=mentee, version=0, base="", held=True, summary="S")
        goal_create(pairing=pair, by=mentee, title=f"Goal {days}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))


def test_anonymous_visitors_still_get_the_landing_page(client, db):
    assert b"Learn from each other, both ways" in client.get(reverse("home")).content


def test_an_ended_pairing_leaves_the_home_page(client, pair, mentee):
    pair.status, pair.ended_at = "ended", timezone.now()
    pair.save()
    assert "My mentor's agenda" not in home(client, mentee)


def test_the_home_page_reads_only_the_meetings_it_shows(client, pair, mentee):
    """Not every meeting of a long pairing (issue 12): those to come, those to log and the
    latest held one, whose summary the page shows."""
    for days in range(-200, -20, 10):
        old = make_meeting(pair, days=days)
        session_log_save(meeting=old, by=mentee, version=0, base="", held=True, summary="Old")
    latest = make_meeting(pair, days=-10)
    session_log_save(meeting=latest, by=mentee, version=0, base="", held=True, summary="Latest")
    unlogged = make_meeting(pair, days=-3)
    coming = make_meeting(pair, days=4)
    client.force_login(mentee)

    [view] = client.get(reverse("home")).context["pair_views"]

    assert [m.pk for m in view.past] == [unlogged.pk, latest.pk]
    assert view.last_log.summary == "Latest"
    assert [m.pk for m in view.to_log] == [unlogged.pk]
    assert view.next_meeting == coming
