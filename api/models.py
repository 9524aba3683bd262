"""Personal API tokens and the writes remembered under an Idempotency-Key.

A token is shown once when it is made; the database keeps only its SHA-256 digest (a random
256-bit secret needs no slow hash) and its first characters, to recognise it in a list.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import User


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self, now: datetime.datetime | None = None) -> "ApiTokenQuerySet":
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def of_hr_admins(self) -> "ApiTokenQuerySet":
        """Tokens held by people who are HR admins today: they reach HR's data."""
        return self.filter(user__in=User.objects.hr_admins().values("pk"))


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80, help_text="What it is for, e.g. “Workday sync”")
    prefix = models.CharField(max_length=16, help_text="Its first characters, to recognise it")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token")
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:  # never the secret: it is not stored
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_live(self) -> bool:
        return not self.is_revoked and not self.is_expired

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class IdempotencyKey(models.Model):
    """A write that succeeded under an Idempotency-Key: the same request again gets its answer.

    Kept for a day (api.idempotency.KEEP); a key names one request of one person.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body")
    status_code = models.PositiveSmallIntegerField(null=True)
    body = models.TextField(blank=True, help_text="The answer's JSON, as it was sent")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_request_per_idempotency_key")
        ]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"Idempotency key {self.key!r} of user {self.user_id}"
