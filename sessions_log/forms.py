import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Skill
from mentoring.ids import ModelIdsField
from programs.models import Program

from .models import AgendaItem, Goal, Meeting, SessionLog, TopicTemplate
from .services import ProgressChange, goal_fingerprint, log_fingerprint
from .timezones import NonexistentTime, local_to_utc

RATING_CHOICES = [
    (5, "5 · Very useful"),
    (4, "4"),
    (3, "3"),
    (2, "2"),
    (1, "1 · Not useful"),
]


def _skill_field(label: str, selected=()) -> ModelIdsField:
    # Retired skills stay selectable where they were chosen before, so a save keeps them.
    skills = Skill.objects.filter(retired=False) | Skill.objects.filter(pk__in=selected)
    return ModelIdsField(
        queryset=skills.distinct().select_related("category"),
        required=False,
        label=label,
        widget=forms.CheckboxSelectMultiple,
    )


# Dates people pick stay within what a calendar (and a pair) can use: never year 9999.
FARTHEST_AHEAD = datetime.timedelta(days=2 * 366)
GOALS_AHEAD = datetime.timedelta(days=3 * 366)


def check_within_program(day: datetime.date, program: Program | None, *, what: str) -> None:
    """Not after the program's end. Before its start is allowed: a published pair may meet
    to get to know each other before the official start."""
    if program is None:
        return
    if program.ends_on and day > program.ends_on:
        raise forms.ValidationError(
            f"The program ends on {date_format(program.ends_on, 'j F Y')}: "
            f"pick a {what} date until then."
        )


