"""Dates people pick stay within the program and the years a calendar can use."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_log.models import Goal, Meeting

from .conftest import make_pair


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def schedule(client, pair, day: str):
    return client.post(
        reverse("sessions_log:meeting_new", args=[pair.pk]),
        {"day": day, "time": "10:00", "minutes": "45", "place": "Café"},
    )


@pytest.mark.parametrize("day", ["9999-12-31", in_days(3 * 366)])
def test_a_meeting_years_ahead_is_refused_and_the_pairs_pages_keep_working(client, db, day):
    pair = make_pair(starts_on=None, ends_on=None)  # no program dates: the years still count
    client.force_login(pair.mentor.user)
    response = schedule(client, pair, day)
    assert response.status_code == 200
    assert "Pick a date within the next two years." in response.content.decode()
    assert not Meeting.objects.exists()
    for url in [reverse("home"), reverse("sessions_log:workspace", args=[pair.pk])]:
        assert client.get(url).status_code == 200


def test_a_meeting_after_the_program_ends_is_refused_in_words(client, db):
    pair = make_pair(
        starts_on=timezone.localdate(), ends_on=timezone.localdate() + datetime.timedelta(days=20)
    )
    client.force_login(pair.mentor.user)
    response = schedule(client, pair, in_days(30))
    ends = pair.program.ends_on
    assert f"The program ends on {ends.day} {ends:%B %Y}: pick a meeting date until then." in (
        response.content.decode()
    )
    assert not Meeting.objects.exists()
    assert schedule(client, pair, in_days(10)).status_code == 302
    assert Meeting.objects.count() == 1


def new_goal(client, pair, target: str):
    return client.post(
        reverse("sessions_log:goal_new", args=[pair.pk]),
        {
            "direction": Goal.Direction.MENTEE_LEARNS,
            "title": "Post on LinkedIn every week",
            "success": "Four posts",
            "target_date": target,
            "progress": "0",
        },
    )


@pytest.mark.parametrize(
    "target,message",
    [
        ("9999-12-31", "Pick a target date within three years from today."),
        ("0001-01-01", "Pick a target date within three years from today."),
    ],
)
def test_a_goal_target_date_years_away_is_refused(client, db, target, message):
    pair = make_pair(starts_on=None, ends_on=None)
    client.force_login(pair.mentee.user)
    response = new_goal(client, pair, target)
    assert message in response.content.decode()
    assert not Goal.objects.exists()


def test_a_goal_target_after_the_program_is_refused_and_within_it_accepted(client, db):
    pair = make_pair(
        starts_on=timezone.localdate(), ends_on=timezone.localdate() + datetime.timedelta(days=60)
    )
    client.force_login(pair.mentee.user)
    response = new_goal(client, pair, in_days(90))
    assert "pick a target date until then." in response.content.decode()
    assert not Goal.objects.exists()
    assert new_goal(client, pair, in_days(30)).status_code == 302
    assert Goal.objects.count() == 1
