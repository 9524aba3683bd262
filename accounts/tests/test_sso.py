"""Single sign-on against a real OpenID Connect provider on loopback (see oidc.py).

The app runs in the test process (Django's test client); the provider is its own server. The
person's part at the provider (login form, consent) is played by `log_in_and_consent`, which
returns the provider's redirect back to the app; the test client then follows it.
"""

import time
from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.internal import statekit
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import SignInSettings, User
from accounts.sso import provider_save, sign_in_settings_save
from audit.models import Action, AuditEntry

from .factories import UserFactory

CLIENT_ID = "mentoring-tests"
CLIENT_SECRET = "a client secret for the app's tests"
PASSWORD = "a long pass phrase 42"
CALLBACK = "http://testserver/accounts/oidc/company/login/callback/"
START = "/accounts/oidc/company/login/"
ENTRA = "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad"


@pytest.fixture(scope="module")
def provider_client(oidc_provider):
    oidc_provider.create_client(CLIENT_ID, CLIENT_SECRET, [CALLBACK])
    return oidc_provider


@pytest.fixture
def sso(db, provider_client, hr_admin):
    provider_save(
        issuer=provider_client.issuer,
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        label="Example Corp",
        by=hr_admin,
    )
    return provider_client


@pytest.fixture
def imported(db):
    """An employee HR imported: no password yet, a verified address (as the import makes)."""
    user = UserFactory(email="ada@example.com", first_name="Ada", last_name="Lovelace")
    user.set_unusable_password()
    user.save()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def sign_in(client, provider, email: str, **provider_user) -> tuple:
    """Start at the app, sign in and consent at the provider, come back; the app's answer."""
    provider.create_user(email, PASSWORD, **provider_user)
    start = client.post(START)
    assert start.status_code == 302, start
    back = urlsplit(provider.log_in_and_consent(start["Location"], email, PASSWORD))
    assert f"http://testserver{back.path}" == CALLBACK
    return client.get(f"{back.path}?{back.query}"), f"{back.path}?{back.query}"


def flash(answer) -> list[str]:
    return [str(m) for m in get_messages(answer.wsgi_request)]


