"""Every answer of the API is JSON, errors included: a message, a code, and for validation the
field and row. Never an HTML page, never a stack trace; rate limits per token with 429."""

import json
import logging

import pytest
from django.test import Client

from accounts.tests.factories import ProfileFactory
from api.views import me
from mentoring.views import server_error

from .conftest import ApiClient, make_token

pytestmark = pytest.mark.django_db


def assert_json_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and body["detail"]
    return body


def test_an_unknown_path_under_api_is_a_json_404(hr_api):
    assert_json_error(hr_api.get("/api/v2/employees/"), 404, "not_found")
    hint = assert_json_error(hr_api.get("/api/v1/employees"), 404, "not_found")
    assert hint["detail"] == "No such endpoint: did you mean /api/v1/employees/ ?"


def test_a_method_the_endpoint_lacks_is_a_json_405(hr_api):
    response = hr_api.client.delete("/api/v1/employees/", headers=hr_api.headers)
    assert_json_error(response, 405, "method_not_allowed")


def test_a_body_that_is_not_json_is_a_json_400(hr_api):
    response = hr_api.client.post(
        "/api/v1/skills/", "{not json", content_type="application/json", headers=hr_api.headers
    )
    assert_json_error(response, 400, "parse_error")


def test_a_form_encoded_body_is_a_json_415(hr_api):
    response = hr_api.client.post("/api/v1/skills/", {"name": "x"}, headers=hr_api.headers)
    assert_json_error(response, 415, "unsupported_media_type")


def test_text_that_is_not_unicode_is_refused_before_the_database(hr_api):
    response = hr_api.client.post(
        "/api/v1/employees/bulk/",
        '{"employees": [{"email": "a\\ud800@example.com"}]}',
        content_type="application/json",
        headers=hr_api.headers,
    )
    body = assert_json_error(response, 400, "parse_error")
    assert "not valid Unicode" in body["detail"]


def test_a_body_over_the_limit_is_a_json_413(hr_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = hr_api.post("/api/v1/employees/bulk/", {"employees": ["x" * 2000]})
    body = assert_json_error(response, 413, "too_large")
    assert body["detail"] == "The request body is larger than the limit of 1000\xa0bytes."


def test_an_unexpected_error_is_a_plain_json_500_and_is_logged(employee_api, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(me, "completeness_for_user", broken)
    with caplog.at_level(logging.ERROR, logger="api.errors"):
        response = employee_api.get("/api/v1/me/")
    body = assert_json_error(response, 500, "server_error")
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert "secret internals" in caplog.text  # the operator sees it in the log
    assert body["detail"].startswith("Something went wrong on our side")


def test_validation_errors_name_the_field(hr_api):
    body = assert_json_error(hr_api.post("/api/v1/skills/", {"category": 1}), 400, "invalid")
    assert body["errors"] == [{"field": "name", "row": None, "message": "This field is required."}]
    assert body["detail"] == "name: This field is required."


def test_a_token_past_its_rate_limit_gets_429_with_retry_after(settings, hr):
    settings.API_RATE_LIMIT = "3/minute"
    first, second = ApiClient(make_token(hr)), ApiClient(make_token(hr))
    for _ in range(3):
        assert first.get("/api/v1/me/").status_code == 200
    limited = first.get("/api/v1/me/")
    body = assert_json_error(limited, 429, "throttled")
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert f"try again in {limited['Retry-After']} seconds" in body["detail"]
    assert second.get("/api/v1/me/").status_code == 200  # per token, not per person


def test_the_signed_in_site_is_limited_per_person(settings):
    settings.API_RATE_LIMIT = "2/minute"
    client = Client()
    client.force_login(ProfileFactory().user)
    assert [client.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 429]


def test_a_post_to_an_unknown_path_with_a_session_is_a_json_404_not_a_csrf_page(employee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    response = client.post("/api/v1/skills/null,null/", {}, content_type="application/json")
    assert_json_error(response, 404, "not_found")


def test_a_request_django_refuses_before_any_view_is_json_under_api(client):
    response = client.get("/api/v1/me/", headers={"Host": "evil.example"})
    assert_json_error(response, 400, "bad_request")
    page = client.get("/", headers={"Host": "evil.example"})
    assert page.status_code == 400 and not page["Content-Type"].startswith("application/json")


def test_the_site_s_500_is_json_under_api_and_a_page_elsewhere(rf):
    api = server_error(rf.get("/api/v1/me/"))
    assert api.status_code == 500 and json.loads(api.content)["code"] == "server_error"
    assert server_error(rf.get("/")).status_code == 500
    assert not server_error(rf.get("/"))["Content-Type"].startswith("application/json")
