"""List filters of HR's people pages: a bad value is reported on the page, never ignored."""

import django_filters
from django.db.models import Q, QuerySet

from .models import LevelName, User
from .selectors import departments as company_departments


class EmployeeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search", max_length=100)
    department = django_filters.ChoiceFilter(
        field_name="profile__department", empty_label="All departments", label="Department"
    )
    level = django_filters.ChoiceFilter(
        field_name="profile__level", empty_label="All levels", label="Level"
    )

    class Meta:
        model = User
        fields = ["q", "department", "level"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        departments = company_departments()
        self.filters["department"].extra["choices"] = [(d, d) for d in departments]
        self.filters["level"].extra["choices"] = [
            (str(level.number), f"{level.number} · {level.name}")
            for level in LevelName.objects.all()
        ]

    def search(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )
