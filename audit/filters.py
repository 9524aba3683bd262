"""HR's filters of the audit log: person, action, program, dates. A bad value is reported."""

import django_filters
from django import forms

from .models import Action, AuditEntry
from .selectors import program_choices


class AuditFilter(django_filters.FilterSet):
    person = django_filters.CharFilter(
        field_name="actor_label", lookup_expr="icontains", label="Person", max_length=254
    )
    action = django_filters.ChoiceFilter(choices=Action.choices, empty_label="All actions")
    program = django_filters.ChoiceFilter(
        field_name="program_id", label="Program", empty_label="All programs"
    )
    since = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    until = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", label="Until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip

    class Meta:
        model = AuditEntry
        fields = ["person", "action", "program", "since", "until"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["program"].extra["choices"] = program_choices()
