"""The API's list filters: the pages' FilterSets, and a few more. A bad value is a 400 that
names the parameter, never ignored."""

import django_filters
from django import forms
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.filters import EmployeeFilter
from accounts.models import Skill, User
from programs.models import Phase, Program
from sessions_log.access import get_pairing_for_user
from sessions_log.models import Meeting

YES_NO = [("true", "true"), ("false", "false")]
LARGEST_ID = 2**63 - 1


class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, min_value=1, max_value=LARGEST_ID, **kwargs)


def _yes(value: str) -> bool:
    return value == "true"


class EmployeeApiFilter(EmployeeFilter):
    """HR's employee list filters (search, department, level), and whether people have left."""

    # The page's level filter, described as what it takes (not the database column's range).
    level = extend_schema_field(OpenApiTypes.INT)(
        django_filters.ChoiceFilter(field_name="profile__level", help_text="1 to 10")
    )
    active = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_active", help_text="false: the people who have left"
    )

    class Meta(EmployeeFilter.Meta):
        fields = [*EmployeeFilter.Meta.fields, "active"]

    def filter_active(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        return queryset.filter(is_active=_yes(value))


class SkillFilter(django_filters.FilterSet):
    category = IdFilter(field_name="category_id", help_text="A skill category's id")
    retired = django_filters.ChoiceFilter(choices=YES_NO, method="filter_retired")

    class Meta:
        model = Skill
        fields = ["category", "retired"]

    def filter_retired(self, queryset: QuerySet[Skill], name: str, value: str) -> QuerySet[Skill]:
        return queryset.filter(retired=_yes(value))


class ProgramFilter(django_filters.FilterSet):
    phase = django_filters.ChoiceFilter(choices=Phase.choices)

    class Meta:
        model = Program
        fields = ["phase"]


class MeetingFilter(django_filters.FilterSet):
    pair = IdFilter(method="filter_pair", help_text="Only this pair's meetings (404 if not yours)")

    class Meta:
        model = Meeting
        fields = ["pair"]

    def filter_pair(self, queryset: QuerySet[Meeting], name: str, value: int) -> QuerySet[Meeting]:
        pairing, _ = get_pairing_for_user(self.request.user, value)
        return queryset.filter(pairing=pairing)
