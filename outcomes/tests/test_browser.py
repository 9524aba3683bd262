"""In Chromium: an executive and a junior answer the midpoint check-in from the e-mail link;
HR opens the outcomes page (desktop, phone, print) and downloads a CSV."""

import re
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import Skill, SkillWanted
from accounts.tests.factories import ProfileFactory, UserFactory
from notifications.outcome_rules import check_in
from notifications.rules import run_rules
from outcomes.models import FitCheck, Thanks
from programs.models import Phase, Program, Role

from .conftest import fill_outcomes, held_meeting, make_pairs, running_program

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def cohort(reference_data):
    program = running_program(name="Digital Leaders · Spring cohort")
    pairs = make_pairs(program, 6, wants=("Social media for leaders", "Generative AI assistants"))
    fill_outcomes(program, pairs[1:])
    SkillWanted.objects.create(
        user=pairs[0].mentor.user, skill=Skill.objects.get(name="Negotiation"), priority=3,
        current_level=1,
    )  # fmt: skip
    return program, pairs[0]


def link_for(user, live_server) -> str:
    """The check-in link of the reminder e-mail `user` got, on the live server."""
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    url = re.search(r"https?://\S+/check-in/midpoint/", message.body).group(0)
    return live_server.url + urlparse(url).path


def answer_from_the_email(page: Page, live_server, screenshot, user, name: str) -> None:
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    page.context.clear_cookies()
    page.goto(link_for(user, live_server))  # not logged in: through the login page
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("a long pass phrase 42")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Midpoint check-in")).to_be_visible()
    expect(page.locator("#confidentiality")).to_contain_text("at least five people")
    screenshot(f"{name}-check-in")
    for group in page.locator("fieldset, .form-group, .mb-3").all():
        radios = group.locator("input[type=radio]")
        if radios.count() == 5:
            radios.nth(3).check()
    page.get_by_label("What would make the program better?").fill("Longer meetings, please.")
    page.set_viewport_size(PHONE)
    screenshot(f"{name}-check-in-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Your growth")).to_be_visible()
    screenshot(f"{name}-growth")


def test_both_sides_answer_from_the_email_and_hr_reads_the_outcomes(
    page: Page, live_server, log_in, screenshot, cohort
):
    program, pair = cohort
    page.set_viewport_size(DESKTOP)
    run_rules(rules={"check_in": check_in})  # the sweep: e-mails with the link go out
    answer_from_the_email(page, live_server, screenshot, pair.mentee.user, "executive")
    expect(page.get_by_role("row", name=re.compile("Social media for leaders 2 4"))).to_be_visible()
    answer_from_the_email(page, live_server, screenshot, pair.mentor.user, "junior")
    expect(page.get_by_role("row", name=re.compile("Negotiation 1 4"))).to_be_visible()

    log_in(UserFactory(hr_admin=True))
    page.goto(f"{live_server.url}/hr/programs/{program.pk}/outcomes/")
    expect(page.get_by_role("heading", name=re.compile("Outcomes"))).to_be_visible()
    expect(page.get_by_text("Longer meetings, please.").first).to_be_visible()  # 7 answers now
    expect(page.get_by_text("This is a comparison, not proof")).to_be_visible()
    screenshot("hr-outcomes")
    with page.expect_download() as download:
        page.locator(
            "#growth-title ~ a, section:has(#growth-title) a", has_text="CSV"
        ).first.click()
    csv_text = download.value.path().read_text(encoding="utf-8")
    assert csv_text.startswith("who_learns,skill,answered")
    assert "mentee,Generative AI assistants,6,1.17,3.17,2.00,100" in csv_text
    page.set_viewport_size(PHONE)
    screenshot("hr-outcomes-phone")
    page.set_viewport_size(DESKTOP)
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    screenshot("hr-outcomes-print")
    page.emulate_media(media="screen")


def test_the_other_outcome_pages_on_a_desktop_and_a_phone(
    page: Page, live_server, log_in, screenshot, cohort
):
    """Every other page of the app, looked at: the pair's pages, the certificate, HR's lists."""
    program, pair = cohort
    held_meeting(pair, days_ago=3)
    Thanks.objects.create(pairing=pair, text="Thank you for your patience with my questions.")
    manager = ProfileFactory(title="Head of Marketing").user
    pair.mentor.user.profile.manager = manager
    pair.mentor.user.profile.save()
    FitCheck.objects.create(pairing=pair, role=Role.MENTOR, fit=2, learning=2)

    def both(path: str, name: str) -> None:
        page.set_viewport_size(DESKTOP)
        page.goto(f"{live_server.url}{path}")
        screenshot(name)
        page.set_viewport_size(PHONE)
        screenshot(f"{name}-phone")
        page.set_viewport_size(DESKTOP)

    log_in(pair.mentee.user)
    both(f"/pairs/{pair.pk}/fit/", "fit-check")
    page.get_by_label("1 · Not well").check()
    page.get_by_label("3", exact=True).last.check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your pair does not see your answers")).to_be_visible()
    both(f"/pairs/{pair.pk}/can-do/", "can-do")
    page.get_by_role("button", name="I did it").first.click()
    both(f"/pairs/{pair.pk}/thanks/", "thanks")

    Program.objects.filter(pk=program.pk).update(phase=Phase.CLOSED)
    log_in(pair.mentor.user)
    both(f"/pairs/{pair.pk}/can-do/", "can-do-mentor")
    both(f"/programs/{program.pk}/recognition/", "recognition")
    expect(page.get_by_text("Thank you for your patience")).to_have_count(1)  # quoted beside
    page.get_by_role("button", name=re.compile("Send it to")).click()
    expect(page.get_by_text("The note is on its way")).to_be_visible()

    log_in(UserFactory(hr_admin=True))
    both(f"/hr/programs/{program.pk}/fit/", "hr-fit-list")
    both(f"/hr/programs/{program.pk}/surveys/end/", "hr-survey-questions")
    both("/hr/programs/", "hr-programs-list")
    expect(page.locator(".outcome-summary")).to_have_count(1)
