"""What a published pair does together: goals, meetings with agendas, and the logs after them.

Confidentiality is built into the shape of the data: HR's figures come from counts, dates,
progress numbers and ratings only; a private note is a row of its own, read only through
`PrivateNote.objects.by(author)`.
"""

import datetime
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Skill
from pairing.models import Pairing

if TYPE_CHECKING:
    from accounts.models import User


class TopicTemplate(models.Model):
    """A ready-made meeting topic from the catalogue; its items seed a meeting's agenda."""

    title = models.CharField(max_length=120, unique=True)
    summary = models.CharField(max_length=240, blank=True)
    items = models.JSONField(default=list, help_text='[{"title": …, "details": …, "url": …}]')
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title


class GoalQuerySet(models.QuerySet["Goal"]):
    def open(self) -> "GoalQuerySet":
        return self.filter(status=Goal.Status.OPEN)

    def counted(self) -> "GoalQuerySet":
        """Goals that count towards progress figures: dropped ones do not."""
        return self.exclude(status=Goal.Status.DROPPED)


class Goal(models.Model):
    class Direction(models.TextChoices):
        MENTEE_LEARNS = "mentee", "The executive learns"
        MENTOR_LEARNS = "mentor", "The junior learns back"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Dropped"

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="goals")
    direction = models.CharField(
        "who learns", max_length=6, choices=Direction.choices, default=Direction.MENTEE_LEARNS
    )
    title = models.CharField(max_length=160)
    success = models.TextField("what success looks like", blank=True)
    target_date = models.DateField(null=True, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    # Bumped on every change, compared on save: two people editing at once never overwrite.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="goal_progress_0_to_100")
        ]

    def __str__(self) -> str:
        return self.title


class GoalProgress(models.Model):
    """One change of a goal's progress or status: the goal's history over time."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="history")
    progress = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=8, choices=Goal.Status.choices)
    meeting = models.ForeignKey(
        "Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = "goal progress"

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.progress} % ({self.status})"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: "User") -> "MeetingQuerySet":
        """Meetings of the published or ended pairings the user takes part in."""
        return self.filter(pairing__in=Pairing.objects.visible_to(user))

    def scheduled(self) -> "MeetingQuerySet":
        return self.filter(status=Meeting.Status.SCHEDULED)

    def upcoming(self, now: datetime.datetime | None = None) -> "MeetingQuerySet":
        """Not cancelled and not over yet: a meeting under way is still the next one."""
        return self.scheduled().filter(ends_at__gt=now or timezone.now()).order_by("starts_at")

    def past(self, now: datetime.datetime | None = None) -> "MeetingQuerySet":
        return self.scheduled().filter(ends_at__lte=now or timezone.now()).order_by("-starts_at")


# The last instant a meeting may end: a day before the end of year 9999, so that it converts to
# anyone's local time (up to UTC+14) without overflowing Python's datetime.
LAST_MEETING_END = datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC)


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    # Indexed with the start below (Meta.indexes), which serves every lookup by pair too.
    pairing = models.ForeignKey(
        Pairing, on_delete=models.CASCADE, related_name="meetings", db_index=False
    )
    starts_at = models.DateTimeField(db_index=True, help_text="Stored in UTC")
    ends_at = models.DateTimeField()
    place = models.CharField("place", max_length=200, blank=True)
    video_url = models.URLField("video-call link", max_length=500, blank=True)
    topic = models.ForeignKey(
        TopicTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(max_length=300, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A calendar entry is known by its UID; SEQUENCE grows with each change so that a
    # rescheduled or cancelled meeting updates the entry instead of adding a second one.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            # A pair's meetings by time: its next one, its latest held one, a page of its
            # history. With the pair's id alone, finding the latest held meeting read and sorted
            # the pair's whole history once for each of its meetings on the home page: 58 ms
            # for a pair of 130 meetings, 150 ms for 330 (benchmarks/pages_benchmark.py).
            models.Index(fields=["pairing", "starts_at"], name="meetings_of_a_pair_by_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__lt=LAST_MEETING_END), name="meeting_ends_in_a_calendar"
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting {self.pk} of pairing {self.pairing_id} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_over(self) -> bool:
        return self.ends_at <= timezone.now()


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    url = models.URLField("link to a resource", max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)
    done = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class SessionLog(models.Model):
    """What happened at a meeting, shared by the pair; one per meeting."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="log")
    held = models.BooleanField(default=True)
    summary = models.TextField(blank=True)
    skills_covered = models.ManyToManyField(Skill, blank=True, related_name="+")
    # The shared part (held, summary, skills) is versioned: a stale save is a conflict.
    version = models.PositiveIntegerField(default=1)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Log of meeting {self.meeting_id}"


class Rating(models.Model):
    """How one person rated one session, 1–5: HR sees averages of these."""

    log = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="ratings")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=6, help_text="mentee or mentor, for HR's averages")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["log", "by"], name="one_rating_per_person"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score}/5 for log {self.log_id}"


class PrivateNoteQuerySet(models.QuerySet["PrivateNote"]):
    def by(self, author: "User") -> "PrivateNoteQuerySet":
        """The only way notes are read: their author's own."""
        return self.filter(author=author)


class PrivateNote(models.Model):
    """A note only its author ever sees: not the other person, not HR, not an export."""

    log = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = PrivateNoteQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["log", "author"], name="one_private_note_per_author")
        ]

    def __str__(self) -> str:
        return f"Private note on log {self.log_id}"  # never the text: it shows in logs and admin


class CalendarFeed(models.Model):
    """A person's secret calendar URL: the token is the key, resetting it retires the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
