"""What every operation of the schema declares besides its success: the JSON errors."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse

from .serializers import ErrorSerializer

ERROR_WORDS = {
    400: "The request is not valid: `errors` names each field (and row) and what is wrong.",
    401: "No valid API token or session: missing, unknown, revoked or expired.",
    403: "Not allowed: the wrong role, or a read-only token writing.",
    404: "No such object for you, or a bad page or cursor.",
    409: "Another change happened at the same moment: send the request again.",
    413: "The request body is too large.",
    422: "This Idempotency-Key was used for a different request.",
    429: "Too many requests for this token: wait for the seconds in Retry-After.",
}
READ_ERRORS = (400, 401, 403, 404, 429)
WRITE_ERRORS = (*READ_ERRORS, 413, 422)


def answers(ok: dict[int, Any], *, write: bool = False, also: tuple[int, ...] = ()) -> dict:
    """The success answers given, and the error answers any call here may get."""
    codes = sorted({*(WRITE_ERRORS if write else READ_ERRORS), *also} - ok.keys())
    errors = {
        code: OpenApiResponse(ErrorSerializer, description=ERROR_WORDS[code]) for code in codes
    }
    return {**ok, **errors}
