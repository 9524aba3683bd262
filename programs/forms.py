import re
from email.utils import getaddresses
from typing import Any, cast

from django import forms
from django.core.validators import MinValueValidator

from accounts.models import User
from accounts.selectors import departments as company_departments
from mentoring.ids import ModelIdsField

from .models import AVAILABILITY_DAYS, AVAILABILITY_TIMES, WEIGHT_HELP, Enrolment, Program, Role

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramForm(forms.ModelForm):
    departments = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: everyone in the company may enrol.",
    )

    class Meta:
        model = Program
        fields = [
            "name", "description", "goals", "ground_rules",
            "enrolment_opens", "enrolment_closes", "starts_on", "ends_on",
            "cadence_weeks", "meeting_minutes", "reminder_hours_before",
            "mentee_min_level", "mentor_max_level", "departments", "requires_approval",
            "default_capacity", "min_level_gap", "min_score",
            "weight_learn", "weight_give", "weight_tz", "weight_cross", "allow_repeat_pairs",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "ground_rules": forms.Textarea(attrs={"rows": 10}),
            "enrolment_opens": DATE,
            "enrolment_closes": DATE,
            "starts_on": DATE,
            "ends_on": DATE,
        }
        help_texts = WEIGHT_HELP

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        known = sorted(set(company_departments()) | set(self.instance.departments or []))
        cast(forms.ChoiceField, self.fields["departments"]).choices = [(n, n) for n in known]
        for name, field in self.fields.items():
            if isinstance(field, (forms.IntegerField, forms.FloatField)):
                _model_minimum(field, getattr(Program._meta.get_field(name), "validators", []))

    def clean(self):
        data = super().clean()
        opens, closes = data.get("enrolment_opens"), data.get("enrolment_closes")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if opens and closes and opens > closes:
            self.add_error("enrolment_closes", "Enrolment must close after it opens.")
        if closes and starts and closes > starts:
            self.add_error("starts_on", "The program starts after enrolment closes.")
        if starts and ends and starts >= ends:
            self.add_error("ends_on", "The program must end after it starts.")
        return data


AVAILABILITY_CHOICES = [
    (f"{day}-{time}", f"{day_label} {time_label}")
    for day, day_label in AVAILABILITY_DAYS
    for time, time_label in AVAILABILITY_TIMES
]


class EnrolmentForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect, label="I take part as")
    hopes = forms.CharField(
        label="What do you hope to get out of it?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    availability = forms.MultipleChoiceField(
        choices=AVAILABILITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="When are you usually available? (your own time zone)",
    )
    capacity = forms.IntegerField(
        label="Mentees you can take (mentors only)", min_value=1, initial=1, required=False
    )
    accepts_ground_rules = forms.BooleanField(
        label="I have read the ground rules and accept them.",
        error_messages={"required": "Accept the ground rules to take part."},
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.program = program
        capacity = cast(forms.IntegerField, self.fields["capacity"])
        capacity.max_value = program.default_capacity
        capacity.widget.attrs["max"] = program.default_capacity
        capacity.help_text = f"Up to {program.default_capacity} in this program."

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data.get("capacity") or 1
        if capacity > self.program.default_capacity:
            raise forms.ValidationError(
                f"This program allows up to {self.program.default_capacity} mentees per mentor."
            )
        return capacity


class DecisionForm(forms.Form):
    enrolments = ModelIdsField(
        queryset=Enrolment.objects.none(), error_messages={"required": "Tick at least one person."}
    )
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    reason = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = cast("ModelIdsField", self.fields["enrolments"])
        field.queryset = program.enrolments.all()

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reason", "").strip():
            self.add_error("reason", "Say why: the employee sees the reason.")
        return data


def _model_minimum(field: forms.IntegerField | forms.FloatField, validators: list) -> None:
    """The model's own minimum on the form field too: a value below it gets one message,
    the same as the browser's `min`, not "at least 0" for -1 and "at least 1" for 0."""
    minimums = [v.limit_value for v in validators if isinstance(v, MinValueValidator)]
    if not minimums:
        return
    lowest = max(minimums)
    kept = [v for v in field.validators if not isinstance(v, MinValueValidator)]
    field.validators = [*kept, MinValueValidator(lowest)]
    field.min_value = lowest
    field.widget.attrs["min"] = lowest


EMAIL_SHAPE = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+")


class InviteForm(forms.Form):
    emails = forms.CharField(
        label="E-mail addresses",
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "placeholder": "one per line, separated by commas, or pasted from Outlook: "
                "Margaret Okafor <margaret.okafor@example.com>; Leo Park <leo.park@example.com>",
            }
        ),
    )

    def clean_emails(self) -> list[int]:
        """Addresses one per line, or as Outlook copies them: "Name <e-mail>; Name <e-mail>"."""
        text = self.cleaned_data["emails"]
        # Outlook separates with ";", others with "," or lines; a name may hold a comma in quotes.
        listed = getaddresses([re.sub(r"[;\n\r]+", ",", text)])
        wanted = {address.strip().lower() for _, address in listed if address.strip()}
        not_addresses = sorted(a for a in wanted if not EMAIL_SHAPE.fullmatch(a))
        if not_addresses or not wanted:
            shown = ", ".join(not_addresses) or text.strip()[:80]
            raise forms.ValidationError(f"These are not e-mail addresses: {shown}")
        found = dict(User.objects.filter(email__in=wanted).values_list("email", "pk"))
        unknown = sorted(wanted - found.keys())
        if unknown:
            raise forms.ValidationError("Nobody works here with: " + ", ".join(unknown))
        return sorted(found.values())
