"""Who is calling: a personal token (`Authorization: Bearer rmt_…`), or a signed-in session.

Every use of a token is checked against its owner as they are now: an owner who left (an
inactive account) cannot use it, and what they may do is read from their current role by
the permissions, never from the token.
"""

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from accounts.models import User

from .models import ApiToken
from .selectors import token_for_secret
from .services import token_used

KEYWORD = b"bearer"


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD:
            return None  # not ours: the session may still say who it is
        if len(header) != 2:
            raise AuthenticationFailed("Send the token as: Authorization: Bearer <token>.")
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            secret = ""
        token = token_for_secret(secret)
        now = timezone.now()
        if token is None:
            raise AuthenticationFailed("This API token is not valid.")
        if token.revoked_at is not None:
            raise AuthenticationFailed("This API token was revoked: create a new one.")
        if token.expires_at <= now:
            expired = date_format(token.expires_at, "j F Y")
            raise AuthenticationFailed(f"This API token expired on {expired}: create a new one.")
        if not token.user.is_active:
            raise AuthenticationFailed("The owner of this API token can no longer sign in.")
        token_used(token=token, now=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes the tokens."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token from your profile: `Authorization: Bearer rmt_…`",
        }
