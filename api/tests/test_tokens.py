"""Personal API tokens: made on the person's own page and shown once, stored as a digest,
with an expiry, a scope and the time of last use; revoked by their owner, and HR's tokens by
any HR admin. The signed-in site works too, with CSRF."""

import datetime
import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import ProfileFactory, UserFactory
from api.models import ApiToken
from api.selectors import token_for_secret

from .conftest import ApiClient, make_token

pytestmark = pytest.mark.django_db


def create_on_the_page(client, **data):
    form = {"name": "Workday sync", "scope": "write", "days": "90", **data}
    return client.post(reverse("api:tokens"), form)


def test_a_new_token_is_shown_once_and_only_its_digest_is_kept(client, employee):
    client.force_login(employee)
    response = create_on_the_page(client)
    assert response.status_code == 201
    secret = response.context["secret"]
    assert secret.startswith("rmt_") and len(secret) > 40
    assert secret.encode() in response.content
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(token.__dict__)
    assert (token.user, token.scope, token.name) == (employee, "write", "Workday sync")
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=90)).date()
    listing = client.get(reverse("api:tokens"))
    assert secret.encode() not in listing.content
    assert token.prefix.encode() in listing.content


@pytest.mark.parametrize(
    "data", [{"name": ""}, {"scope": "admin"}, {"days": "3650"}, {"name": "x\x00y"}]
)
def test_a_bad_token_form_makes_no_token_and_says_why(client, employee, data):
    client.force_login(employee)
    response = create_on_the_page(client, **data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_the_tokens_page_needs_a_login(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_owner_revokes_their_token_and_it_stops_working_at_once(client, employee):
    secret = make_token(employee)
    api = ApiClient(secret)
    assert api.get("/api/v1/me/").status_code == 200
    client.force_login(employee)
    token = ApiToken.objects.get()
    client.post(reverse("api:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == employee
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "This API token was revoked: create a new one."


def test_someone_else_s_token_is_404_on_the_owner_pages(client, employee):
    make_token(ProfileFactory().user)
    client.force_login(employee)
    token = ApiToken.objects.get()
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_hr_sees_and_revokes_the_tokens_of_hr_admins_only(client, hr, employee):
    colleague = UserFactory(hr_admin=True, first_name="Helen", last_name="Ramirez")
    make_token(colleague)
    make_token(employee)
    client.force_login(hr)
    page = client.get(reverse("api:hr_tokens"))
    assert [t.user for t in page.context["page"]] == [colleague]
    assert b"Helen Ramirez" in page.content
    theirs = ApiToken.objects.get(user=colleague)
    client.post(reverse("api:hr_token_revoke", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.revoked_by == hr
    employees_token = ApiToken.objects.get(user=employee)
    assert client.post(reverse("api:hr_token_revoke", args=[employees_token.pk])).status_code == 404
    assert ApiToken.objects.get(user=employee).revoked_at is None


def test_employees_get_403_on_hr_s_token_pages(client, employee, hr):
    make_token(hr)
    client.force_login(employee)
    assert client.get(reverse("api:hr_tokens")).status_code == 403
    token = ApiToken.objects.get()
    assert client.post(reverse("api:hr_token_revoke", args=[token.pk])).status_code == 403
    assert ApiToken.objects.get().revoked_at is None


def test_an_expired_token_says_when_it_expired(employee):
    secret = make_token(employee)
    token = token_for_secret(secret)
    token.expires_at = timezone.make_aware(datetime.datetime(2026, 3, 1, 12))
    token.save()
    response = ApiClient(secret).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "This API token expired on 1 March 2026: create a new one."


def test_the_last_use_is_recorded_at_most_once_a_minute(employee):
    secret = make_token(employee)
    api = ApiClient(secret)
    assert token_for_secret(secret).last_used_at is None
    api.get("/api/v1/me/")
    first = token_for_secret(secret).last_used_at
    assert first is not None and timezone.now() - first < datetime.timedelta(seconds=5)
    api.get("/api/v1/me/")
    assert token_for_secret(secret).last_used_at == first
    ApiToken.objects.update(last_used_at=first - datetime.timedelta(minutes=2))
    api.get("/api/v1/me/")
    assert token_for_secret(secret).last_used_at > first


def test_the_signed_in_site_reads_the_api_and_writes_only_with_csrf(hr):
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr)
    assert client.get("/api/v1/me/").status_code == 200
    body = {"name": "Ethics of AI", "category": 1}
    refused = client.post("/api/v1/skills/", body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get(reverse("api:tokens"))  # any page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    done = client.post(
        "/api/v1/skills/", body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert done.status_code == 201
