"""Delegates: an executive's assistant who looks after the executive's mentoring calendar.

A delegate sees the executive's pairs by name and their meetings' time, length, place and
video link, and schedules, moves and cancels meetings on the executive's behalf. Nothing of
what the pair writes (agendas, goals, logs, notes, ratings) reaches a delegate: the delegate's
pages, reminders and calendar feed are built from the fields listed in `MEETING_FIELDS` only,
and the pair's own pages keep answering 404 to them (sessions_log/access.py).
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q

if TYPE_CHECKING:
    from accounts.models import User

# What a delegate may know of a meeting; the delegate's reads load these fields and no others.
MEETING_FIELDS = (
    "id",
    "pairing",
    "starts_at",
    "ends_at",
    "place",
    "video_url",
    "status",
    "uid",
    "sequence",
    "created_at",
    "updated_at",
)
MAX_DELEGATES = 5


class DelegationQuerySet(models.QuerySet["Delegation"]):
    def accepted(self) -> "DelegationQuerySet":
        return self.filter(status=Delegation.Status.ACCEPTED)

    def open(self) -> "DelegationQuerySet":
        """Invited or accepted: what the executive sees as their delegates."""
        return self.filter(status__in=Delegation.OPEN)

    def assisting(self, delegate: "User") -> "DelegationQuerySet":
        """The executives `delegate` looks after now."""
        return self.accepted().filter(delegate=delegate)


class Delegation(models.Model):
    """An executive names a delegate; the delegate accepts or declines; either ends it."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited, not answered yet"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        ENDED = "ended", "Ended"

    OPEN = [Status.INVITED, Status.ACCEPTED]

    executive = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegations_given"
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegations_held"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.INVITED)
    share_meeting_soon = models.BooleanField(
        "share “a meeting is coming” reminders",
        default=True,
        help_text="Your delegate is reminded of your meetings: time and place only.",
    )
    share_no_meeting = models.BooleanField(
        "share “no meeting planned” reminders",
        default=True,
        help_text="Your delegate hears when nothing is planned in the program's rhythm.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["executive", "delegate"],
                condition=Q(status__in=["invited", "accepted"]),
                name="one_open_delegation_per_pair_of_people",
            ),
            models.CheckConstraint(
                condition=~Q(executive=F("delegate")), name="nobody_is_their_own_delegate"
            ),
        ]
        indexes = [models.Index(fields=["delegate", "status"])]

    def __str__(self) -> str:
        return f"Delegation {self.pk}: {self.delegate_id} for {self.executive_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class DelegateFeed(models.Model):
    """A delegate's secret calendar URL for the meetings they look after (time and place)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegate_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Delegate calendar feed of {self.user_id}"
