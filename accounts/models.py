from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Coalesce, Lower

HR_ADMINS_GROUP = "HR admins"
MANAGE_PROGRAMS_PERMISSION = "accounts.manage_programs"
# Program managers hold this through their group; which programs they run is ManagedProgram.
PROGRAM_MANAGERS_GROUP = "Program managers"
MANAGE_OWN_PROGRAMS_PERMISSION = "accounts.manage_own_programs"


class UserManager(BaseUserManager["User"]):
    """Users are identified by e-mail; there are no usernames."""

    use_in_migrations = True

    def hr_admins(self) -> models.QuerySet["User"]:
        """Active people holding the program-management permission (superusers too)."""
        return self.filter(
            models.Q(groups__permissions__codename="manage_programs") | models.Q(is_superuser=True),
            is_active=True,
        ).distinct()

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user: User = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None  # type: ignore[assignment]  # e-mail is the login
    email = models.EmailField("e-mail address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # e-mail login

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        indexes = [
            # HR's employee list pages through active people in name order: with the index a
            # page is read in order, not found by sorting the whole company (13 ms at 10,000).
            # It holds the ids too, so that a page far down the list is read from the index
            # alone: PostgreSQL sorted the whole company again past page 80 (11 ms -> 1.3 ms).
            models.Index(
                fields=["last_name", "first_name", "email"],
                include=["id"],
                condition=models.Q(is_active=True),
                name="active_people_by_name_id",
            )
        ]
        permissions = [
            ("manage_programs", "Can run mentoring programs (HR admin)"),
            ("manage_own_programs", "Can run the programs given to them (program manager)"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_hr_admin(self) -> bool:
        return self.has_perm(MANAGE_PROGRAMS_PERMISSION)


class ManagedProgram(models.Model):
    """A program manager's scope: an HR role limited to some programs (see accounts/access.py).

    It names the program by a string reference, as the one-way stack allows: accounts never
    imports the programs app, and reads the scope as program ids.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="managed_programs")
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="manager_grants"
    )
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "program"], name="one_grant_per_program")
        ]

    def __str__(self) -> str:
        return f"{self.user} manages program {self.program_id}"


class SignInSettings(models.Model):
    """HR's sign-in rules, one row (see accounts/sso.py). The identity provider itself is an
    allauth SocialApp, or comes from the environment."""

    sso_only = models.BooleanField(
        "single sign-on only",
        default=False,
        help_text="Hide the password form; a superuser can still use it in an emergency.",
    )
    sso_creates_people = models.BooleanField(
        "let single sign-on add people",
        default=False,
        help_text="Someone HR has not imported gets an account at their first sign-in. "
        "Otherwise they are refused.",
    )
    allowed_domains = models.CharField(
        "allowed e-mail domains",
        max_length=500,
        blank=True,
        help_text="Comma-separated, for example example.com, example.co.uk. Empty: any.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "sign-in settings"

    def __str__(self) -> str:
        return "Sign-in settings"

    @classmethod
    def current(cls) -> "SignInSettings":
        return cls.objects.get_or_create(pk=1)[0]

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.allowed_domains.split(",") if d.strip()]

    def allows_email(self, email: str) -> bool:
        domain = email.rpartition("@")[2].lower()
        return not self.domains or domain in self.domains


LEVELS = range(1, 11)
PROFICIENCY_WORDS = {
    1: "I can show the basics",
    2: "I use it every day",
    3: "I can help others with it",
    4: "I know it inside out",
    5: "I could teach a course",
}
PRIORITY_WORDS = {1: "Nice to have", 2: "Important", 3: "Top priority"}
CURRENT_LEVEL_WORDS = {
    1: "New to me",
    2: "I know a little",
    3: "I get by",
    4: "I am fairly good",
    5: "I am already strong",
}


class LevelName(models.Model):
    """How a company names its levels, 1 (entry level) .. 10 (top executive); HR renames them."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} · {self.name}"


def _count_of(model: type["SkillOffered | SkillWanted"], field: str) -> Coalesce:
    """How many rows of `model` point at the outer row through `field`, as a subquery.

    A subquery per count, not Count() over joins: two joins multiply each other's rows.
    """
    rows = (
        model.objects.filter(**{field: models.OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(rows), 0, output_field=models.IntegerField())


def with_skill_counts(people: models.QuerySet[User]) -> models.QuerySet[User]:
    """`offered_count` and `wanted_count`: the skills each person can teach and wants to learn."""
    return people.annotate(
        offered_count=_count_of(SkillOffered, "user"),
        wanted_count=_count_of(SkillWanted, "user"),
    )


class ProfileQuerySet(models.QuerySet["Profile"]):
    def departments(self) -> list[str]:
        """The company's departments, as HR's import and the profiles name them."""
        names = self.exclude(department="").values_list("department", flat=True)
        return list(names.distinct().order_by("department"))


class Profile(models.Model):
    """Who someone is in the organisation: what the pairing needs to know about them."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True)
    title = models.CharField("job title", max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 = entry level … 10 = top executive"
    )
    department = models.CharField(max_length=120, blank=True, db_index=True)
    manager = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="direct_reports"
    )
    timezone = models.CharField("time zone", max_length=64, blank=True)
    location = models.CharField("office location", max_length=120, blank=True)
    bio = models.TextField("short bio", max_length=1000, blank=True)
    left_on = models.DateField(
        "left the company on", null=True, blank=True, help_text="From HR's import; empty: employed"
    )
    # The fields HR's import (or an HR admin) set: the employee sees them, HR changes them.
    hr_fields = models.JSONField(
        "fields from HR's records", default=list, blank=True, help_text="e.g. ['level', 'title']"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=10),
                name="profile_level_1_to_10",
            )
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class SkillCategory(models.Model):
    name = models.CharField(max_length=80, unique=True)
    description = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "skill categories"

    def __str__(self) -> str:
        return self.name


class SkillQuerySet(models.QuerySet["Skill"]):
    def active(self) -> "SkillQuerySet":
        return self.filter(retired=False)

    def with_usage_counts(self) -> "SkillQuerySet":
        """`offered_count` and `wanted_count`: how many people offer and want each skill."""
        return self.annotate(
            offered_count=_count_of(SkillOffered, "skill"),
            wanted_count=_count_of(SkillWanted, "skill"),
        )


class Skill(models.Model):
    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills")
    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=240, blank=True)
    retired = models.BooleanField(default=False, help_text="Kept for history, no longer offered")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "name"]
        constraints = [
            # "chatgpt" is "ChatGPT": the form says so in words; this holds when two HR admins
            # add the same skill at the same moment.
            models.UniqueConstraint(
                Lower("name"),
                name="one_skill_per_name_in_any_case",
                violation_error_message="The catalogue already has a skill of this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SkillOffered(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="skills_offered")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="offered_by")
    proficiency = models.PositiveSmallIntegerField(choices=PROFICIENCY_WORDS.items())

    class Meta:
        ordering = ["skill__category__position", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="one_offer_per_skill"),
            models.CheckConstraint(
                condition=models.Q(proficiency__gte=1, proficiency__lte=5),
                name="proficiency_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} offers {self.skill} ({self.proficiency})"


class SkillWanted(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="skills_wanted")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="wanted_by")
    priority = models.PositiveSmallIntegerField(choices=PRIORITY_WORDS.items())
    current_level = models.PositiveSmallIntegerField(choices=CURRENT_LEVEL_WORDS.items())

    class Meta:
        ordering = ["-priority", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="one_want_per_skill"),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=3), name="priority_1_to_3"
            ),
            models.CheckConstraint(
                condition=models.Q(current_level__gte=1, current_level__lte=5),
                name="current_level_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} wants {self.skill} (priority {self.priority})"


class EmployeeImport(models.Model):
    """One CSV from HR's system, kept as uploaded: apply re-checks it against today's data."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Failed"

    file_name = models.CharField("original file name", max_length=255)
    text = models.TextField("uploaded file text")
    uploaded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="employee_imports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField(default=dict, help_text="Row counts: created, updated, …")
    applied_at = models.DateTimeField(null=True, blank=True)
    invitations_sent = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def error_count(self) -> int:
        return self.summary.get("errors", 0)
