"""The pages that ask before a mass or irreversible action, and the home page beside an open
program, as their people see them on a laptop and on a phone (issue 14, items 2 and 6)."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Skill
from accounts.tests.factories import ProfileFactory, UserFactory
from programs.tests.factories import ProgramFactory
from sessions_log.services import agenda_item_add
from sessions_log.tests.conftest import make_meeting, make_pair

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_each_confirmation_says_what_happens_before_it_happens(
    page: Page, live_server, log_in, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    hr = UserFactory(first_name="Helen", hr_admin=True)
    program = ProgramFactory(name="Digital Leaders · autumn cohort for the leadership team")
    for level in (9, 2, 3):
        ProfileFactory(level=level)

    log_in(hr)
    page.goto(f"{live_server.url}/hr/programs/{program.pk}/invite/")
    page.get_by_role("link", name="Announce to 3 people…").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("3 eligible employees")
    expect(page.get_by_test_id("preview")).to_contain_text("You are invited to Digital Leaders")
    screenshot("announce")

    ai = Skill.objects.get(name="Generative AI assistants")
    page.goto(f"{live_server.url}/hr/skills/{ai.pk}/retire/")
    expect(page.get_by_role("heading", name="Retire “Generative AI assistants”")).to_be_visible()
    screenshot("retire-skill")

    pair = make_pair()
    meeting = make_meeting(pair, days=4)
    item = agenda_item_add(meeting=meeting, by=pair.mentor.user, title="Your first LinkedIn post")
    log_in(pair.mentor.user)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Remove “Your first LinkedIn post”").click()
    expect(page.get_by_text("this cannot be undone")).to_be_visible()
    screenshot("remove-agenda-item")
    page.get_by_role("button", name="Remove the item").click()
    expect(page.get_by_text("is removed from the agenda")).to_be_visible()
    assert not type(item).objects.filter(pk=item.pk).exists()

    # The executive's own pair first; a program she may join is offered quietly below it.
    ProgramFactory(name="Data literacy for leaders", mentee_min_level=5)
    log_in(pair.mentee.user)
    expect(page.get_by_text("Also open for enrolment")).to_be_visible()
    expect(page.get_by_test_id("pair-program")).to_contain_text(pair.program.name)
    screenshot("home-with-an-open-program")
