from django import forms

from .models import TEXT_MAX, Category, Concern

NAMED_CHOICES = [
    ("named", "HR may contact me about this: HR sees that I raised it, and about which pair."),
    (
        "anonymous",
        "Anonymous: HR sees the program, the category and my words, not who I am "
        "nor which pair. I can still tell HR later.",
    ),
]


class RaiseForm(forms.Form):
    category = forms.ChoiceField(
        label="What is it about?", choices=Category.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="What happened?",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="HR reads these words. If you stay anonymous, leave out details that point "
        "to you (names, dates, places).",
    )
    named = forms.TypedChoiceField(
        label="Who may HR know raised it?",
        choices=NAMED_CHOICES,
        coerce=lambda value: value == "named",
        widget=forms.RadioSelect,
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note (only HR sees it)",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What came of it?", choices=Concern.Outcome.choices, widget=forms.RadioSelect
    )


class RevealForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes: HR may see that I raised this concern, and about which pair.",
        help_text="This cannot be undone. Your pair is still not told.",
    )