class MeetingForm(forms.Form):
    """Date and time in the person's own time zone; the meeting is stored in UTC."""

    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    minutes = forms.IntegerField(label="Length (minutes)", min_value=15, max_value=480)
    place = forms.CharField(
        required=False, max_length=200, help_text="A meeting room, a café, an office floor…"
    )
    video_url = forms.URLField(
        label="Video-call link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Teams, Zoom, Meet… Leave the place blank for a video call only.",
    )
    topic = forms.ModelChoiceField(
        TopicTemplate.objects.all(),
        required=False,
        label="Start the agenda from a topic",
        empty_label="No topic: an empty agenda",
    )

    def __init__(
        self,
        *args,
        zone: ZoneInfo,
        meeting: Meeting | None = None,
        program: Program | None = None,
        **kwargs,
    ):
        if meeting is not None:
            local = meeting.starts_at.astimezone(zone)
            kwargs.setdefault(
                "initial",
                {
                    "day": local.date(),
                    "time": local.time(),
                    "minutes": meeting.minutes,
                    "place": meeting.place,
                    "video_url": meeting.video_url,
                },
            )
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.program = program
        self.fields["time"].label = f"Time ({zone.key})"
        self.fields["time"].help_text = "In your time zone, as set in your profile."
        if meeting is not None:
            del self.fields["topic"]

    def clean_day(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["day"]
        check_within_program(day, self.program, what="meeting")
        if day > timezone.localdate() + FARTHEST_AHEAD:
            raise forms.ValidationError("Pick a date within the next two years.")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("time"):
            try:
                data["starts_at"] = local_to_utc(data["day"], data["time"], self.zone)
            except NonexistentTime as error:
                self.add_error("time", f"{error}: the clocks go forward that night.")
                return data
            if data["starts_at"] < timezone.now():
                self.add_error("day", "Pick a time in the future.")
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        max_length=300,
        help_text="Your pair sees this.",
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


class EndPairingForm(forms.Form):
    reason = forms.CharField(
        label="Why does the pairing end?",
        max_length=300,
        help_text="Both of them read it in the notice they get.",
        error_messages={"required": "Say why the pairing ends: both of them read it."},
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


class TopicForm(forms.Form):
    topic = forms.ModelChoiceField(
        TopicTemplate.objects.all(),
        label="Or add the items of a ready-made topic",
        empty_label="Choose a topic…",
    )


class AgendaItemForm(forms.ModelForm):
    url = forms.URLField(
        label="Link to a resource", required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "details", "url"]
        widgets = {"details": forms.Textarea(attrs={"rows": 2})}
        labels = {"title": "Item or question"}


class GoalForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    base = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Goal
        fields = ["direction", "title", "success", "target_date", "skills", "progress", "status"]
        widgets = {
            "direction": forms.RadioSelect,
            "success": forms.Textarea(attrs={"rows": 3}),
            "target_date": forms.DateInput(attrs={"type": "date"}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }
        labels = {"progress": "Progress (%)"}
        help_texts = {
            "title": "Short and concrete: “Post on LinkedIn every week”.",
            "success": "How will you both know it is reached?",
        }

    def __init__(
        self, *args, mentee_name: str, mentor_name: str, program: Program | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.program = program
        goal = self.instance
        cast(forms.ChoiceField, self.fields["direction"]).choices = [
            (Goal.Direction.MENTEE_LEARNS, f"{mentee_name} learns (from {mentor_name})"),
            (Goal.Direction.MENTOR_LEARNS, f"{mentor_name} learns back (from {mentee_name})"),
        ]
        selected = goal.skills.all() if goal.pk else ()
        self.fields["skills"] = _skill_field("Skills it concerns", [s.pk for s in selected])
        if goal.pk:
            self.initial.setdefault("version", goal.version)
            self.initial.setdefault("base", goal_fingerprint(goal))
            self.fields["version"].required = self.fields["base"].required = True
        else:
            del self.fields["status"], self.fields["version"], self.fields["base"]

    def _post_clean(self) -> None:
        # The form only validates; goal_update writes. Leave the instance as loaded, so that
        # after a conflict it still shows what the other person saved.
        pass

    def clean_target_date(self) -> datetime.date | None:
        target: datetime.date | None = self.cleaned_data.get("target_date")
        if target is None or "target_date" not in self.changed_data:
            return target  # a date saved before is kept as it is
        check_within_program(target, self.program, what="target")
        today = timezone.localdate()
        if not today - GOALS_AHEAD <= target <= today + GOALS_AHEAD:
            raise forms.ValidationError("Pick a target date within three years from today.")
        return target

    def clean_progress(self) -> int:
        progress = self.cleaned_data["progress"]
        if not 0 <= progress <= 100:
            raise forms.ValidationError("Progress goes from 0 to 100 %.")
        return progress


class SessionLogForm(forms.Form):
    """The shared log, the person's own rating and private note, and progress on goals."""

    held = forms.TypedChoiceField(
        label="Did the meeting take place?",
        choices=[("yes", "Yes, we met"), ("no", "No, it was missed")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        # Nothing preselected: a meeting counts as held only when someone says so.
        error_messages={"required": "Say whether the meeting took place: yes or no."},
    )
    summary = forms.CharField(
        label="Summary (both of you see it)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you covered, what you agreed, what comes next. HR never sees it.",
    )
    rating = forms.TypedChoiceField(
        label="How useful was it for you?",
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Only HR sees ratings, as averages; your pair does not see yours.",
    )
    private_note = forms.CharField(
        label="Private note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you will ever see this: not your pair, not HR.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    base = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        log: SessionLog | None,
        goals: list[Goal],
        my_rating: int | None = None,
        my_note: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        skills = log.skills_covered.all() if log else ()
        self.fields["skills_covered"] = _skill_field("Skills covered", [s.pk for s in skills])
        self.initial.update(
            {
                "version": log.version if log else 0,
                "base": log_fingerprint(log),
                "rating": my_rating,
                "private_note": my_note,
            }
        )
        if log is not None:
            self.initial.update(
                {
                    "held": "yes" if log.held else "no",
                    "summary": log.summary,
                    "skills_covered": skills,
                }
            )
        self.goals = goals
        for goal in goals:
            self.fields[f"progress_{goal.pk}"] = forms.IntegerField(
                label=goal.title, min_value=0, max_value=100, initial=goal.progress
            )
            self.fields[f"was_{goal.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=goal.progress
            )

    def progress_changes(self) -> dict[int, ProgressChange]:
        return {
            goal.pk: ProgressChange(
                was=self.cleaned_data[f"was_{goal.pk}"],
                now=self.cleaned_data[f"progress_{goal.pk}"],
            )
            for goal in self.goals
        }

    def goal_fields(self):
        return [(goal, self[f"progress_{goal.pk}"], self[f"was_{goal.pk}"]) for goal in self.goals]


class HealthFilterForm(forms.Form):
    """HR's health list: search by name, only the pairs at risk, and the order."""

    q = forms.CharField(label="Name", required=False, max_length=100)
    risk = forms.BooleanField(label="Only pairs at risk", required=False)
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[
            ("risk", "At risk first"),
            ("quiet", "Longest without a meeting first"),
            ("name", "Executive's name"),
        ],
    )
