from typing import Any

from django import forms

from sessions_log.forms import CancelForm, MeetingForm

from .models import Delegation


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


class DelegateCancelForm(CancelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = "Both people of the pair see this."
