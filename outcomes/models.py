"""Whether a program works: skill levels over time, pulse surveys, early pairing fit, "can do"
checks, thanks and recognition.

Confidentiality is in the shape of the data: a survey answer is stored without a link to the
person who gave it (only that they answered is kept, to ask nobody twice), and HR reads every
figure through outcomes.selectors, which hides any group smaller than MIN_ANSWERS.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accounts.models import Skill
from pairing.models import Pairing
from programs.models import Enrolment, Program
from sessions_log.models import TopicTemplate

SCALE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Moment(models.TextChoices):
    START = "start", "At enrolment"
    MIDPOINT = "midpoint", "Midpoint"
    END = "end", "End"


# The check-ins people are asked to answer; the start comes from their profile at enrolment.
CHECK_IN_MOMENTS = [Moment.MIDPOINT, Moment.END]


class SkillLevel(models.Model):
    """Someone's own rating of a skill they want to learn, 1–5, at one moment of a program."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="skill_levels")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    moment = models.CharField(max_length=8, choices=Moment.choices)
    level = models.PositiveSmallIntegerField(validators=SCALE_VALIDATORS)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "skill", "moment"], name="one_level_per_skill_and_moment"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="skill_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.skill_id} at {self.moment}: {self.level}"


class CheckIn(models.Model):
    """That someone answered the midpoint or end check-in: asked once, reminded once."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="check_ins")
    moment = models.CharField(max_length=8, choices=Moment.choices)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "moment"], name="one_check_in_per_moment")
        ]

    def __str__(self) -> str:
        return f"Check-in of {self.enrolment_id} at {self.moment}"


class Survey(models.Model):
    """A program's midpoint or end pulse survey; HR edits the questions until answers come."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="surveys")
    moment = models.CharField(max_length=8, choices=Moment.choices)
    intro = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "moment"], name="one_survey_per_moment")
        ]

    def __str__(self) -> str:
        return f"{self.get_moment_display()} survey of {self.program}"


class Audience(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    MENTEE = "mentee", "Executives only"
    MENTOR = "mentor", "Junior mentors only"


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", "Scale 1–5"
        TEXT = "text", "Free text"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=200)
    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.SCALE)
    audience = models.CharField(max_length=8, choices=Audience.choices, default=Audience.EVERYONE)
    low_label = models.CharField(max_length=40, blank=True, default="Not at all")
    high_label = models.CharField(max_length=40, blank=True, default="Very much")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    def asks(self, role: str) -> bool:
        return self.audience in (Audience.EVERYONE, role)


class Answer(models.Model):
    """One answer to one question, kept without the person who gave it: the role only, for
    questions asked of both sides. Nothing links it to an enrolment or a user."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    role = models.CharField(max_length=6)
    scale = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE_VALIDATORS)
    text = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale__isnull=True) | models.Q(scale__gte=1, scale__lte=5),
                name="answer_scale_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"Answer to question {self.question_id}"  # never the text


class FitCheck(models.Model):
    """Early pairing fit, after a pair's first held meeting: two questions, one row per side.

    HR sees that a pair reported a poor fit, never which side; the partner sees nothing.
    """

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="fit_checks")
    role = models.CharField(max_length=6)
    fit = models.PositiveSmallIntegerField(validators=SCALE_VALIDATORS)
    learning = models.PositiveSmallIntegerField(validators=SCALE_VALIDATORS)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pairing", "role"], name="one_fit_check_per_side"),
            models.CheckConstraint(
                condition=models.Q(fit__gte=1, fit__lte=5, learning__gte=1, learning__lte=5),
                name="fit_check_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Fit check of pairing {self.pairing_id}"


class CanDo(models.Model):
    """A "can do" check that a topic of the catalogue carries: something the executive can
    now do on their own."""

    topic = models.ForeignKey(TopicTemplate, on_delete=models.CASCADE, related_name="can_dos")
    text = models.CharField(max_length=160)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["topic__position", "topic__title", "position", "pk"]
        verbose_name = "can-do check"

    def __str__(self) -> str:
        return self.text


class CanDoTick(models.Model):
    """A pair's executive ticked a check off; their mentor may confirm it."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="can_do_ticks")
    can_do = models.ForeignKey(CanDo, on_delete=models.CASCADE, related_name="ticks")
    ticked_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pairing", "can_do"], name="one_tick_per_check")
        ]

    def __str__(self) -> str:
        return f"{self.can_do_id} ticked in pairing {self.pairing_id}"


class Thanks(models.Model):
    """The executive's line of thanks to their mentor: the mentor sees it and may quote it."""

    pairing = models.OneToOneField(Pairing, on_delete=models.CASCADE, related_name="thanks")
    text = models.CharField(max_length=300)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "thanks"

    def __str__(self) -> str:
        return f"Thanks in pairing {self.pairing_id}"


class Recognition(models.Model):
    """A junior mentor chose to send their manager the note of recognition: once."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="recognition"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    include_thanks = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Recognition of {self.enrolment_id}"
