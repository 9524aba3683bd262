"""Shared test set-up: fast defaults, and the real services when they are there.

Tests that need PostgreSQL, Redis or Chromium skip when the service is missing, and fail
instead under REQUIRE_SERVICES=1, which CI sets: a skipped service test never passes CI.
"""

import importlib
import os
import shutil
import threading
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def skip_or_fail(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_defaults(settings):
    """MD5 hashing, a clean local cache and in-process Celery; the worker tests use Redis."""
    from mentoring.celery import app

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # HR pages ask for a second factor when this is on; the MFA tests turn it on.
    settings.HR_REQUIRE_MFA = False
    # A cache of the test's own: allauth keeps its rate limits there, and a shared Redis
    # would carry them from one test (or one run) into the next.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    from django.core.cache import cache

    cache.clear()
    eager, propagates = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = eager, propagates


@pytest.fixture
def reference_data(transactional_db):
    """What the data migrations create (HR group, skills, levels, site name, topics).

    A transactional test ends with a flush that empties every table, so the tests after it
    would miss these rows; running the migrations' own functions again puts them back.
    """
    from django.apps import apps

    for module, function in [
        ("accounts.migrations.0002_hr_admins_group", "create_hr_admins_group"),
        ("accounts.migrations.0009_program_managers_group", "create_program_managers_group"),
        ("accounts.migrations.0004_seed_catalogue_and_levels", "seed"),
        ("mentoring.migrations.0001_site_name", "name_site"),
        ("sessions_log.migrations.0002_topic_catalogue", "seed"),
        ("outcomes.migrations.0002_can_do_catalogue", "seed"),
    ]:
        getattr(importlib.import_module(module), function)(apps, None)


def pytest_collection_modifyitems(items):
    # Browser tests talk to a live server thread, so their data must be committed.
    for item in items:
        if item.get_closest_marker("browser"):
            item.fixturenames.insert(0, "reference_data")


# Browser tests: Debian's Chromium through Playwright, never a downloaded browser.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        skip_or_fail(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


BROWSER_TIME_ZONE = "Europe/Lisbon"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A fixed zone, not the machine's, so that "defaults from the browser" can be checked.
    return {**browser_context_args, "timezone_id": BROWSER_TIME_ZONE}


@pytest.fixture
def screenshot(page, request):
    """Save a full-page screenshot per step under screenshots/<test name>/ (git ignores it)."""
    folder = SCREENSHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    step = {"n": 0}

    def take(name: str) -> Path:
        from playwright.sync_api import Error as PlaywrightError

        step["n"] += 1
        path = folder / f"{step['n']:02d}-{name}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
        except PlaywrightError as error:
            # A page that refreshes itself (the board when a run is done) can navigate while
            # Chromium captures it: take the page it became.
            if "Unable to capture screenshot" not in str(error):
                raise
            page.wait_for_load_state()
            page.screenshot(path=str(path), full_page=True)
        return path

    return take


# A real Celery worker on Redis, one for the whole session (two in one process are unreliable).
@pytest.fixture(scope="session")
def celery_worker_on_redis(django_db_setup, django_db_blocker):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        skip_or_fail("REDIS_URL is not set: no broker for a real Celery worker")
    import redis
    from celery.contrib.testing import tasks  # noqa: F401  (registers the ping task)
    from celery.contrib.testing.worker import start_worker

    from mentoring.celery import app

    try:
        redis.Redis.from_url(redis_url, socket_timeout=2).ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis at {redis_url} does not answer: {exc}")
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    with django_db_blocker.unblock(), start_worker(app, pool="solo", perform_ping_check=True):
        yield app


@pytest.fixture
def celery_worker(celery_worker_on_redis, reference_data):
    celery_worker_on_redis.conf.task_always_eager = False
    return celery_worker_on_redis


@pytest.fixture
def log_in(page, live_server):
    """Log someone in through the real login page (their e-mail counts as confirmed)."""
    from allauth.account.models import EmailAddress

    def log_in_as(user, password: str = "a long pass phrase 42") -> None:
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(f"{live_server.url}/")

    return log_in_as


# Concurrency: real transactions on PostgreSQL, one thread and connection each.
@pytest.fixture
def postgresql(reference_data):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip_or_fail("concurrency is tested on PostgreSQL: set DATABASE_URL")


def run_at_once(*calls) -> list[object]:
    """Run each call in its own thread and connection, released together.

    Returns what each call returned, or the exception it raised.
    """
    from django.db import connections

    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int, call) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # the caller asserts which
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
