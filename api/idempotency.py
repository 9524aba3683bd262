"""Writes repeated with the same Idempotency-Key header get the first answer again.

The first request under a key inserts the key's row in the transaction that does the write,
then stores its answer there; a write that fails leaves no row, so the request may be sent
again. A second request with the key while the first is still running waits on the row's
unique index (PostgreSQL) and then replays the stored answer. A key names one request: the
same key with another method, path or body is refused with 422. Keys are kept a day.
"""

import datetime
import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
KEEP = datetime.timedelta(hours=24)
LONGEST_KEY = 255

PARAMETER = OpenApiParameter(
    name=HEADER,
    location=OpenApiParameter.HEADER,
    required=False,
    type=str,
    description=(
        "Any unique string up to 255 printable ASCII characters, e.g. a UUID. The same request "
        "sent again with the same key within 24 hours is not applied twice: it gets the first "
        "answer again, with the header Idempotent-Replayed: true."
    ),
)


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = (
        "This Idempotency-Key was used for a different request in the last 24 hours: "
        "use a new key for a new request."
    )


def _fingerprint(request: Request) -> str:
    body = json.dumps(request.data, sort_keys=True, ensure_ascii=False, default=str)
    text = "\n".join([request.method or "", request.get_full_path(), body])
    return hashlib.sha256(text.encode()).hexdigest()


def _valid_key(key: str) -> bool:
    return 0 < len(key) <= LONGEST_KEY and key.isascii() and key.isprintable()


def _replay(record: IdempotencyKey) -> Response:
    response = Response(json.loads(record.body), status=record.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


Handler = TypeVar("Handler", bound=Callable[..., Response])


def idempotent(handler: Handler) -> Handler:
    """Make a view's write method answer a repeated Idempotency-Key with the first answer."""

    @wraps(handler)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER)
        if key is None:
            return handler(view, request, *args, **kwargs)
        if not _valid_key(key):
            raise ValidationError({HEADER: ["Up to 255 printable ASCII characters, not empty."]})
        fingerprint = _fingerprint(request)
        with transaction.atomic():
            IdempotencyKey.objects.filter(
                user=request.user, created_at__lt=timezone.now() - KEEP
            ).delete()
            try:
                with transaction.atomic():
                    record = IdempotencyKey.objects.create(
                        user=request.user, key=key, fingerprint=fingerprint
                    )
            except IntegrityError:  # the key is known (after waiting for its first request)
                known = IdempotencyKey.objects.get(user=request.user, key=key)
                if known.fingerprint != fingerprint:
                    raise KeyReused() from None
                return _replay(known)
            response = handler(view, request, *args, **kwargs)
            if not status.is_success(response.status_code):
                transaction.set_rollback(True)
                return response
            record.status_code = response.status_code
            record.body = JSONRenderer().render(response.data).decode() or "null"
            record.save(update_fields=["status_code", "body"])
        return response

    return wrapper  # type: ignore[return-value]
