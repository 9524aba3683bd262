"""Reads of the API app: tokens by their secret, a person's tokens, HR's tokens."""

from django.db.models import QuerySet

from accounts.models import User

from .models import ApiToken
from .services import TOKEN_PREFIX, token_digest

LONGEST_SECRET = 200  # far longer than any token made here: nothing longer is looked up


def token_for_secret(secret: str) -> ApiToken | None:
    """The token with this secret, with its owner; None when there is none."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > LONGEST_SECRET:
        return None
    return ApiToken.objects.select_related("user").filter(digest=token_digest(secret)).first()


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("revoked_by")


def hr_tokens() -> QuerySet[ApiToken]:
    """Every token of today's HR admins, live ones first: what HR watches over."""
    return (
        ApiToken.objects.of_hr_admins()
        .select_related("user", "revoked_by")
        .order_by("revoked_at", "-created_at", "-pk")
    )
