"""HR runs the pairing on a real worker, adjusts the board and publishes, in Chromium."""

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import UserFactory
from pairing.models import Pairing
from programs.models import Role
from programs.tests.factories import ProgramFactory

from .conftest import enrol

pytestmark = pytest.mark.browser


def test_hr_runs_adjusts_and_publishes_the_pairing(
    page: Page, live_server, log_in, screenshot, celery_worker
):
    hr = UserFactory(first_name="Helen", hr_admin=True)
    program = ProgramFactory(name="Spring cohort", phase="matching")
    people = {
        "Ada": enrol(program, role=Role.MENTEE, level=10, wants=["Generative AI assistants"],
                     user__first_name="Ada", department="Finance"),
        "Bob": enrol(program, role=Role.MENTEE, level=9, wants=["Social media for leaders"],
                     user__first_name="Bob", department="Sales"),
        "Cy": enrol(program, role=Role.MENTOR, level=2, offers=["Generative AI assistants"],
                    user__first_name="Cy", department="Technology", capacity=2),
        "Di": enrol(program, role=Role.MENTOR, level=3, offers=["Social media for leaders"],
                    user__first_name="Di", department="Marketing", capacity=2),
    }  # fmt: skip

    log_in(hr)
    page.goto(f"{live_server.url}/hr/programs/{program.pk}/pairing/")
    expect(page.get_by_text("No pairs yet.")).to_be_visible()
    screenshot("empty-board")
    page.get_by_role("button", name="Run the pairing").click()
    # The run goes to the Celery worker; the page shows its progress, then refreshes itself.
    progress = page.get_by_text("Pairing under way…")
    if progress.is_visible():
        screenshot("progress")
    expect(page.get_by_role("heading", name="Proposed pairs")).to_be_visible(timeout=20_000)
    expect(page.locator("#matched")).to_contain_text("2")
    screenshot("proposed")

    ada_row = page.locator("tr", has_text=people["Ada"].user.display_name)
    ada_row.get_by_role("button", name="Lock", exact=True).click()
    expect(page.get_by_text("stay together in the next run")).to_be_visible()

    bob_row = page.locator("tr", has_text=people["Bob"].user.display_name)
    bob_row.get_by_role("link", name="Other mentors").click()
    expect(page.get_by_role("heading", name="The five best other allowed mentors")).to_be_visible()
    screenshot("other-mentors")
    page.get_by_role("button", name="Pair with Cy").click()
    expect(page.get_by_text("is paired with")).to_be_visible()
    screenshot("reassigned")

    page.get_by_role("button", name="Run again, keeping the locks").click()
    expect(page.get_by_role("heading", name="Proposed pairs")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Pairing under way…")).to_be_hidden(timeout=20_000)
    proposed = {
        p.mentee.user.first_name: p.mentor.user.first_name
        for p in Pairing.objects.select_related("mentee__user", "mentor__user")
    }
    assert proposed == {"Ada": "Cy", "Bob": "Cy"}  # both locks kept, though Di suits Bob better
    screenshot("after-rerun")

    page.get_by_role("link", name="Publish 2 pairs…").click()
    expect(page.get_by_text("4 people are introduced to their pair")).to_be_visible()
    screenshot("publish-confirmation")
    page.get_by_role("button", name="Publish 2 pairs").click()
    expect(page.get_by_text("2 pairs are published")).to_be_visible()
    expect(page.get_by_role("heading", name="Published pairs (2)")).to_be_visible()
    screenshot("published")