def signed_in(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_an_imported_employee_signs_in_and_is_linked(client, sso, imported):
    answer, _ = sign_in(client, sso, "ada@example.com", given_name="Ada")

    assert answer.status_code == 302 and answer["Location"] == "/"
    assert signed_in(client) == imported
    assert SocialAccount.objects.get(provider="company").user == imported
    assert User.objects.count() == 2  # Ada and the HR admin: nobody new


def test_an_hr_admins_sign_in_is_recorded(client, sso, hr_admin):
    hr_admin.emailaddress_set.create(email=hr_admin.email, verified=True, primary=True)
    sign_in(client, sso, hr_admin.email)
    entry = AuditEntry.objects.get(action=Action.HR_SIGNED_IN)
    assert (entry.actor, entry.details) == (hr_admin, {"with": "single sign-on"})


def refused(client, answer, message: str, people_before: int) -> None:
    assert answer.status_code == 302 and answer["Location"] == reverse("account_login")
    assert any(message in text for text in flash(answer)), flash(answer)
    assert signed_in(client) is None
    assert User.objects.count() == people_before
    assert not SocialAccount.objects.exists()
    assert AuditEntry.objects.filter(action=Action.SIGN_IN_REFUSED).count() == 1


def test_an_unknown_person_is_refused(client, sso, imported):
    answer, _ = sign_in(client, sso, "stranger@example.com")
    refused(client, answer, "is not among the employees HR has imported", 2)


def test_an_unknown_person_is_created_when_sso_may_add_people(client, sso, hr_admin):
    sign_in_settings_save(sso_only=False, sso_creates_people=True, allowed_domains="", by=hr_admin)
    sign_in(client, sso, "newcomer@example.com", given_name="New", family_name="Comer")
    newcomer = signed_in(client)
    assert (newcomer.email, newcomer.get_full_name()) == ("newcomer@example.com", "New Comer")
    assert not newcomer.has_usable_password()


def test_an_unverified_email_is_refused(client, sso, imported):
    answer, _ = sign_in(client, sso, "ada@example.com", email_verified=False)
    refused(client, answer, "no verified e-mail address", 2)
    imported.refresh_from_db()
    assert imported.last_login is None


@pytest.fixture
def entra(settings, sso):
    """The loopback provider stands in for Microsoft Entra ID's issuer."""
    settings.ENTRA_ISSUER_HOSTS = ("127.0.0.1",)
    return sso


def test_entra_ids_domain_verification_signs_in_the_employee(client, entra, imported):
    """Like Microsoft Entra ID: no `email_verified`, but `xms_edov` in the signed ID token."""
    answer, _ = sign_in(client, entra, "ada@example.com", like_entra=True)
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert signed_in(client) == imported
    assert SocialAccount.objects.get(provider="company").user == imported
    client.logout()  # and again, now by the linked account
    answer, _ = sign_in(client, entra, "ada@example.com", like_entra=True)
    assert signed_in(client) == imported


def test_entra_id_without_domain_verification_is_refused(client, entra, imported):
    answer, _ = sign_in(client, entra, "ada@example.com", like_entra=True, email_verified=False)
    refused(client, answer, "no verified e-mail address", 2)


def test_another_providers_xms_edov_vouches_for_nothing(client, sso, imported):
    """Only Entra's issuer says what `xms_edov` means; elsewhere it may be any attribute."""
    answer, _ = sign_in(client, sso, "ada@example.com", like_entra=True)
    refused(client, answer, "no verified e-mail address", 2)


def test_a_domain_not_allowed_is_refused(client, sso, imported, hr_admin):
    sign_in_settings_save(
        sso_only=False, sso_creates_people=True, allowed_domains="corp.example", by=hr_admin
    )
    answer, _ = sign_in(client, sso, "ada@example.com")
    refused(client, answer, "Sign-in with example.com addresses is not allowed", 2)


def test_a_token_from_the_wrong_issuer_is_refused(client, sso, imported):
    app = SocialApp.objects.get(provider_id="company")
    # The discovery document names another issuer than the one signing the tokens: a mix-up.
    app.settings["openid_configuration_overrides"] = {"issuer": "http://127.0.0.1:9/o"}
    app.save()
    answer, _ = sign_in(client, sso, "ada@example.com")
    refused(client, answer, "could not be verified", 2)


def test_an_expired_state_is_refused(client, sso, imported, monkeypatch):
    sso.create_user("ada@example.com", PASSWORD)
    start = client.post(START)
    back = urlsplit(sso.log_in_and_consent(start["Location"], "ada@example.com", PASSWORD))
    later = time.time() + statekit.STATE_TTL + 1
    monkeypatch.setattr(statekit.time, "time", lambda: later)
    answer = client.get(f"{back.path}?{back.query}")
    refused(client, answer, "expired or was already used", 2)


def test_a_replayed_state_is_refused(client, sso, imported):
    answer, callback = sign_in(client, sso, "ada@example.com")
    assert signed_in(client) == imported
    client.logout()
    AuditEntry.objects.all()  # the first sign-in left nothing refused
    replay = client.get(callback)
    assert any("expired or was already used" in text for text in flash(replay))
    assert signed_in(client) is None
    assert SocialAccount.objects.count() == 1


def test_sso_only_hides_passwords_except_for_a_superuser(client, sso, imported, hr_admin):
    sign_in_settings_save(sso_only=True, sso_creates_people=False, allowed_domains="", by=hr_admin)
    page = client.get(reverse("account_login")).content.decode()
    assert "Continue with Example Corp" in page
    assert 'name="password"' not in page
    assert "Emergency sign-in" in page

    hr_admin.emailaddress_set.create(email=hr_admin.email, verified=True, primary=True)
    answer = client.post(reverse("account_login"), {"login": hr_admin.email, "password": PASSWORD})
    assert "Passwords are turned off here" in answer.content.decode()
    assert signed_in(client) is None

    root = UserFactory(email="root@example.com", is_superuser=True, is_staff=True)
    root.emailaddress_set.create(email=root.email, verified=True, primary=True)
    client.post(reverse("account_login"), {"login": root.email, "password": PASSWORD})
    assert signed_in(client) == root
    assert SignInSettings.current().sso_only


@pytest.mark.parametrize(
    ("claim", "verified"),
    [(True, True), ("1", True), ("true", True), (False, False), ("false", False), (None, False)],
)
def test_only_a_true_xms_edov_for_the_id_tokens_own_address_counts(claim, verified):
    from types import SimpleNamespace

    from allauth.account.models import EmailAddress

    from accounts.adapters import accept_entra_domain_verification

    token = {"iss": f"{ENTRA}/v2.0", "email": "Ada@Example.com", "xms_edov": claim}
    addresses = [EmailAddress(email="ada@example.com"), EmailAddress(email="ada@elsewhere.test")]
    login = SimpleNamespace(account=SimpleNamespace(extra_data={"id_token": token}))
    login.email_addresses = addresses
    accept_entra_domain_verification(login)
    assert [a.verified for a in addresses] == [verified, False]
