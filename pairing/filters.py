"""The pairing board's filters: thousands of pairs, found by name, department and score."""

from typing import Any

import django_filters
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from accounts.selectors import departments as company_departments
from mentoring.paging import filtered_on

from .models import Pairing

SORTS = [
    ("attention", "Breaking a rule first, then the lowest score"),
    ("score", "Highest score first"),
    ("-score", "Lowest score first"),
    ("name", "Executive's name"),
]
ORDERS = {
    "attention": ["-breaks_rule", "score", "pk"],
    "score": ["-score", "pk"],
    "-score": ["score", "pk"],
    "name": ["mentee__user__last_name", "mentee__user__first_name", "pk"],
}


class BoardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or e-mail", max_length=100)
    department = django_filters.ChoiceFilter(
        method="in_department", label="Department", empty_label="All departments"
    )
    broken = django_filters.ChoiceFilter(
        method="breaking",
        label="Show",
        choices=[("1", "Only pairs breaking a rule")],
        empty_label="All pairs",
    )
    sort = django_filters.ChoiceFilter(
        method="ordered", choices=SORTS, empty_label=None, label="Order"
    )

    class Meta:
        model = Pairing
        fields = ["q", "department", "broken", "sort"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        departments = company_departments()
        self.filters["department"].extra["choices"] = [(d, d) for d in departments]

    def count_in(self, totals: dict[str, Any], status: str) -> int | None:
        """How many pairs of `status` the filters keep, read off the program's totals
        (`selectors.board_totals`) when they leave no pair out (the order leaves every pair
        in); else None: the list counts its own."""
        used = filtered_on(self)
        return totals[status] if used is not None and used <= {"sort"} else None

    @property
    def qs(self) -> QuerySet[Pairing]:
        rows = super().qs
        if not getattr(self.form, "cleaned_data", {}).get(
            "sort"
        ):  # the default order without the parameter
            rows = self.ordered(rows, "sort", "attention")
        return rows

    def search(self, queryset: QuerySet[Pairing], name: str, value: str) -> QuerySet[Pairing]:
        value = value.strip()
        if not value:
            return queryset
        matches = Q()
        for side in ("mentee", "mentor"):
            for field in ("first_name", "last_name", "email"):
                matches |= Q(**{f"{side}__user__{field}__icontains": value})
        return queryset.filter(matches)

    def in_department(
        self, queryset: QuerySet[Pairing], name: str, value: str
    ) -> QuerySet[Pairing]:
        return queryset.filter(
            Q(mentee__user__profile__department=value) | Q(mentor__user__profile__department=value)
        )

    def breaking(self, queryset: QuerySet[Pairing], name: str, value: str) -> QuerySet[Pairing]:
        return queryset.exclude(breaks=[]) if value == "1" else queryset

    def ordered(self, queryset: QuerySet[Pairing], name: str, value: str) -> QuerySet[Pairing]:
        flagged = queryset.annotate(
            breaks_rule=Case(
                When(breaks=[], then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        return flagged.order_by(*ORDERS.get(value or "attention", ORDERS["attention"]))
