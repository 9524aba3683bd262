"""Writes of the API app: personal tokens made, used and revoked."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.models import Action
from audit.services import record

from .models import ApiToken

TOKEN_PREFIX = "rmt_"  # "reverse-mentoring token": secret scanners and people recognise it
PREFIX_SHOWN = 12  # characters kept to recognise a token in a list
LIFETIMES = (7, 30, 90, 180, 365)  # days a new token may live
LAST_USED_EVERY = datetime.timedelta(minutes=1)  # at most one write per token and minute


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown once and never stored."""
    if days not in LIFETIMES:
        raise ValueError(f"A token lives {', '.join(map(str, LIFETIMES))} days, not {days}.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=ApiToken.Scope(scope),
        prefix=secret[:PREFIX_SHOWN],
        digest=token_digest(secret),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    record(
        actor=user,
        action=Action.API_TOKEN_CREATED,
        obj=token,
        details={"owner": user.email, "scope": token.scope, "days": days},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User) -> bool:
    """Revoke a token from now on; False when it was revoked already."""
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    token.refresh_from_db()
    if revoked:
        record(
            actor=by,
            action=Action.API_TOKEN_REVOKED,
            obj=token,
            details={"owner": token.user.email},
        )
    return bool(revoked)


def token_used(*, token: ApiToken, now: datetime.datetime) -> None:
    """Record that the token was used; written at most once a minute per token."""
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
