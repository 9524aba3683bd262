"""The filters of HR's enrolment list: a bad value is reported on the page, never ignored."""

import django_filters

from accounts.selectors import departments as company_departments

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
