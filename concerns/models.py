"""Concerns: a safe way for either person of a pair to tell HR that something is wrong.

Anonymity holds by the shape of the data. A `Concern` is what HR reads: the program, a
category, the text, the day it was raised and, only when its author lets HR contact them, who
raised it and about which pair. An anonymous concern's row has no link to its author or pair
(a check constraint keeps them empty) and no time finer than the day. The author's link is a
row of `ConcernAuthorship`, read only through `ConcernAuthorship.objects.by(author)` so that
its author can see their concerns and reveal one later; no HR page, export or notice reads it.
See docs/decisions/0007-concerns-are-anonymous-by-construction.md.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from pairing.models import Pairing
from programs.models import Program

if TYPE_CHECKING:
    from accounts.models import User

TEXT_MAX = 4000


class Category(models.TextChoices):
    NOT_MEETING = "not_meeting", "We do not meet"
    CONFIDENTIALITY = "confidentiality", "Confidentiality was broken"
    UNCOMFORTABLE = "uncomfortable", "I feel uncomfortable"
    POWER = "power", "A power problem (pressure, favours, my career)"
    OTHER = "other", "Something else"


class ConcernQuerySet(models.QuerySet["Concern"]):
    def open(self) -> "ConcernQuerySet":
        """Waiting for HR: new, or acknowledged and not resolved yet."""
        return self.exclude(status=Concern.Status.RESOLVED)


class Concern(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESOLVED = "resolved", "Resolved"

    class Outcome(models.TextChoices):
        REPAIRED = "repaired", "The pairing was ended and each person offered a new pair"
        ENDED = "ended", "The pairing was ended"
        TALKED = "talked", "HR talked with the people concerned"
        PROGRAM = "program", "Addressed for the whole program"
        NO_ACTION = "no_action", "No action was needed"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="concerns")
    category = models.CharField(max_length=16, choices=Category.choices)
    text = models.TextField(max_length=TEXT_MAX)
    raised_on = models.DateField(help_text="The day only: no time that could point to a person")
    named = models.BooleanField(
        "HR may contact me", help_text="Off: anonymous, HR sees neither who nor which pair"
    )
    # Filled only when the concern is named (from the start or revealed later).
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pairing = models.ForeignKey(
        Pairing, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revealed_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=9, choices=Outcome.choices, blank=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(named=True) | Q(raised_by__isnull=True, pairing__isnull=True),
                name="anonymous_concern_has_no_author_or_pair",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | ~Q(outcome=""),
                name="resolved_concern_has_an_outcome",
            ),
        ]
        indexes = [models.Index(fields=["status", "program"])]

    def __str__(self) -> str:
        # Never the text nor the author: it shows in logs and error reports.
        return f"Concern {self.pk} ({self.category}) in program {self.program_id}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.RESOLVED


class ConcernNote(models.Model):
    """What HR writes down while following a concern up: for HR alone."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"HR note {self.pk} on concern {self.concern_id}"


class ConcernAuthorshipQuerySet(models.QuerySet["ConcernAuthorship"]):
    def by(self, author: "User") -> "ConcernAuthorshipQuerySet":
        """The only way this table is read: its author's own rows."""
        return self.filter(author=author)


class ConcernAuthorship(models.Model):
    """Who raised a concern about which pair: for the author's eyes only.

    No reverse accessor from `Concern` (related_name="+"), so that a page about a concern
    cannot reach its author by following a relation.
    """

    concern = models.OneToOneField(Concern, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="+")

    objects = ConcernAuthorshipQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Authorship of concern {self.concern_id}"  # never who
