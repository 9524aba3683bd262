"""The filters of HR's enrolment list: a bad value is reported on the page, never ignored."""

import django_filters

from accounts.selectors import departments as company_departments
from mentoring.paging import filtered_on

from .models import Enrolment, EnrolmentStatus, Role


class EnrolmentFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices, empty_label="Both roles")
    status = django_filters.ChoiceFilter(choices=EnrolmentStatus.choices, empty_label="Any status")
    department = django_filters.ChoiceFilter(
        field_name="user__profile__department", empty_label="All departments", label="Department"
    )

    class Meta:
        model = Enrolment
        fields = ["role", "status", "department"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        departments = company_departments()
        self.filters["department"].extra["choices"] = [(d, d) for d in departments]

    def count_in(self, counts: dict[str, dict[str, int]]) -> int | None:
        """How many enrolments the filter keeps, read off the program's counts by role and
        status (`selectors.enrolment_figures`) when it filters on nothing else; else None: the
        list counts its own."""
        used = filtered_on(self)
        if used is None or not used <= {"role", "status"}:
            return None
        data = self.form.cleaned_data
        return sum(
            number
            for role, by_status in counts.items()
            if data.get("role") in (None, "", role)
            for status, number in by_status.items()
            if data.get("status") in (None, "", status)
        )
