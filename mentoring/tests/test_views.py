import os

import pytest
import redis
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import HR_ADMINS_GROUP, User
from conftest import skip_or_fail
from mentoring.views import _redis_client


@pytest.fixture
def employee(db):
    return User.objects.create_user("sam.lee@example.com", "pw", first_name="Sam")


@pytest.fixture
def hr_admin(db):
    user = User.objects.create_user("hr@example.com", "pw", first_name="Helen")
    user.groups.add(Group.objects.get(name=HR_ADMINS_GROUP))
    return user


def test_home_tells_a_visitor_what_the_program_is_and_how_to_start(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"reverse mentoring" in response.content.lower()
    assert reverse("account_signup").encode() in response.content


def test_home_greets_a_signed_in_employee_with_next_steps(client, employee):
    client.force_login(employee)
    response = client.get(reverse("home"))
    assert b"Welcome, Sam" in response.content
    assert b"How it works" in response.content
    assert b"HR admin" not in response.content


def test_navigation_shows_hr_section_only_to_hr_admins(client, hr_admin):
    client.force_login(hr_admin)
    response = client.get(reverse("home"))
    assert response.context["nav_is_hr_admin"] is True
    assert b"HR admin" in response.content


def test_each_role_sees_its_own_menu_though_the_links_are_rendered_once(client, employee, hr_admin):
    audit_log = reverse("accounts:audit_log").encode()
    for person, sees_hr_menu in [(employee, False), (hr_admin, True), (employee, False)]:
        client.force_login(person)
        content = client.get(reverse("notifications:list")).content
        assert (audit_log in content) is sees_hr_menu
        assert reverse("account_logout").encode() in content
    hr_admin.is_staff = True
    hr_admin.save()
    client.force_login(hr_admin)
    assert reverse("admin:index").encode() in client.get(reverse("home")).content


def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_answers_503_when_redis_is_down(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["redis"].startswith("down")


def test_healthz_keeps_one_redis_connection_across_checks(client, db, settings):
    url = os.environ.get("REDIS_URL", "")
    if not url:
        skip_or_fail("Redis is needed: set REDIS_URL")
    settings.REDIS_URL = url
    for _ in range(5):
        assert client.get("/healthz").json()["redis"] == "ok"
    pool = _redis_client(url).connection_pool
    assert isinstance(pool, redis.ConnectionPool)
    assert len(pool._available_connections) + len(pool._in_use_connections) == 1


def test_healthz_answers_503_when_the_database_is_down(client, db, monkeypatch):
    from mentoring import views

    monkeypatch.setattr(views, "_database_state", lambda: "down: OperationalError")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down: OperationalError"
