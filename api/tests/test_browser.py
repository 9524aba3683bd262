"""People make, copy and revoke API tokens in a real Chromium, on a laptop and a phone; HR
watches over HR's tokens; the API's documentation opens from the site's own files."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import ProfileFactory, UserFactory
from api.models import ApiToken

from .conftest import ApiClient, make_token

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_an_hr_admin_makes_a_token_sees_it_once_and_a_colleague_revokes_it(
    page: Page, live_server, log_in, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    helen = ProfileFactory(
        user=UserFactory(
            hr_admin=True, first_name="Helen", last_name="Ramirez-Villanueva de la Cruz"
        )
    ).user
    log_in(helen)
    page.goto(f"{live_server.url}/profile/api-tokens/")
    expect(page.get_by_text("You have no API token yet.")).to_be_visible()
    screenshot("no-token-yet")
    page.get_by_label("Name").fill("Workday nightly sync of every employee in the company")
    page.get_by_label("Read and write").check()
    page.get_by_label("Expires after").select_option("30")
    page.get_by_role("button", name="Create the token").click()
    expect(page.get_by_text("Copy it now: it is shown only this once.")).to_be_visible()
    secret = page.locator("#secret").input_value()
    assert secret.startswith("rmt_")
    screenshot("shown-once")
    assert ApiClient(secret).get("/api/v1/employees/").status_code == 200

    page.get_by_role("link", name="Done").click()
    expect(page.get_by_text(secret)).to_have_count(0)
    expect(page.locator("code", has_text=secret[:12])).to_be_visible()
    screenshot("listed-without-the-secret")

    colleague = UserFactory(hr_admin=True)
    log_in(colleague)
    page.goto(f"{live_server.url}/hr/api-tokens/")
    expect(page.get_by_text("Ramirez-Villanueva")).to_be_visible()
    screenshot("hr-tokens")
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("is revoked.")).to_be_visible()
    screenshot("hr-revoked")
    assert ApiClient(secret).get("/api/v1/employees/").status_code == 401
    assert ApiToken.objects.get().revoked_by == colleague


@pytest.mark.parametrize("width", [1280, 390])
def test_an_employee_revokes_their_own_token(page: Page, live_server, log_in, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    leo = ProfileFactory(user=UserFactory(first_name="Leo", last_name="Park")).user
    make_token(leo)
    log_in(leo)
    page.goto(f"{live_server.url}/")
    if width < 768:
        page.get_by_role("button", name="Open the menu").click()
        # The menu slides open: its dropdown opens once the slide is over (on a loaded CI
        # machine a click during the slide was lost).
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_role("button", name="Leo Park").click()
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("   ")  # the browser lets spaces through; the form does not
    page.get_by_role("button", name="Create the token").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    screenshot("form-error")
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("“test” is revoked: it no longer works.")).to_be_visible()
    expect(page.get_by_text("revoked", exact=False).first).to_be_visible()
    screenshot("revoked")


def test_the_api_documentation_opens_without_any_outside_file(page: Page, live_server, screenshot):
    outside = []
    page.on("request", lambda request: outside.append(request.url))
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_text("Reverse Mentoring API").first).to_be_visible()
    page.get_by_text("/api/v1/employees/bulk/").first.click()
    expect(page.get_by_text("Idempotency-Key").first).to_be_visible()
    screenshot("swagger")
    local = (live_server.url, "blob:", "data:")
    assert [url for url in outside if not url.startswith(local)] == []
