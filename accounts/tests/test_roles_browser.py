"""HR's roles, audit log and sign-in settings in Chromium, at laptop and phone width."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts.models import HR_ADMINS_GROUP, ManagedProgram, User
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.browser


def test_hr_makes_someone_a_program_manager_and_finds_it_in_the_audit_log(
    page, live_server, log_in, screenshot
):
    hr = User.objects.create_user("helen@example.com", "a long pass phrase 42", first_name="Helen")
    hr.groups.add(Group.objects.get(name=HR_ADMINS_GROUP))
    sam = User.objects.create_user("sam@example.com", None, first_name="Sam", last_name="Lee")
    program = ProgramFactory(name="Digital Leaders 2027")
    log_in(hr)

    page.goto(f"{live_server.url}/hr/roles/")
    screenshot("roles")
    page.get_by_label("Employee's e-mail address").fill("sam@example.com")
    page.get_by_label("Role").select_option(label="Program manager of Digital Leaders 2027")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Make Sam Lee Program manager of")).to_be_visible()
    screenshot("confirm-grant")
    page.get_by_role("button", name="Make them Program manager").click()
    expect(
        page.get_by_text("Sam Lee is now Program manager of Digital Leaders 2027.")
    ).to_be_visible()
    assert ManagedProgram.objects.filter(user=sam, program=program).exists()

    page.goto(f"{live_server.url}/hr/audit/")
    page.get_by_label("Action").select_option(label="HR role granted")
    page.get_by_role("button", name="Filter").click()
    rows = page.get_by_test_id("audit-entries").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("helen@example.com")
    expect(rows.first).to_contain_text("Program manager of Digital Leaders 2027")
    screenshot("audit-log")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("audit-log-phone")
    page.goto(f"{live_server.url}/hr/roles/")
    screenshot("roles-phone")
    page.goto(f"{live_server.url}/hr/sign-in/")
    screenshot("sign-in-settings-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot("sign-in-settings")
