"""An executive's assistant in Chromium: named from the executive's home page, accepts, keeps
the calendar (schedules and moves a meeting), and is removed; the mentor hears who did it for
whom; what the pair writes never shows on the assistant's pages."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.tests.factories import ProfileFactory, UserFactory
from delegates.models import Delegation
from mentoring.tests.screens import fits_a_phone, rows_are_cards_on_a_phone
from sessions_log.models import Meeting
from sessions_log.services import agenda_item_add, goal_create

from .conftest import make_delegation, make_meeting, make_pair

pytestmark = pytest.mark.browser


@pytest.fixture
def pair(reference_data):
    pair = make_pair()
    pair.program.name = "Digital Leaders · Spring cohort for the extended leadership team"
    pair.program.save()
    return pair


def test_an_assistant_keeps_the_executives_mentoring_calendar(
    page: Page, live_server, log_in, screenshot, pair, mailoutbox
):
    executive, mentor = pair.mentee.user, pair.mentor.user
    assistant = ProfileFactory(
        user=UserFactory(first_name="Priya", last_name="Shah-Wellington-Abernathy"),
        title="Executive Assistant to the CFO",
        timezone="Europe/London",
    ).user
    goal_create(pairing=pair, by=executive, title="SECRET-GOAL write my first post")
    agenda_item_add(
        meeting=make_meeting(pair, days=2, place="Finance floor, room 4.02"),
        by=mentor,
        title="SECRET-AGENDA the reorganisation",
    )

    # The executive names her assistant from her home page.
    log_in(executive)
    page.locator("#my-delegates").get_by_role("link", name="Name a delegate").click()
    expect(page.get_by_role("heading", name="My delegates")).to_be_visible()
    screenshot("executive-no-delegate")
    page.get_by_label("Your delegate's e-mail").fill("nobody@example.com")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("Nobody in the company has this e-mail address.")).to_be_visible()
    page.get_by_label("Your delegate's e-mail").fill(assistant.email)
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("is invited: they accept on their own page")).to_be_visible()
    expect(page.get_by_text("Invited, not answered yet")).to_be_visible()
    screenshot("executive-invited")

    # The assistant accepts from the invitation on her home page.
    log_in(assistant)
    page.get_by_role("link", name="Answer").first.click()
    expect(page.get_by_role("heading", name="Be Margaret Okafor's delegate?")).to_be_visible()
    screenshot("invitation")
    fits_a_phone(page, screenshot, "invitation")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", name="Meetings I look after")).to_be_visible()
    expect(page.get_by_text("Finance floor, room 4.02")).to_be_visible()
    expect(page.get_by_text("SECRET")).to_have_count(0)
    screenshot("assist")
    fits_a_phone(page, screenshot, "assist")

    # She schedules a meeting for Margaret, in her own time zone.
    page.get_by_role("link", name="Schedule a meeting").first.click()
    expect(page.get_by_text("No topic")).to_have_count(0)
    day = timezone.localdate() + datetime.timedelta(days=9)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Time (Europe/London)").fill("09:30")
    page.get_by_label("Place").fill("CFO office, 12th floor")
    screenshot("assist-schedule")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("The meeting is scheduled; both people get an e-mail.")).to_be_visible()
    screenshot("assist-pair")
    fits_a_phone(page, screenshot, "assist-pair")
    meeting = Meeting.objects.get(place="CFO office, 12th floor")
    assert meeting.created_by == assistant
    to_mentor = [mail for mail in mailoutbox if mail.to == [mentor.email]]
    assert "on behalf of Margaret Okafor" in to_mentor[-1].body

    # And moves it.
    page.locator(f"#meeting-{meeting.pk}").get_by_role("link", name="Move").click()
    page.get_by_label("Time (Europe/London)").fill("11:00")
    page.get_by_role("button", name="Move the meeting").click()
    expect(page.get_by_text("The meeting is moved")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.sequence == 1

    # Her calendar feed page, with the private address.
    page.get_by_role("link", name="Meetings I look after").click()
    page.get_by_role("link", name="Calendar feed").click()
    expect(page.get_by_text("Your private calendar address")).to_be_visible()
    screenshot("assist-calendar")

    # The mentor sees the meeting on the pair page, as any other.
    log_in(mentor)
    page.goto(f"{live_server.url}/pairs/{pair.pk}/")
    expect(page.get_by_text("CFO office, 12th floor")).to_be_visible()

    # The executive sees her delegate and removes her; the assistant's pages close.
    log_in(executive)
    expect(page.locator("#my-delegates").get_by_text(assistant.display_name)).to_be_visible()
    screenshot("executive-home-with-delegate")
    page.locator("#my-delegates").get_by_role("link", name="Manage").click()
    screenshot("executive-delegate")
    fits_a_phone(page, screenshot, "executive-delegate")
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_text("is no longer your delegate")).to_be_visible()
    assert Delegation.objects.get().status == Delegation.Status.ENDED
    log_in(assistant)
    assert page.goto(f"{live_server.url}/assist/pairs/{pair.pk}/").status == 404


def test_hr_sees_who_has_a_delegate(page: Page, live_server, log_in, screenshot, pair):
    make_delegation(pair.mentee.user, ProfileFactory().user)
    hr = UserFactory(hr_admin=True)
    log_in(hr)
    page.get_by_role("button", name="HR").or_(page.get_by_role("link", name="HR")).first.click()
    page.get_by_role("link", name="Executives' delegates").click()
    expect(page.get_by_role("heading", name="Executives with a delegate")).to_be_visible()
    expect(page.get_by_text("Margaret Okafor")).to_be_visible()
    screenshot("hr-delegates")
    rows_are_cards_on_a_phone(page, screenshot, "hr-delegates")
    assert re.search(r"Since", page.content())
