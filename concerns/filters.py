import django_filters
from django.db.models import QuerySet

from programs.models import Program

from .models import Category, Concern

STATUS_CHOICES = [("open", "Open (new or acknowledged)"), *Concern.Status.choices]


class ConcernFilter(django_filters.FilterSet):
    """HR's list of concerns: open ones by default."""

    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="by_status", empty_label="All"
    )
    program = django_filters.ModelChoiceFilter(
        queryset=Program.objects.order_by("name"), empty_label="All programs"
    )
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="All")

    class Meta:
        model = Concern
        fields = ["status", "program", "category"]

    def by_status(self, queryset: QuerySet[Concern], name: str, value: str) -> QuerySet[Concern]:
        if value == "open":
            return queryset.exclude(status=Concern.Status.RESOLVED)
        return queryset.filter(status=value)
