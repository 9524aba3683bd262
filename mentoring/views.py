import concurrent.futures
import copy
import functools
import sys
from typing import Any

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.db.utils import load_backend
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.selectors import completeness_for_user
from api.errors import bad_request_json, is_api_request, server_error_json
from delegates import selectors as delegates
from programs.selectors import open_programs_for
from sessions_log.selectors import home_enrolments, home_pairs
from sessions_log.timezones import zone_for


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {}
    if request.user.is_authenticated:
        pair_views = home_pairs(request.user)
        context = {
            "completeness": completeness_for_user(request.user),
            "cards": home_enrolments(request.user),
            # Only programs the person may join; quieter once they have a pair to look after.
            "open_programs": open_programs_for(request.user),
            # A published pairing puts the pair's overview first: "My mentor's agenda".
            "pair_views": pair_views,
            "is_executive": any(pair.is_mentee for pair in pair_views),
            # Who looks after my calendar, whom I look after, who asks me to.
            "delegates": delegates.home_delegations(request.user),
        }
    # Meeting times on the page are the person's own wall-clock times.
    with timezone.override(zone_for(request.user)):
        return render(request, "mentoring/home.html", context)


HEALTH_DEADLINE = 1.5  # seconds: /healthz answers within 2 s whatever hangs


def database_settings() -> dict[str, Any]:
    return copy.deepcopy(connections.settings[DEFAULT_DB_ALIAS])


def _database_state() -> str:
    """A fresh connection with a one-second connect timeout, never the request's own (a
    reused connection to a server that stopped answering would wait for ever)."""
    probe_settings = database_settings()
    if probe_settings["ENGINE"] == "django.db.backends.postgresql":
        probe_settings["OPTIONS"] = {
            **probe_settings.get("OPTIONS", {}),
            "connect_timeout": 1,
            "options": "-c statement_timeout=1000",
        }
    probe = load_backend(probe_settings["ENGINE"]).DatabaseWrapper(probe_settings)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means the site cannot serve
        return f"down: {exc.__class__.__name__}"
    finally:
        probe.close()
    return "ok"


@functools.cache
def _redis_client(url: str) -> redis.Redis:
    """One client per process and URL, with its connection pool: a new connection per check
    cost a TCP handshake and a Redis HELLO on every probe of the load balancer."""
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def _redis_state() -> str | None:
    if not settings.REDIS_URL:
        return None
    try:
        _redis_client(settings.REDIS_URL).ping()
    except redis.RedisError as exc:
        return f"down: {exc.__class__.__name__}"
    return "ok"


# Checks run in threads so that the answer keeps its deadline even when a check hangs.
_health_checks = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="health")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    futures: dict[str, concurrent.futures.Future[str | None]] = {
        "database": _health_checks.submit(_database_state),
        "redis": _health_checks.submit(_redis_state),
    }
    done, _ = concurrent.futures.wait(futures.values(), timeout=HEALTH_DEADLINE)
    checks = {}
    for name, future in futures.items():
        state = future.result() if future in done else "down: no answer within the deadline"
        if state is not None:
            checks[name] = state
    healthy = all(state == "ok" for state in checks.values())
    body = {"status": "ok" if healthy else "down", **checks}
    return JsonResponse(body, status=200 if healthy else 503)


# The site's error pages, in its layout and in words; under /api/ they are JSON, like every
# answer of the API. They render without the request when the database may be the problem.

DATABASE_ERRORS = (OperationalError, InterfaceError)


def unavailable(request: HttpRequest) -> HttpResponse:
    """The database is down or does not answer: say so, with 503 and a time to come back."""
    if is_api_request(request):
        response: HttpResponse = JsonResponse(
            {"detail": "The service is temporarily unavailable.", "code": "unavailable"},
            status=503,
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return bad_request_json()
    return render(request, "400.html", {"reason": str(exception or "")}, status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    response = render(request, "404.html", status=404)
    response.styled_error = True  # type: ignore[attr-defined]
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its `except` block: the error at hand is the current one.
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable(request)
    if is_api_request(request):
        return server_error_json()
    return HttpResponse(loader.render_to_string("500.html"), status=500)
