from django import forms

from .models import ApiToken
from .services import LIFETIMES


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        label="Name",
        help_text="What it is for, so that you recognise it later: “Workday sync”, “BI reports”.",
    )
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        label="It may",
        help_text="Read only is enough to read; syncing employees needs read and write.",
    )
    days = forms.TypedChoiceField(
        coerce=int,
        choices=[(days, f"{days} days") for days in LIFETIMES],
        initial=90,
        label="Expires after",
    )
