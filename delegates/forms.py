import datetime
from typing import Any

from django import forms
from django.utils import timezone

from sessions_log.forms import CancelForm, MeetingForm

from .models import Delegation

FARTHEST = datetime.timedelta(days=2 * 366)  # and no date the calendar cannot hold


class InviteForm(forms.ModelForm):
    email = forms.EmailField(
        label="Your delegate's e-mail",
        max_length=254,
        help_text="An employee, typically your assistant. They accept on their own page.",
    )

    class Meta:
        model = Delegation
        fields = ["email", "share_meeting_soon", "share_no_meeting"]


class ShareForm(forms.ModelForm):
    class Meta:
        model = Delegation
        fields = ["share_meeting_soon", "share_no_meeting"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.help_text = ""  # said once above the form on the page


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])


class DelegateMeetingForm(MeetingForm):
    """The pair's meeting form without the agenda topic: a delegate sets time and place."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("topic", None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_at = data.get("starts_at")
        if starts_at and starts_at > timezone.now() + FARTHEST:
            self.add_error("day", "Pick a date within the next two years.")
        return data


class DelegateCancelForm(CancelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = "Both people of the pair see this."
