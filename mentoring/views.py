import functools

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import defaults
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


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means the site cannot serve
        return f"down: {exc.__class__.__name__}"
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


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_state()}
    redis_state = _redis_state()
    if redis_state is not None:
        checks["redis"] = redis_state
    healthy = all(state == "ok" for state in checks.values())
    body = {"status": "ok" if healthy else "down", **checks}
    return JsonResponse(body, status=200 if healthy else 503)


# The site's error pages; under /api/ they are JSON, like every answer of the API.


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return bad_request_json()
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return server_error_json()
    return defaults.server_error(request)
