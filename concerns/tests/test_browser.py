"""A concern in Chromium, end to end: the junior raises one anonymously from the pair page,
HR acknowledges it, writes a note and resolves it without ever seeing who or which pair; the
junior follows it on their own page and tells HR later that it was them; the executive sees
nothing of it. Then a named concern: its author hears of each step."""

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import UserFactory
from concerns.models import Concern
from mentoring.tests.screens import fits_a_phone, rows_are_cards_on_a_phone
from notifications.models import Notification
from sessions_log.tests.conftest import make_pair

pytestmark = pytest.mark.browser

WORDS = "He keeps asking me what my manager thinks of the reorganisation."


@pytest.fixture
def pair(reference_data):
    pair = make_pair()
    pair.program.name = "Digital Leaders · Spring cohort for the extended leadership team"
    pair.program.save()
    return pair


def open_hr_concerns(page: Page) -> None:
    page.get_by_role("button", name="HR").or_(page.get_by_role("link", name="HR")).first.click()
    page.get_by_role("link", name="Concerns").click()


def test_an_anonymous_concern_from_the_pair_page_to_its_resolution(
    page: Page, live_server, log_in, screenshot, pair, mailoutbox
):
    executive, junior = pair.mentee.user, pair.mentor.user
    hr = UserFactory(hr_admin=True, first_name="Helen", last_name="Ramirez")

    # The junior raises it from the pair page, anonymously.
    log_in(junior)
    page.goto(f"{live_server.url}/pairs/{pair.pk}/")
    expect(page.get_by_text("Margaret is never told").filter(visible=True)).to_be_visible()
    page.get_by_role("link", name="Raise a concern").click()
    expect(page.get_by_role("heading", name="Raise a concern with HR")).to_be_visible()
    page.get_by_role("button", name="Send to HR").click()  # empty: each field says what it needs
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    screenshot("raise-errors")
    page.get_by_label("A power problem (pressure, favours, my career)").check()
    page.get_by_label("What happened?").fill(WORDS)
    page.get_by_label("Anonymous: HR sees the program").check()
    screenshot("raise")
    fits_a_phone(page, screenshot, "raise")
    page.get_by_role("button", name="Send to HR").click()
    expect(page.get_by_text("Your concern is with HR. Your pair is not told.")).to_be_visible()
    expect(page.get_by_text("Anonymous: HR does not know it was you.")).to_be_visible()
    screenshot("mine")
    concern = Concern.objects.get()
    assert concern.raised_by is None and concern.pairing is None

    # HR: the program, the category, the words, the day; never who nor which pair.
    log_in(hr)
    open_hr_concerns(page)
    expect(page.get_by_role("heading", name="Concerns")).to_be_visible()
    expect(page.get_by_role("cell", name="Anonymous")).to_be_visible()
    screenshot("hr-list")
    rows_are_cards_on_a_phone(page, screenshot, "hr-list")
    page.get_by_role("link", name="A power problem").click()
    expect(page.get_by_text(WORDS)).to_be_visible()
    for name in ("Leo", "Park", "Margaret", "Okafor"):
        expect(page.locator("main").get_by_text(name)).to_have_count(0)
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Acknowledged.")).to_be_visible()
    page.get_by_label("Note (only HR sees it)").fill("Raise at the cohort call: no quizzing.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Your note is saved (HR only).")).to_be_visible()
    page.get_by_label("Addressed for the whole program").check()
    screenshot("hr-detail")
    fits_a_phone(page, screenshot, "hr-detail")
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_text("Resolved on")).to_be_visible()
    screenshot("hr-resolved")
    # An anonymous concern: nobody was told anything.
    assert mailoutbox == [] and not Notification.objects.exists()

    # The junior sees it resolved, and tells HR it was them.
    log_in(junior)
    page.goto(f"{live_server.url}/concerns/")
    expect(page.get_by_text("Outcome: Addressed for the whole program")).to_be_visible()
    expect(page.get_by_text("Raise at the cohort call")).to_have_count(0)  # HR's note
    page.get_by_role("link", name="Tell HR it was me").click()
    page.get_by_label("Yes: HR may see that I raised this concern").check()
    screenshot("reveal")
    page.get_by_role("button", name="Tell HR").click()
    expect(page.get_by_text("HR now sees that you raised it")).to_be_visible()
    concern.refresh_from_db()
    assert concern.raised_by == junior and concern.pairing == pair

    # The executive: nothing on her pages, nothing in her mail or bell.
    log_in(executive)
    page.goto(f"{live_server.url}/pairs/{pair.pk}/")
    expect(page.get_by_text("reorganisation")).to_have_count(0)
    page.goto(f"{live_server.url}/concerns/")
    expect(page.get_by_text("You have not raised any concern.")).to_be_visible()
    assert not [mail for mail in mailoutbox if executive.email in mail.to]
    assert not Notification.objects.filter(recipient=executive).exists()


def test_the_author_of_a_named_concern_hears_of_each_step(
    page: Page, live_server, log_in, screenshot, reference_data, mailoutbox
):
    pair = make_pair()
    executive = pair.mentee.user
    hr = UserFactory(hr_admin=True)

    log_in(executive)
    page.goto(f"{live_server.url}/pairs/{pair.pk}/concern/")
    page.get_by_label("We do not meet").check()
    page.get_by_label("What happened?").fill("Leo has cancelled our last four meetings.")
    page.get_by_label("HR may contact me about this").check()
    page.get_by_role("button", name="Send to HR").click()
    expect(page.get_by_text("HR knows you raised it")).to_be_visible()

    log_in(hr)
    open_hr_concerns(page)
    expect(page.get_by_role("cell", name="Margaret Okafor")).to_be_visible()
    page.get_by_role("link", name="We do not meet").click()
    expect(page.get_by_text("About the pairing of")).to_be_visible()
    expect(page.get_by_role("button", name="End the pairing")).to_be_visible()
    screenshot("hr-named")
    page.get_by_role("button", name="Acknowledge").click()
    page.get_by_label("HR talked with the people concerned").check()
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_text("The person who raised it is told.")).to_be_visible()

    log_in(executive)
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_text("HR has your concern in hand")).to_be_visible()
    expect(page.get_by_text("Your concern is resolved")).to_be_visible()
    screenshot("author-notifications")
    subjects = sorted(mail.subject for mail in mailoutbox if mail.to == [executive.email])
    assert [subject.split("] ")[-1] for subject in subjects] == [
        "HR has your concern in hand",
        "Your concern is resolved",
    ]
