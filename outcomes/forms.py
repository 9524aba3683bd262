from typing import Any

from django import forms

from accounts.models import CURRENT_LEVEL_WORDS

from .models import Question

LEVEL_CHOICES = [(level, f"{level} · {words}") for level, words in CURRENT_LEVEL_WORDS.items()]


def scale_choices(low: str, high: str) -> list[tuple[int, str]]:
    words = {1: low, 5: high}
    return [(n, f"{n} · {words[n]}" if words.get(n) else str(n)) for n in range(1, 6)]


class CheckInForm(forms.Form):
    """The midpoint or end check-in on one page: a level per skill, then the pulse survey."""

    def __init__(
        self,
        *args: Any,
        skills: list[tuple[int, str, int | None]],
        questions: list[Question],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for skill_id, name, level in skills:
            self.fields[f"skill_{skill_id}"] = forms.TypedChoiceField(
                label=name, choices=LEVEL_CHOICES, coerce=int, initial=level,
                widget=forms.RadioSelect,
            )  # fmt: skip
        for question in questions:
            name = f"q_{question.pk}"
            if question.kind == Question.Kind.TEXT:
                self.fields[name] = forms.CharField(
                    label=question.text, required=False, max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )  # fmt: skip
            else:
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text, required=False, coerce=int, empty_value=None,
                    choices=scale_choices(question.low_label, question.high_label),
                    widget=forms.RadioSelect,
                )  # fmt: skip

    def skill_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("skill_")]

    def survey_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("q_")]

    def levels(self) -> dict[int, int]:
        return {
            int(name.removeprefix("skill_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("skill_")
        }

    def answers(self) -> dict[int, int | str | None]:
        return {
            int(name.removeprefix("q_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_")
        }


class FitCheckForm(forms.Form):
    fit = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect)
    learning = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect)

    def __init__(
        self, *args: Any, questions: dict[str, tuple[str, str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, (text, low, high) in questions.items():
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.label = text
            field.choices = scale_choices(low, high)


class ThanksForm(forms.Form):
    text = forms.CharField(
        label="Your line of thanks",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences your mentor sees and may quote on their certificate and "
        "to their manager. Leave it empty to take it back.",
    )


class RecognitionForm(forms.Form):
    include_thanks = forms.BooleanField(
        label="Add the executives' lines of thanks (shown beside) to the note", required=False
    )


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["position", "text", "kind", "audience", "low_label", "high_label"]
        labels = {"low_label": "Words for 1", "high_label": "Words for 5"}


QuestionFormSet = forms.modelformset_factory(
    Question, form=QuestionForm, extra=2, can_delete=True, max_num=20, validate_max=True
)
