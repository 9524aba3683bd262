"""Errors and faults answered in words: styled 400/403/404/500/503 pages, /healthz within 2 s,
signing in with the cache unreachable."""

import socket
import threading
import time

import pytest
from django.db import OperationalError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from mentoring import urls, views


@pytest.fixture
def silent_port():
    """A port that accepts connections and never says a word (a hung server)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_a_page_for_hr_only_says_so_in_the_sites_layout(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:employee_list"))
    assert response.status_code == 403
    assert b"Only HR admins can open this page." in response.content
    assert b"Reverse Mentoring</a>" in response.content  # the site's navigation


@pytest.mark.parametrize("debug", [True, False])
def test_a_missing_page_is_the_sites_404_even_with_debug_on(client, db, settings, debug):
    settings.DEBUG = debug  # a fresh checkout runs with DEBUG on
    client.force_login(UserFactory())
    for path in ["/no-such-page/", reverse("sessions_log:workspace", args=[987654])]:
        response = client.get(path)
        assert response.status_code == 404
        assert b"This page does not exist" in response.content
        assert b"Reverse Mentoring</a>" in response.content
        assert b"technical_404" not in response.content and b"URLconf" not in response.content


def test_an_unexpected_error_is_the_sites_500_page(client, db, monkeypatch):
    def broken(request):
        raise RuntimeError("boom")

    client.raise_request_exception = False
    monkeypatch.setattr(urls.urlpatterns[0], "callback", broken)  # the home page
    response = client.get("/")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"boom" not in response.content


def test_with_the_database_down_people_get_a_503_page_in_words(client, db, monkeypatch):
    def database_down(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    client.raise_request_exception = False
    monkeypatch.setattr(urls.urlpatterns[0], "callback", database_down)
    response = client.get("/")
    assert response.status_code == 503
    assert b"temporarily unavailable" in response.content
    assert response["Retry-After"] == "30"


def test_a_nul_byte_in_a_query_is_a_400_in_words_and_in_a_form_a_fields_error(client, db):
    client.force_login(UserFactory(hr_admin=True))
    for url in [reverse("accounts:employee_list"), reverse("accounts:export")]:
        response = client.get(url, {"department": "ab\x00c"})
        assert response.status_code == 400
        assert b"NUL character" in response.content
    response = client.post(reverse("accounts:profile"), {"form": "profile", "bio": "x\x00"})
    assert b"Null characters are not allowed." in response.content


def test_healthz_answers_503_within_two_seconds_when_a_server_hangs(
    client, db, settings, monkeypatch, silent_port
):
    """Both the database and Redis accept the connection and never answer."""
    settings.REDIS_URL = f"redis://127.0.0.1:{silent_port}/0"
    monkeypatch.setattr(
        views,
        "database_settings",
        lambda: {
            **views.connections.settings["default"],
            "ENGINE": "django.db.backends.postgresql",
            "HOST": "127.0.0.1",
            "PORT": silent_port,
            "NAME": "mentoring",
            "USER": "mentoring",
            "OPTIONS": {},
        },
    )
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert elapsed < 2.0
    body = response.json()
    assert body["database"].startswith("down") and body["redis"].startswith("down")


def test_signing_in_works_while_the_cache_is_unreachable(client, db, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "mentoring.cache.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    user = UserFactory(email="ravi@example.com")
    user.set_password("a long pass phrase 42")
    user.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "a long pass phrase 42"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == user


def test_an_id_of_40_digits_is_not_found_not_an_error(client, db):
    client.force_login(UserFactory(hr_admin=True))
    for name in ["sessions_log:workspace", "programs:dashboard", "accounts:skill_edit"]:
        response = client.get(reverse(name, args=[10**40]))
        assert response.status_code == 404
        assert b"This page does not exist" in response.content
