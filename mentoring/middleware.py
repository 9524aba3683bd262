"""Answers in words for what would otherwise be a crash or a developer's page."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict

from api.errors import is_api_request

from . import views
from .ids import LARGEST_ID


class RefuseNulBytes:
    """A NUL byte is never part of a name, a search or an id, and PostgreSQL refuses it in
    text: an address or query string carrying one gets a 400 in words, before any view runs.
    Forms say it themselves, next to the field (Django's text fields refuse it); the API
    answers in JSON by field, its own way."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_request(request) and ("\x00" in request.path or _has_nul(request.GET)):
            return views.bad_request(
                request, Exception("The request contains a NUL character, which no field takes.")
            )
        return self.get_response(request)


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)


class StyledErrors:
    """The site's own pages for errors, also while DEBUG is on (the default of a checkout):
    a page that is not there reads "not found" in the site's layout, not Django's debug page,
    and a database that does not answer reads "temporarily unavailable" (503)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "styled_error", False)
            and not is_api_request(request)
        ):
            return views.page_not_found(request, Exception())
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # An id no table can hold (40 digits) names nothing: 404, before SQLite's INTEGER
        # overflows on it (PostgreSQL would only say "not found" itself).
        too_large = any(isinstance(v, int) and abs(v) > LARGEST_ID for v in kwargs.values())
        if too_large and not is_api_request(request):  # the API answers in JSON itself
            return views.page_not_found(request, Exception())
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, views.DATABASE_ERRORS):
            return views.unavailable(request)
        return None
