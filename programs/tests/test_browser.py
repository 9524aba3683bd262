"""HR creates a program and opens enrolment; an executive and a junior enrol, in Chromium."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Skill, SkillOffered, SkillWanted
from accounts.tests.factories import ProfileFactory, UserFactory
from mentoring.tests.screens import fits_a_phone
from programs.models import Enrolment, EnrolmentStatus, Program
from programs.tests.factories import EnrolmentFactory, ProgramFactory

pytestmark = pytest.mark.browser


def person(level: int, first_name: str):
    user = ProfileFactory(level=level, user__first_name=first_name).user
    SkillOffered.objects.create(
        user=user, skill=Skill.objects.get(name="Negotiation"), proficiency=4
    )
    SkillWanted.objects.create(
        user=user, skill=Skill.objects.get(name="Data dashboards"), priority=2, current_level=1
    )
    return user


def test_hr_opens_a_program_and_two_people_enrol(page: Page, live_server, log_in, screenshot):
    hr = UserFactory(first_name="Helen", hr_admin=True)
    executive, junior = person(9, "Grace"), person(3, "Kofi")
    today = timezone.localdate()

    log_in(hr)
    page.get_by_role("button", name="HR").click()
    page.get_by_role("link", name="Programs", exact=True).last.click()
    expect(page.get_by_text("No program yet.")).to_be_visible()
    screenshot("hr-no-program")
    page.get_by_role("link", name="Create the first program").click()
    page.get_by_label("Name").fill("Digital Leaders pilot")
    page.get_by_label("Description").fill("Executives learn LinkedIn and AI from juniors.")
    for label, days in [
        ("Enrolment opens", -1), ("Enrolment closes", 14), ("Program starts", 21),
        ("Program ends", 180),
    ]:  # fmt: skip
        page.get_by_label(label).fill((today + datetime.timedelta(days=days)).isoformat())
    screenshot("hr-new-program")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("is created as a draft")).to_be_visible()
    page.get_by_role("button", name="Open enrolment").click()
    expect(page.get_by_text("The program is now Enrolling.")).to_be_visible()
    screenshot("hr-enrolling")

    log_in(executive)
    page.get_by_role("link", name="Read more and enrol").first.click()
    expect(page.get_by_text("Confidentiality")).to_be_visible()
    page.get_by_label("Mentee (executive who learns digital skills)").check()
    page.get_by_label("What do you hope to get out of it?").fill("Post on LinkedIn myself.")
    page.get_by_label("Tue Morning (8–12)").check()
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_text("Accept the ground rules to take part.")).to_be_visible()
    screenshot("mentee-forgot-ground-rules")
    page.get_by_label("Mentee (executive who learns digital skills)").check()
    page.get_by_label("I have read the ground rules and accept them.").check()
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_text("Thank you for taking part.")).to_be_visible()
    expect(page.get_by_text("You are enrolled as a mentee: approved.")).to_be_visible()
    screenshot("mentee-enrolled")

    log_in(junior)
    page.get_by_role("link", name="Read more and enrol").first.click()
    page.get_by_label("Mentor (junior who teaches digital skills)").check()
    page.get_by_label("Mentees you can take (mentors only)").fill("1")
    page.get_by_label("I have read the ground rules and accept them.").check()
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_text("You are enrolled as a mentor: approved.")).to_be_visible()
    screenshot("mentor-enrolled")

    program = Program.objects.get(name="Digital Leaders pilot")
    roles = dict(Enrolment.objects.filter(program=program).values_list("user__email", "role"))
    assert roles == {executive.email: "mentee", junior.email: "mentor"}

    log_in(hr)
    page.goto(f"{live_server.url}/hr/programs/{program.pk}/")
    expect(page.get_by_text("Enough mentor places for every mentee.")).to_be_visible()
    screenshot("hr-dashboard")


def test_a_forged_enrolment_id_is_named_in_a_message_that_fits_a_phone(
    page: Page, live_server, log_in, screenshot
):
    program = ProgramFactory(requires_approval=True)
    waiting = EnrolmentFactory(program=program, status=EnrolmentStatus.PENDING)
    log_in(UserFactory(hr_admin=True))
    page.goto(f"{live_server.url}{reverse('programs:dashboard', args=[program.pk])}")
    forged = "1219089064169061529186758052282368"
    box = page.locator(f'input[name="enrolments"][value="{waiting.pk}"]')
    box.evaluate(f"box => {{ box.value = '{forged}'; box.checked = true; }}")
    page.locator('form:has(input[name="enrolments"]) button[type=submit]').first.click()
    expect(page.get_by_role("alert")).to_contain_text(f"“{forged}” is not a valid value.")
    fits_a_phone(page, screenshot, "forged-enrolment-id")  # the long number wraps
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.PENDING
