import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User


@pytest.fixture
def confirmed_user(db):
    user = User.objects.create_user("ana.silva@example.com", "a long pass phrase 42")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_users_log_in_with_email_and_have_no_username(db):
    user = User.objects.create_user("Someone@Example.com", "pw")
    assert user.email == "someone@example.com"
    assert not hasattr(user, "username") or user.username is None
    assert User.USERNAME_FIELD == "email"


def test_sign_up_asks_for_names_and_sends_a_confirmation_email(client, db, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "first_name": "Ana",
            "last_name": "Silva",
            "email": "ana.silva@example.com",
            "password1": "a long pass phrase 42",
            "password2": "a long pass phrase 42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="ana.silva@example.com")
    assert user.get_full_name() == "Ana Silva"
    assert len(mailoutbox) == 1
    assert "/accounts/confirm-email/" in mailoutbox[0].body


def test_unconfirmed_person_cannot_log_in_yet(client, db):
    User.objects.create_user("new@example.com", "a long pass phrase 42")
    response = client.post(
        reverse("account_login"), {"login": "new@example.com", "password": "a long pass phrase 42"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_sign_up_shows_field_errors_and_keeps_what_was_typed(client, db):
    response = client.post(
        reverse("account_signup"),
        {"first_name": "Ana", "last_name": "", "email": "not-an-email", "password1": "x"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a valid email address." in content
    assert "This field is required." in content
    assert 'value="Ana"' in content


def test_confirmed_person_logs_in_and_out(client, confirmed_user):
    response = client.post(
        reverse("account_login"),
        {"login": "ana.silva@example.com", "password": "a long pass phrase 42"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(confirmed_user.pk)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_that_sets_a_new_password(client, confirmed_user, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "ana.silva@example.com"})
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mailoutbox[0].body)
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    new_password = "another pass phrase 7"
    client.post(form_url, {"password1": new_password, "password2": new_password})
    confirmed_user.refresh_from_db()
    assert confirmed_user.check_password(new_password)


def test_signed_in_person_changes_password(client, confirmed_user):
    client.force_login(confirmed_user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "a long pass phrase 42",
            "password1": "fresh pass phrase 99",
            "password2": "fresh pass phrase 99",
        },
    )
    assert response.status_code == 302
    confirmed_user.refresh_from_db()
    assert confirmed_user.check_password("fresh pass phrase 99")


def test_signed_in_person_adds_an_email_address_to_confirm(client, confirmed_user, mailoutbox):
    client.force_login(confirmed_user)
    client.post(reverse("account_email"), {"action_add": "", "email": "ana@newmail.example"})
    assert EmailAddress.objects.filter(user=confirmed_user, email="ana@newmail.example").exists()
    assert any("confirm-email" in message.body for message in mailoutbox)


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_use_the_site_layout(client, db, name):
    content = client.get(reverse(name)).content.decode()
    assert "bootstrap/css/bootstrap.min.css" in content
    assert "Reverse Mentoring" in content
    assert "form-control" in content


def _log_in_from(client, address: str) -> int:
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "ana.silva@example.com", "password": "a long pass phrase 42"},
        HTTP_X_FORWARDED_FOR=address,
    )
    return response.status_code


def test_behind_the_proxy_the_log_in_limit_counts_each_persons_address(
    client, confirmed_user, settings
):
    """At nine in the morning a whole office logs in through one TLS proxy."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    answers = [_log_in_from(client, f"10.0.0.{n}") for n in range(1, 41)]
    assert answers == [302] * 40


def test_one_address_is_still_limited_to_30_log_ins_a_minute(client, confirmed_user, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    answers = [_log_in_from(client, "10.0.0.1") for _ in range(31)]
    assert answers[:30] == [302] * 30
    assert answers[30] == 429


def test_without_a_trusted_proxy_its_header_is_ignored(client, confirmed_user, settings):
    """A forged X-Forwarded-For does not buy a client more attempts."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    answers = [_log_in_from(client, f"10.0.0.{n}") for n in range(1, 32)]
    assert answers[30] == 429
