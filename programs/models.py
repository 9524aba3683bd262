"""The program domain: one cohort of reverse mentoring and the people who enrol in it."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

DEFAULT_GROUND_RULES = """\
1. Confidentiality. What is said in a pairing stays in the pairing. HR sees that you met, \
goal progress and ratings, never what you talked about.
2. Privacy. Personal information, pictures of each other and trade secrets are not shared \
outside the pair, on any channel, ever.
3. Time. Both of you keep the agreed meetings, come prepared, and say early when a meeting \
has to move.
4. Both ways. Value flows in both directions: the junior teaches digital skills, the \
executive gives back business experience. Each of you learns something.
5. The mentee decides. The mentor advises and shows; the executive decides what to do with \
it and owns their strategy.
6. No career consequences. Taking part, and anything said in the sessions, never counts \
for or against the junior's career, appraisal or pay.
7. A safe way to speak up. If something goes wrong (you never meet, confidentiality is \
broken, you feel uncomfortable, someone uses their position), raise a concern with HR from \
your pair's page, with your name or anonymously. Your pair is never told.
"""

WEIGHT_HELP = {
    "weight_learn": "How much of what the executive wants to learn the mentor can teach, how well.",
    "weight_give": "How much the executive can give back what the mentor wants to learn.",
    "weight_tz": "How close their time zones are: easier to find a meeting time.",
    "weight_cross": "Whether they work in different departments: new perspectives on both sides.",
}


class Phase(models.TextChoices):
    DRAFT = "draft", "Draft"
    ENROLLING = "enrolling", "Enrolling"
    MATCHING = "matching", "Matching"
    RUNNING = "running", "Running"
    CLOSED = "closed", "Closed"


def _open_for_enrolment(today: datetime.date) -> models.Q:
    """The rule, once: enrolling, and today between the day enrolment opens and closes."""
    return models.Q(phase=Phase.ENROLLING, enrolment_opens__lte=today, enrolment_closes__gte=today)


class ProgramQuerySet(models.QuerySet["Program"]):
    def open_for_enrolment(self, today: datetime.date | None = None) -> "ProgramQuerySet":
        return self.filter(_open_for_enrolment(today or timezone.localdate()))


def weight_field(label: str, default: float, name: str) -> models.FloatField:
    return models.FloatField(
        label, default=default, validators=[MinValueValidator(0)], help_text=WEIGHT_HELP[name]
    )


class Program(models.Model):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    goals = models.TextField("goals of the program", blank=True)
    ground_rules = models.TextField(default=DEFAULT_GROUND_RULES)
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.DRAFT)

    enrolment_opens = models.DateField(null=True, blank=True)
    enrolment_closes = models.DateField(null=True, blank=True)
    starts_on = models.DateField("program starts", null=True, blank=True)
    ends_on = models.DateField("program ends", null=True, blank=True)
    cadence_weeks = models.PositiveSmallIntegerField(
        "a meeting every … weeks", default=2, validators=[MinValueValidator(1)]
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        "meeting length (minutes)", default=45, validators=[MinValueValidator(15)]
    )
    reminder_hours_before = models.PositiveSmallIntegerField(
        "remind of a meeting … hours before",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
    )

    # Pairing rules: see docs/pairing.md.
    default_capacity = models.PositiveSmallIntegerField(
        "mentees per mentor at most", default=1, validators=[MinValueValidator(1)]
    )
    min_level_gap = models.PositiveSmallIntegerField(
        "minimum level gap",
        default=1,
        help_text="How many levels the executive must be above the junior mentor.",
    )
    min_score = models.FloatField(
        "minimum score",
        default=0.0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Pairs scoring below this (0 to 1) are never proposed.",
    )
    weight_learn = weight_field("weight: the executive learns", 0.6, "weight_learn")
    weight_give = weight_field("weight: the executive gives back", 0.2, "weight_give")
    weight_tz = weight_field("weight: time zones", 0.1, "weight_tz")
    weight_cross = weight_field("weight: across departments", 0.1, "weight_cross")
    allow_repeat_pairs = models.BooleanField(
        "earlier pairs may meet again",
        default=False,
        help_text="Off: nobody is paired with someone they were paired with in an earlier program.",
    )

    # Eligibility.
    mentee_min_level = models.PositiveSmallIntegerField(
        "mentees from level", default=7, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    mentor_max_level = models.PositiveSmallIntegerField(
        "mentors up to level", default=4, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    departments = models.JSONField(
        "departments included",
        default=list,
        blank=True,
        help_text="Empty: everyone in the company may enrol.",
    )
    requires_approval = models.BooleanField(
        "HR approves each enrolment",
        default=False,
        help_text="Off: enrolments are approved automatically.",
    )

    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def weights(self) -> dict[str, float]:
        return {
            "learn": self.weight_learn,
            "give": self.weight_give,
            "tz": self.weight_tz,
            "cross": self.weight_cross,
        }

    def is_open_for_enrolment(self, today: datetime.date | None = None) -> bool:
        """The same rule as `Program.objects.open_for_enrolment()`, for one program in hand."""
        today = today or timezone.localdate()
        return (
            self.phase == Phase.ENROLLING
            and self.enrolment_opens is not None
            and self.enrolment_closes is not None
            and self.enrolment_opens <= today <= self.enrolment_closes
        )

    def eligibility_problems(self, *, level: int | None, department: str, role: str) -> list[str]:
        """Why someone of this level and department may not enrol as `role`; empty if they may."""
        problems = []
        if level is None:
            problems.append("Your profile does not say your level yet.")
        elif role == Role.MENTEE and level < self.mentee_min_level:
            problems.append(f"Mentees in this program are from level {self.mentee_min_level} up.")
        elif role == Role.MENTOR and level > self.mentor_max_level:
            problems.append(f"Mentors in this program are up to level {self.mentor_max_level}.")
        if self.departments and department not in self.departments:
            problems.append("This program is for " + ", ".join(self.departments) + ".")
        return problems

    @property
    def max_score(self) -> float:
        """The best score a pair can reach: every part of the score at 1 (docs/pairing.md)."""
        return round(sum(self.weights.values()), 4)

    @property
    def can_change_enrolments(self) -> bool:
        """Employees edit or withdraw until matching starts."""
        return self.phase in (Phase.DRAFT, Phase.ENROLLING)

    @property
    def hours_per_month(self) -> float:
        return round(self.meeting_minutes / 60 * 4.35 / self.cadence_weeks, 1)


class Role(models.TextChoices):
    MENTEE = "mentee", "Mentee (executive who learns digital skills)"
    MENTOR = "mentor", "Mentor (junior who teaches digital skills)"


class EnrolmentStatus(models.TextChoices):
    PENDING = "pending", "Waiting for HR"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def active(self) -> "EnrolmentQuerySet":
        return self.filter(status__in=[EnrolmentStatus.PENDING, EnrolmentStatus.APPROVED])

    def approved(self) -> "EnrolmentQuerySet":
        return self.filter(status=EnrolmentStatus.APPROVED)

    def mentees(self) -> "EnrolmentQuerySet":
        return self.filter(role=Role.MENTEE)

    def mentors(self) -> "EnrolmentQuerySet":
        return self.filter(role=Role.MENTOR)


AVAILABILITY_DAYS = [("mon", "Mon"), ("tue", "Tue"), ("wed", "Wed"), ("thu", "Thu"), ("fri", "Fri")]
AVAILABILITY_TIMES = [
    ("morning", "Morning (8–12)"),
    ("midday", "Midday (12–14)"),
    ("afternoon", "Afternoon (14–18)"),
    ("evening", "Evening (18–21)"),
]


class Enrolment(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    role = models.CharField(max_length=8, choices=Role.choices)
    status = models.CharField(
        max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.PENDING
    )
    hopes = models.TextField("what you hope to get out of it", blank=True)
    availability = models.JSONField(
        default=list, blank=True, help_text="Slots such as 'tue-morning', in the person's time zone"
    )
    capacity = models.PositiveSmallIntegerField(
        "mentees you can take", default=1, validators=[MinValueValidator(1)]
    )
    ground_rules_accepted_at = models.DateTimeField()
    paired_count = models.PositiveSmallIntegerField(
        default=0, help_text="Published pairings this person is in now"
    )
    decision_reason = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["program", "role", "created_at"]
        constraints = [
            # Within one program, one role: the pairing relies on it.
            models.UniqueConstraint(fields=["program", "user"], name="one_enrolment_per_program"),
            # The database itself keeps a mentor within capacity and a mentee (capacity 1) with
            # one mentor, whatever two HR admins publish at the same moment.
            models.CheckConstraint(
                condition=models.Q(paired_count__lte=models.F("capacity")),
                name="paired_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} in {self.program}"

    @property
    def is_active(self) -> bool:
        return self.status in (EnrolmentStatus.PENDING, EnrolmentStatus.APPROVED)


class ProgramInvitation(models.Model):
    """An employee HR invited to enrol; kept so that nobody is invited twice."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="one_invitation_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} invited to {self.program}"
