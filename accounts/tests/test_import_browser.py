"""An HR admin imports employees in a real Chromium: a bad line, the fix, apply."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User

from .factories import UserFactory
from .test_import import make_csv, person

pytestmark = pytest.mark.browser


@pytest.fixture
def hr_login(log_in):
    helen = UserFactory(email="helen@example.com", first_name="Helen", hr_admin=True)
    log_in(helen)
    return helen


def test_hr_fixes_a_bad_line_then_applies_the_import(
    page: Page, live_server, hr_login, screenshot, tmp_path, mailoutbox
):
    rows = [
        person("carla.castillo@example.com", first_name="Carla", last_name="Castillo",
               title="Chief Operating Officer", level="10", department="Operations",
               timezone="Europe/Madrid", location="Madrid"),
        person("ben.bauer@example.com", first_name="Ben", last_name="Bauer",
               title="Data Analyst", level="3", department="Operations",
               manager_email="carla.castillo@example.com", timezone="Europe/Berlin",
               location="Berlin"),
        person("ines.iyer@example.com", first_name="Ines", last_name="Iyer",
               title="Cloud Engineer", level="2", department="Engineering",
               manager_email="carla.castillo@example.com", timezone="Asia/Kolkata",
               location="Bengaluru"),
    ]  # fmt: skip
    bad_file = tmp_path / "hr-export.csv"
    bad_file.write_text(make_csv(*rows[:2], {**rows[2], "timezone": "India/Bangalore"}))

    page.goto(f"{live_server.url}/hr/employees/import/")
    expect(page.get_by_role("heading", name="Import employees")).to_be_visible()
    expect(page.get_by_text("No imports yet")).to_be_visible()
    screenshot("upload-page")

    page.get_by_label("CSV or Excel file").set_input_files(bad_file)
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="1 line to fix")).to_be_visible()
    problem = page.get_by_role("row").filter(has_text="ines.iyer@example.com").first
    expect(problem).to_contain_text("4")
    expect(problem).to_contain_text("unknown time zone 'India/Bangalore'")
    expect(page.get_by_role("button", name="Apply")).to_have_count(0)
    screenshot("preview-with-a-bad-line")

    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot("preview-with-a-bad-line-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    fixed_file = tmp_path / "hr-export-fixed.csv"
    fixed_file.write_text(make_csv(*rows))
    page.get_by_role("link", name="Upload a corrected file").click()
    page.get_by_label("CSV or Excel file").set_input_files(fixed_file)
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="New people (3)")).to_be_visible()
    expect(page.get_by_label("E-mail the new people an invitation")).to_be_checked()
    screenshot("preview-ready")

    page.get_by_role("button", name="Apply: create 3, update 0").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Import applied: 3 people created, 0 updated, 0 unchanged."
    )
    screenshot("applied")
    assert sorted(message.to[0] for message in mailoutbox) == [
        "ben.bauer@example.com", "carla.castillo@example.com", "ines.iyer@example.com",
    ]  # fmt: skip
    ben = User.objects.select_related("profile__manager").get(email="ben.bauer@example.com")
    assert ben.profile.manager.email == "carla.castillo@example.com"
    assert ben.profile.level == 3

    page.goto(f"{live_server.url}/hr/employees/import/")
    expect(page.get_by_role("row").filter(has_text="hr-export-fixed.csv")).to_contain_text(
        "Applied"
    )
    screenshot("recent-imports")

    changed_file = tmp_path / "hr-export-april.csv"
    promoted = {**rows[1], "title": "Senior Data Analyst", "level": "4"}
    changed_file.write_text(make_csv(rows[0], promoted, rows[2]))
    page.get_by_label("CSV or Excel file").set_input_files(changed_file)
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="Updates (1)")).to_be_visible()
    changes = page.get_by_role("row").filter(has_text="ben.bauer@example.com")
    expect(changes).to_contain_text("title: Data Analyst → Senior Data Analyst")
    expect(page.get_by_role("button", name="Apply: create 0, update 1")).to_be_visible()
    screenshot("preview-with-an-update")
