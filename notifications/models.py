"""Reminders (one row per thing to tell someone, unique so nothing goes twice) and the bell."""

from django.conf import settings
from django.db import models

from .kinds import KINDS

KIND_CHOICES = [(code, kind.label) for code, kind in KINDS.items()]


class Reminder(models.Model):
    """One reminder: kind, the object it is about, the recipient and which occurrence.

    The unique key makes a sweep run twice, two sweeps at once, or a retried task unable to
    create (and so to send) a reminder a second time.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    subject = models.CharField(max_length=60, help_text="what it is about, e.g. meeting:42")
    occurrence = models.CharField(max_length=40, default="1")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    context = models.JSONField(default=dict, help_text="what the message says (ids, titles)")
    batch = models.CharField(max_length=32, blank=True, db_index=True, help_text="the sweep")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "recipient", "occurrence"], name="one_reminder_per_key"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} #{self.occurrence} to {self.recipient_id}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """What the bell shows: one per delivered reminder."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.OneToOneField(Reminder, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """How someone wants one kind of reminder; without a row: by e-mail and in the app."""

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail and the app"
        APP = "app", "Only in the app"
        OFF = "off", "Not at all"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.EMAIL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.channel}"
