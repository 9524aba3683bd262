"""HR's sign-in settings page, and what signing in leaves in the audit log."""

import pytest
from allauth.socialaccount.models import SocialApp
from django.urls import reverse

from audit.models import Action, AuditEntry

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long pass phrase 42"
PROVIDER = {
    "form": "provider",
    "issuer": "https://sso.example.com/realms/northwind",
    "client_id": "reverse-mentoring",
    "secret": "s3cret-value",
    "label": "Northwind account",
}


def test_hr_sets_up_the_provider_and_the_change_is_recorded_without_the_secret(client, hr_admin):
    client.force_login(hr_admin)
    client.post(reverse("accounts:signin_settings"), PROVIDER)
    app = SocialApp.objects.get(provider_id="company")
    assert (app.client_id, app.secret, app.name) == (
        "reverse-mentoring",
        "s3cret-value",
        "Northwind account",
    )
    assert app.settings["server_url"] == PROVIDER["issuer"]
    entry = AuditEntry.objects.get(action=Action.SSO_CHANGED)
    assert entry.actor == hr_admin
    assert entry.changes["client id"] == ["", "reverse-mentoring"]
    assert "s3cret-value" not in str(entry.changes) + str(entry.details)

    # An empty secret keeps the stored one.
    client.post(reverse("accounts:signin_settings"), {**PROVIDER, "secret": "", "label": "SSO"})
    app.refresh_from_db()
    assert (app.secret, app.name) == ("s3cret-value", "SSO")
    client.logout()
    page = client.get(reverse("account_login")).content.decode()
    assert "Continue with SSO" in page


def test_the_rules_are_checked_and_recorded(client, hr_admin):
    client.force_login(hr_admin)
    url = reverse("accounts:signin_settings")
    rules = {"form": "rules", "allowed_domains": "northwind.example, @Example.COM"}

    nothing_yet = client.post(url, {**rules, "sso_only": "on"})
    assert "Set up the identity provider first." in nothing_yet.content.decode()
    bad = client.post(url, {**rules, "allowed_domains": "not a domain"})
    assert "Not a domain: not a domain." in bad.content.decode()
    assert not AuditEntry.objects.exists()

    client.post(url, {**rules, "sso_creates_people": "on"})
    entry = AuditEntry.objects.get(action=Action.SETTINGS_CHANGED)
    assert entry.changes == {
        "sso_creates_people": [False, True],
        "allowed_domains": ["", "northwind.example, example.com"],
    }


def test_a_provider_from_the_environment_is_shown_not_edited(client, hr_admin, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "company",
                    "name": "Env Corp",
                    "client_id": "from-env",
                    "secret": "x",
                    "settings": {"server_url": "https://env.example.com"},
                }
            ]
        }
    }
    client.force_login(hr_admin)
    page = client.get(reverse("accounts:signin_settings")).content.decode()
    assert 'data-testid="provider-from-environment"' in page and "from-env" in page
    client.post(reverse("accounts:signin_settings"), PROVIDER)
    assert not SocialApp.objects.exists()


def test_an_hr_admins_password_sign_in_is_recorded_an_employees_is_not(client, hr_admin):
    employee = UserFactory()
    for person in [hr_admin, employee]:
        person.emailaddress_set.create(email=person.email, verified=True, primary=True)
        client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
        client.logout()
    entry = AuditEntry.objects.get(action=Action.HR_SIGNED_IN)
    assert (entry.actor, entry.details) == (hr_admin, {"with": "password"})


def test_a_burst_of_failed_sign_ins_is_recorded_once(client, employee):
    employee.emailaddress_set.create(email=employee.email, verified=True, primary=True)
    for _ in range(6):
        client.post(reverse("account_login"), {"login": employee.email, "password": "wrong"})
    entry = AuditEntry.objects.get(action=Action.SIGN_IN_FAILED)
    assert entry.details["e-mail"] == employee.email
    assert entry.details["failures"] == 5
