"""Meetings as iCalendar: one meeting as an .ics download, and a person's subscribed feed.

A meeting keeps one UID for life and its SEQUENCE grows with each change, so a calendar that
imported or subscribed to it updates the same entry when it moves or is cancelled.

What goes in: the time, the place or video link, who it is with and a link back to the app.
What stays out: the agenda, summaries and notes. Executives' calendars are often read by
assistants and synced to phones and third-party services; the pair's content stays in the app.
"""

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from accounts.models import User
from mentoring.mail import absolute_url

from .models import Meeting

PRODID = "-//Reverse Mentoring//Meetings//EN"
REMINDER = datetime.timedelta(minutes=-15)
FEED_DAYS_BACK = 365  # how far back a person's own calendar feed goes (a delegate's: 90 days)


def _calendar(name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        # Subscribed calendars poll; hint hourly (Outlook and Apple read one or the other).
        calendar.add(
            "refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"}
        )
        calendar.add("x-published-ttl", "PT1H")
    return calendar


def meeting_uid(meeting: Meeting) -> str:
    # Not the site's domain: a UID must never change, even if the site moves host.
    return f"meeting-{meeting.uid}@reverse-mentoring"


def _title(meeting: Meeting, viewer: User) -> tuple[str, str]:
    """The entry's title and what its link leads to, for one of the pair or a delegate."""
    pairing = meeting.pairing
    role = pairing.role_of(viewer)
    if role is None:  # a delegate of one of the two: the caller checked
        mentee, mentor = pairing.mentee.user.display_name, pairing.mentor.user.display_name
        return f"Reverse mentoring: {mentee} with {mentor}", "Time and place"
    return f"Reverse mentoring with {pairing.other(role).user.display_name}", "Agenda and notes"


def meeting_event(meeting: Meeting, *, viewer: User, link: str | None = None) -> Event:
    """The meeting as `viewer` sees it in their calendar: named after the other person.

    `viewer` may also be a delegate of one of the pair (their assistant): the entry then names
    both people and links to `link`, the delegate's own page, instead of the pair's meeting
    page. Either way it carries the time, the place and the video link, and nothing more.
    """
    pairing = meeting.pairing
    title, link_label = _title(meeting, viewer)
    link = link or absolute_url(reverse("sessions_log:meeting", args=[meeting.pk]))
    lines = [f"{title} ({pairing.program.name}).", ""]
    if meeting.video_url:
        lines += [f"Video call: {meeting.video_url}"]
    lines += [f"{link_label}: {link}"]

    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", title)
    event.add("description", "\n".join(lines))
    event.add("url", link)
    if meeting.place or meeting.video_url:
        event.add("location", meeting.place or meeting.video_url)
    if meeting.is_cancelled:
        event.add("status", "CANCELLED")
        return event
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{title} in 15 minutes")
    alarm.add("trigger", REMINDER)
    event.add_component(alarm)
    return event


def meeting_ics(meeting: Meeting, *, viewer: User) -> bytes:
    calendar = _calendar()
    calendar.add_component(meeting_event(meeting, viewer=viewer))
    return calendar.to_ical()


def events_ics(events: Iterable[Event], *, name: str) -> bytes:
    """A subscribed calendar of these events (a person's feed, a delegate's feed)."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def feed_ics(user: User) -> bytes:
    """The meetings of the user's published and ended pairings, to come and of the last
    FEED_DAYS_BACK days, cancelled ones marked so. Older meetings stay on the pair's page: with
    every meeting of a pair that met for years, each hourly poll of the calendar built hundreds
    of entries (166 ms for 330 meetings)."""
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(ends_at__gt=since)
        .select_related("pairing__program", "pairing__mentee__user", "pairing__mentor__user")
        .order_by("starts_at")
    )
    return events_ics(
        (meeting_event(meeting, viewer=user) for meeting in meetings), name="Reverse mentoring"
    )
