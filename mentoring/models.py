"""The project's own table: the outbox of side effects (see mentoring/outbox.py)."""

from django.db import models
from django.utils import timezone


class OutboxQuerySet(models.QuerySet["OutboxMessage"]):
    def pending(self) -> "OutboxQuerySet":
        return self.filter(done_at__isnull=True, failed_at__isnull=True)


class OutboxMessage(models.Model):
    """A side effect of a change (an e-mail, a notice, a pairing run), written in the same
    transaction as the change and handed to a Celery task once it has committed.

    The row stays until the task has run to its end, so a broker that is down or a worker
    that dies delays the effect and never loses it: the dispatcher hands it over again.
    """

    task = models.CharField(max_length=120, help_text="the Celery task's name")
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    not_before = models.DateTimeField(default=timezone.now)
    handed_at = models.DateTimeField(null=True, blank=True, help_text="last given to the broker")
    handovers = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True, help_text="given up after retries")
    last_error = models.TextField(blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["not_before", "handed_at"],
                condition=models.Q(done_at__isnull=True, failed_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"
