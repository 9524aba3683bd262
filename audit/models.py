"""The audit log: who did what to which object, when, and what changed. Append-only."""

from django.conf import settings
from django.db import models


class Action(models.TextChoices):
    IMPORT_APPLIED = "import.applied", "Employee import applied"
    EMPLOYEE_CHANGED = "employee.changed", "Employee changed"
    SKILL_MERGED = "skill.merged", "Skills merged"
    SKILL_RETIRED = "skill.retired", "Skill retired or restored"
    PROGRAM_CREATED = "program.created", "Program created"
    PROGRAM_EDITED = "program.edited", "Program edited"
    PROGRAM_COPIED = "program.copied", "Program copied"
    PHASE_MOVED = "program.phase", "Program phase moved"
    PROGRAM_CLOSED = "program.closed", "Program closed"
    INVITATIONS_SENT = "program.invited", "Invitations sent"
    PROGRAM_ANNOUNCED = "program.announced", "Program announced"
    ENROLMENTS_DECIDED = "enrolments.decided", "Enrolments decided"
    PAIRING_RUN = "pairing.run", "Pairing run started"
    PAIR_LOCKED = "pair.locked", "Pair locked"
    PAIR_UNLOCKED = "pair.unlocked", "Pair unlocked"
    PAIR_BLOCKED = "pair.blocked", "Pair blocked"
    PAIR_ALLOWED = "pair.allowed", "Blocked pair allowed again"
    RULE_UNDONE = "pair.rule_undone", "Lock or block undone"
    PAIR_ASSIGNED = "pair.assigned", "Mentor assigned by hand"
    PAIRS_PUBLISHED = "pairs.published", "Pairs published"
    PAIRING_ENDED = "pair.ended", "Pairing ended"
    CONCERN_ACKNOWLEDGED = "concern.acknowledged", "Concern acknowledged"
    CONCERN_RESOLVED = "concern.resolved", "Concern resolved"
    ROLE_GRANTED = "role.granted", "HR role granted"
    ROLE_REVOKED = "role.revoked", "HR role revoked"
    SSO_CHANGED = "sso.changed", "Single sign-on changed"
    SETTINGS_CHANGED = "settings.changed", "Sign-in settings changed"
    HR_SIGNED_IN = "signin.hr", "HR admin signed in"
    SIGN_IN_FAILED = "signin.failed_burst", "Failed sign-ins in a burst"
    SIGN_IN_REFUSED = "signin.refused", "Single sign-on refused"
    API_TOKEN_CREATED = "api_token.created", "API token created"
    API_TOKEN_REVOKED = "api_token.revoked", "API token revoked"
    ENTRIES_PURGED = "audit.purged", "Old audit entries removed"


class AppendOnly(Exception):
    """Audit entries are never changed or deleted, except by the retention job."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnly("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Audit entries cannot be deleted; the retention job removes old ones.")

    def purge(self) -> int:
        """Remove these entries for good: the retention job's way, and nobody else's."""
        return models.QuerySet.delete(self)[0]


class AuditEntry(models.Model):
    """One HR action. The labels are copies taken at the time, so that an entry still reads
    right after the person, program or object is renamed or gone."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("who", max_length=254, blank=True)
    action = models.CharField(max_length=40, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_label = models.CharField("object", max_length=200, blank=True)
    program_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    program_label = models.CharField("program", max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="field: [before, after]")
    details = models.JSONField(default=dict, blank=True, help_text="counts and the like")

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label}: {self.get_action_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        # A guard, not a rule: nothing in the app may rewrite history.
        if not self._state.adding:
            raise AppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Audit entries cannot be deleted.")
