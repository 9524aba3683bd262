"""Every error of the API is JSON: a message for a person, a code for a program, and for
validation the field (and the row of a bulk request) of each problem. Never an HTML page,
never a stack trace: an unexpected error is logged with its traceback and answered with 500
and a plain message.
"""

import logging
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

logger = logging.getLogger(__name__)

SERVER_ERROR = "Something went wrong on our side; it is logged. Please try again later."


class RowsInvalid(exceptions.APIException):
    """A bulk request with bad rows: nothing was applied; `errors` name each row's problems."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_rows"

    def __init__(self, detail: str, errors: list[dict[str, Any]], **extra: Any) -> None:
        super().__init__(detail)
        self.errors = errors
        self.extra = extra


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def problem(message: str, *, field: str | None = None, row: int | None = None) -> dict[str, Any]:
    return {"field": field, "row": row, "message": message}


def flatten(detail: Any, field: str | None = None, row: int | None = None) -> Iterator[dict]:
    """DRF's nested validation errors as a flat list of {field, row, message}.

    In a list (the rows of a bulk request) each problem gets its row, counted from 1, and a
    row's own fields are named as in the row: `{"row": 2, "field": "email"}`.
    """
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):  # a ListField names its items by index
                yield from flatten(value, None if isinstance(value, dict) else field, key + 1)
            else:
                name = None if key == "non_field_errors" else str(key)
                yield from flatten(value, name if field is None else f"{field}.{name}", row)
    elif isinstance(detail, list):
        if any(isinstance(item, dict) for item in detail):
            for index, item in enumerate(detail):
                yield from flatten(item, None, index + 1)
        else:
            for item in detail:
                yield from flatten(item, field, row)
    else:
        yield problem(str(detail), field=field, row=row)


def _summary(errors: list[dict[str, Any]]) -> str:
    first = errors[0]
    where = " ".join(
        part
        for part in (
            f"row {first['row']}" if first["row"] else "",
            first["field"] or "",
        )
        if part
    )
    message = f"{where}: {first['message']}" if where else first["message"]
    more = len(errors) - 1
    return message + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    if isinstance(exc, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        exc = TooLarge(f"The request body is larger than the limit of {limit}.")
    response = drf_exception_handler(exc, context)
    if response is None:
        view = context.get("view")
        logger.exception("API error in %s", type(view).__name__ if view else "a view")
        set_rollback()
        return Response(
            {"detail": SERVER_ERROR, "code": "server_error"},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, RowsInvalid):
        response.data = {"detail": str(exc.detail), "code": exc.default_code, **exc.extra}
        response.data["errors"] = exc.errors
    elif isinstance(exc, exceptions.ValidationError):
        errors = list(flatten(exc.detail))
        response.data = {"detail": _summary(errors), "code": "invalid", "errors": errors}
    elif isinstance(exc, exceptions.Throttled):
        wait = response.headers.get("Retry-After", "a few")
        response.data = {
            "detail": f"Too many requests: try again in {wait} seconds.",
            "code": "throttled",
        }
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {
            "detail": str(exc.detail),
            "code": codes if isinstance(codes, str) else exc.default_code,
        }
    else:  # Django's Http404 and PermissionDenied, which DRF answered
        response.data = {
            "detail": str(response.data.get("detail", "")),
            "code": "not_found" if response.status_code == 404 else "permission_denied",
        }
    return response


@csrf_exempt  # it changes nothing: a POST to a wrong path gets this 404, not a CSRF page
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any path under /api/ that is no endpoint: a JSON 404, with a hint for a missing slash."""
    detail = "No such endpoint: see /api/docs/ for the API's endpoints."
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            pass
        else:
            if match.func is not not_found:
                detail = f"No such endpoint: did you mean {request.path}/ ?"
    return JsonResponse({"detail": detail, "code": "not_found"}, status=404)


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def server_error_json() -> JsonResponse:
    """The site's 500 for a path under /api/ (an error outside the API's own views)."""
    return JsonResponse({"detail": SERVER_ERROR, "code": "server_error"}, status=500)


def bad_request_json() -> JsonResponse:
    """The site's 400 for a path under /api/: a request Django refused before any view."""
    return JsonResponse({"detail": "Bad request.", "code": "bad_request"}, status=400)
