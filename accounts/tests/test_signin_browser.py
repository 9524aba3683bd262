"""Signing in, in Chromium: through the company's identity provider, and with a second factor."""

import re

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts.models import HR_ADMINS_GROUP, User
from accounts.sso import provider_save
from audit.models import Action, AuditEntry

pytestmark = pytest.mark.browser

PASSWORD = "a long pass phrase 42"


def test_an_imported_employee_signs_in_through_the_company_provider(
    page, live_server, oidc_provider, screenshot
):
    client_id = "mentoring-browser"
    oidc_provider.create_client(
        client_id, "browser secret", f"{live_server.url}/accounts/oidc/company/login/callback/"
    )
    oidc_provider.create_user("grace@example.com", PASSWORD, given_name="Grace")
    hr = User.objects.create_user("helen@example.com", PASSWORD)
    provider_save(
        issuer=oidc_provider.issuer,
        client_id=client_id,
        secret="browser secret",
        label="Example Corp",
        by=hr,
    )
    grace = User.objects.create_user(
        "grace@example.com", None, first_name="Grace", last_name="Hopper"
    )
    grace.emailaddress_set.create(email=grace.email, verified=True, primary=True)

    page.goto(f"{live_server.url}/accounts/login/")
    screenshot("sign-in-page")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("sign-in-page-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Continue with Example Corp").click()

    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Authorize").click()

    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("button", name="Grace Hopper")).to_be_visible()
    screenshot("signed-in")
    assert grace.socialaccount_set.get().provider == "company"


def current_code(secret: str, ahead: int = 0) -> str:
    counters = sorted(yield_hotp_counters_from_time())  # now, and the tolerance either side
    counter = counters[len(counters) // 2] + ahead
    return format_hotp_value(hotp_value(secret, counter))


def test_an_hr_admin_sets_up_a_second_factor_before_hr_pages_open(
    page, live_server, settings, screenshot, log_in
):
    settings.HR_REQUIRE_MFA = True
    settings.MFA_TOTP_TOLERANCE = 1  # the second sign-in uses the next period's code
    hr = User.objects.create_user("helen@example.com", PASSWORD, first_name="Helen")
    hr.groups.add(Group.objects.get(name=HR_ADMINS_GROUP))
    log_in(hr)

    page.goto(f"{live_server.url}/hr/programs/")
    expect(page.get_by_text("HR pages need a second factor")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)  # allauth asks again before MFA changes
    page.get_by_role("button", name="Confirm").click()
    secret = page.locator("#authenticator_secret").input_value()
    screenshot("set-up-authenticator")
    page.locator("input[name=code]").fill(current_code(secret))
    page.get_by_role("button", name=re.compile("Activate", re.I)).click()
    expect(page.get_by_text(re.compile("recovery codes", re.I)).first).to_be_visible()
    screenshot("recovery-codes")

    page.goto(f"{live_server.url}/hr/programs/")
    expect(page.get_by_role("heading", name=re.compile("Programs"))).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(hr.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.locator("input[name=code]").fill(current_code(secret, ahead=1))
    screenshot("second-factor")
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/hr/programs/")
    expect(page.get_by_role("heading", name=re.compile("Programs"))).to_be_visible()
    assert AuditEntry.objects.filter(action=Action.HR_SIGNED_IN, actor=hr).count() == 2


def test_a_security_key_counts_as_the_second_factor(page, live_server, settings, log_in):
    """WebAuthn headless: Chromium's virtual authenticator stands in for a security key."""
    settings.HR_REQUIRE_MFA = True
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the live server speaks http
    hr = User.objects.create_user("helen@example.com", PASSWORD, first_name="Helen")
    hr.groups.add(Group.objects.get(name=HR_ADMINS_GROUP))
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    log_in(hr)
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    # "Add" does nothing until the form's script is wired up, on the page's DOMContentLoaded:
    # clicked as soon as the button showed, it once left the page where it was.
    page.wait_for_url(re.compile(r"/accounts/2fa/webauthn/add/$"))
    page.get_by_role("button", name="Add").click()
    # Away from the form once the key is saved (the form's own address is under /2fa/ too).
    page.wait_for_url(re.compile(r"/accounts/2fa/(?!webauthn/add/)"))

    page.goto(f"{live_server.url}/hr/programs/")
    expect(page.get_by_role("heading", name=re.compile("Programs"))).to_be_visible()
    assert hr.authenticator_set.filter(type="webauthn").exists()
