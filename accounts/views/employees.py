"""HR's list of employees."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from mentoring.paging import page_of

from ..access import AuthenticatedRequest, hr_admin_required
from ..filters import EmployeeFilter
from ..models import LevelName, User, with_skill_counts
from ..selectors import profile_completeness

PAGE_SIZE = 50


@hr_admin_required
def employee_list(request: AuthenticatedRequest) -> HttpResponse:
    people = (
        User.objects.filter(is_active=True)
        .select_related("profile", "profile__manager")
        .order_by("last_name", "first_name", "email")
    )
    filters = EmployeeFilter(request.GET, queryset=people)
    shown = filters.qs if filters.is_valid() else people.none()
    page = page_of(shown, request.GET.get("page"), PAGE_SIZE)
    level_names = dict(LevelName.objects.values_list("number", "name"))
    people_shown: list[Any] = list(page)  # users with their counts, completeness and level name
    # The page first, then the skill counts of its people only: counting in the page's own
    # query made the database count everyone before the offset too.
    counted: Any = with_skill_counts(User.objects.filter(pk__in=[p.pk for p in people_shown]))
    counts = {u.pk: (u.offered_count, u.wanted_count) for u in counted.only("pk")}
    for person in people_shown:
        profile = getattr(person, "profile", None)
        person.offered_count, person.wanted_count = counts.get(person.pk, (0, 0))
        person.completeness = profile_completeness(
            profile, offered_count=person.offered_count, wanted_count=person.wanted_count
        )
        person.level_name = level_names.get(profile.level) if profile else None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/employee_list.html",
        {"page": page, "filter": filters, "filters": query.urlencode()},
    )
