"""The .ics files and feeds, parsed back with icalendar as a calendar app would read them."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from sessions_log.calendar import FEED_DAYS_BACK, feed_ics, meeting_ics, meeting_uid
from sessions_log.services import (
    agenda_item_add,
    meeting_cancel,
    meeting_reschedule,
    session_log_save,
)

from .conftest import make_meeting, make_pair

pytestmark = pytest.mark.django_db


def only_event(content: bytes):
    (event,) = Calendar.from_ical(content).events
    return event


def test_a_meeting_file_has_a_stable_uid_a_sequence_utc_times_and_a_reminder(pair, mentee):
    meeting = make_meeting(pair, days=3, place="Finance floor, room 4.02")
    calendar = Calendar.from_ical(meeting_ics(meeting, viewer=mentee))
    assert calendar["method"] == "PUBLISH"
    event = calendar.events[0]
    assert str(event["uid"]) == f"meeting-{meeting.uid}@reverse-mentoring"
    assert event["sequence"] == 0
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(0)
    assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(minutes=45)
    assert str(event["summary"]) == "Reverse mentoring with Leo Park"
    assert str(event["location"]) == "Finance floor, room 4.02"
    assert str(event["status"]) == "CONFIRMED"
    (alarm,) = event.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == datetime.timedelta(minutes=-15)
    assert reverse("sessions_log:meeting", args=[meeting.pk]) in str(event["url"])


def test_each_person_sees_the_meeting_named_after_the_other(pair, mentor):
    meeting = make_meeting(pair, days=3)
    assert str(only_event(meeting_ics(meeting, viewer=mentor))["summary"]) == (
        "Reverse mentoring with Margaret Okafor"
    )


def test_a_rescheduled_meeting_updates_the_same_calendar_entry(pair, mentee, mentor):
    meeting = make_meeting(pair, days=3)
    before = only_event(meeting_ics(meeting, viewer=mentee))
    new_start = meeting.starts_at + datetime.timedelta(hours=3)
    meeting = meeting_reschedule(
        meeting=meeting,
        by=mentor,
        starts_at=new_start,
        minutes=60,
        place="",
        video_url="https://meet.example/abc",
        notify=False,
    )
    after = only_event(meeting_ics(meeting, viewer=mentee))
    assert after["uid"] == before["uid"]
    assert after["sequence"] > before["sequence"]
    assert after.decoded("dtstart") == new_start
    assert str(after["location"]) == "https://meet.example/abc"
    assert "Video call: https://meet.example/abc" in str(after["description"])


def test_a_cancelled_meeting_is_marked_cancelled_with_a_higher_sequence(pair, mentee):
    meeting = make_meeting(pair, days=3)
    meeting = meeting_cancel(meeting=meeting, by=mentee, reason="Travel", notify=False)
    event = only_event(meeting_ics(meeting, viewer=mentee))
    assert str(event["status"]) == "CANCELLED" and event["sequence"] == 1
    assert not event.walk("VALARM")


def test_the_pairs_content_stays_out_of_calendars(pair, mentee, mentor):
    meeting = make_meeting(pair, days=-1)
    agenda_item_add(meeting=meeting, by=mentee, title="How do I handle trolls?")
    session_log_save(
        meeting=meeting,
        by=mentor,
        version=0,
        base="",
        held=True,
        summary="We talked about her team",
        private_note="Tired today",
    )
    content = meeting_ics(meeting, viewer=mentee) + feed_ics(mentee) + feed_ics(mentor)
    for secret in [b"trolls", b"her team", b"Tired"]:
        assert secret not in content


def test_a_feed_goes_back_a_year_and_keeps_everything_to_come(pair, mentee):
    kept = [make_meeting(pair, days=d) for d in (-FEED_DAYS_BACK + 2, -1, 400)]
    older = make_meeting(pair, days=-FEED_DAYS_BACK - 2)
    uids = {str(e["uid"]) for e in Calendar.from_ical(feed_ics(mentee)).events}
    assert uids == {meeting_uid(m) for m in kept}
    assert meeting_uid(older) not in uids


def test_a_feed_has_all_of_a_persons_meetings_and_nobody_elses(pair, mentee):
    mine = [make_meeting(pair, days=d) for d in (-14, 3)]
    cancelled = meeting_cancel(
        meeting=make_meeting(pair, days=5), by=mentee, reason="x", notify=False
    )
    make_meeting(make_pair(), days=4)  # another pair's
    calendar = Calendar.from_ical(feed_ics(mentee))
    assert str(calendar["x-wr-calname"]) == "Reverse mentoring"
    uids = {str(e["uid"]) for e in calendar.events}
    assert uids == {f"meeting-{m.uid}@reverse-mentoring" for m in [*mine, cancelled]}
    statuses = {str(e["uid"]): str(e["status"]) for e in calendar.events}
    assert statuses[f"meeting-{cancelled.uid}@reverse-mentoring"] == "CANCELLED"
