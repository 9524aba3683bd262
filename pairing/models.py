"""Pairing runs, the pairs they propose or HR publishes, and HR's locks and blocks."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from programs.models import Enrolment, Phase, Program, Role

if TYPE_CHECKING:
    from accounts.models import User


class PairingRun(models.Model):
    """One press of the button: kept with who, when, the settings and what came out."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pairing_runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    keep_active = models.BooleanField(
        default=False, help_text="Published pairings stay as they are (late joiners)"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.CharField(max_length=120, blank=True)
    settings = models.JSONField(default=dict)
    mentees = models.PositiveIntegerField(default=0)
    mentors = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    total_score = models.FloatField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    unmatched = models.JSONField(default=list, help_text="[{enrolment, reason, excluded}]")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Pairing run {self.pk} of {self.program}"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class PairingQuerySet(models.QuerySet["Pairing"]):
    def proposed(self) -> "PairingQuerySet":
        return self.filter(status=Pairing.Status.PROPOSED)

    def active(self) -> "PairingQuerySet":
        return self.filter(status=Pairing.Status.ACTIVE)

    def open(self) -> "PairingQuerySet":
        return self.filter(status__in=[Pairing.Status.PROPOSED, Pairing.Status.ACTIVE])

    def kept_apart(self) -> "PairingQuerySet":
        """Ended pairings whose two people later runs do not pair again (HR may allow it)."""
        return self.filter(status=Pairing.Status.ENDED, may_pair_again=False)

    def with_user(self, user: "User") -> "PairingQuerySet":
        """The pairings `user` is in, either side, whatever their status.

        The person's few enrolment ids are read first and given as two literal IN lists on
        the indexed columns: as subqueries, PostgreSQL guessed a third of all pairings would
        match, read every pairing and joined every profile to keep one (11 ms at 3,000 pairs
        against 1 ms).
        """
        mine = list(Enrolment.objects.filter(user=user).order_by().values_list("pk", flat=True))
        return self.filter(models.Q(mentee__in=mine) | models.Q(mentor__in=mine))

    def visible_to(self, user: "User") -> "PairingQuerySet":
        """What the two people of a pair see: their published pairings, and ended ones."""
        if not user.is_authenticated:
            return self.none()
        return self.with_user(user).filter(status__in=Pairing.VISIBLE)


class Pairing(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Published"
        ENDED = "ended", "Ended"

    # The two people see a pairing once it is published; proposals are HR's draft.
    VISIBLE = [Status.ACTIVE, Status.ENDED]

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pairings")
    run = models.ForeignKey(PairingRun, null=True, blank=True, on_delete=models.SET_NULL)
    mentee = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="pairings_as_mentee"
    )
    mentor = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="pairings_as_mentor"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PROPOSED)
    score = models.FloatField()
    parts = models.JSONField(default=dict)
    reasons = models.JSONField(default=dict, help_text="skills learnt and given, hours apart")
    breaks = models.JSONField(default=list, help_text="rules this pair breaks (HR's choice)")
    by_hand = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    introduced_at = models.DateTimeField(null=True, blank=True, help_text="introduction e-mailed")
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An ended pairing keeps its two apart in later runs of the program, until HR says otherwise.
    may_pair_again = models.BooleanField(
        default=False, help_text="HR allows the two to be paired again in this program"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        ordering = ["-score"]
        constraints = [
            # A mentee has one proposal or one published pairing at a time, never two.
            models.UniqueConstraint(
                fields=["mentee"],
                condition=models.Q(status__in=["proposed", "active"]),
                name="one_open_pairing_per_mentee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentee.user} with {self.mentor.user} ({self.get_status_display()})"

    def role_of(self, user: "User") -> str | None:
        """Mentee or mentor: the part `user` plays in this pairing; None for anyone else."""
        if self.mentee.user_id == user.pk:
            return Role.MENTEE
        if self.mentor.user_id == user.pk:
            return Role.MENTOR
        return None

    def other(self, role: str) -> Enrolment:
        """The other person's enrolment, seen from `role`."""
        return self.mentor if role == Role.MENTEE else self.mentee

    def partner_of(self, user: "User") -> Enrolment:
        """The other person's enrolment, seen by `user`, who must be one of the two."""
        role = self.role_of(user)
        if role is None:
            raise ValueError(f"{user} is not in {self}")
        return self.other(role)

    @property
    def is_writable(self) -> bool:
        """The pair works in it while it is published and the program runs; an ended pairing,
        or any pairing of a closed program, is kept read-only."""
        return self.status == self.Status.ACTIVE and self.program.phase != Phase.CLOSED


class PairRule(models.Model):
    """HR's word on one pair: always pair them (lock) or never (block)."""

    class Kind(models.TextChoices):
        LOCK = "lock", "Locked"
        BLOCK = "block", "Blocked"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pair_rules")
    mentee = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor"], name="one_rule_per_pair"),
            models.UniqueConstraint(
                fields=["mentee"], condition=models.Q(kind="lock"), name="one_lock_per_mentee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentee.user} with {self.mentor.user}"
