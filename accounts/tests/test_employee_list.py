import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.importing import employee_rows_apply
from accounts.models import Skill, SkillOffered

from .factories import ProfileFactory


@pytest.fixture
def company(db):
    ai = Skill.objects.get(name="Generative AI assistants")
    people = [
        ProfileFactory(user__first_name="Zoe", department="Finance", level=8),
        ProfileFactory(user__first_name="Omar", department="Marketing", level=3),
        ProfileFactory(user__first_name="Ivy", department="Marketing", level=2),
    ]
    for profile in people:
        SkillOffered.objects.create(user=profile.user, skill=ai, proficiency=3)
    return people


def test_hr_searches_by_name_or_email(client, hr_admin, company):
    client.force_login(hr_admin)
    response = client.get(reverse("accounts:employee_list"), {"q": "omar"})
    names = [person.first_name for person in response.context["page"]]
    assert names == ["Omar"]
    response = client.get(reverse("accounts:employee_list"), {"q": company[0].user.email})
    assert [p.first_name for p in response.context["page"]] == ["Zoe"]


def test_hr_filters_by_department_and_level(client, hr_admin, company):
    client.force_login(hr_admin)
    url = reverse("accounts:employee_list")
    marketing = client.get(url, {"department": "Marketing"}).context["page"]
    assert {p.first_name for p in marketing} == {"Omar", "Ivy"}
    assert [p.first_name for p in client.get(url, {"level": "8"}).context["page"]] == ["Zoe"]


def test_the_list_shows_profile_completeness(client, hr_admin, company):
    client.force_login(hr_admin)
    page = client.get(reverse("accounts:employee_list"), {"q": "Omar"}).context["page"]
    assert page[0].completeness.missing == ["a skill you want to learn"]


def test_the_list_uses_the_same_queries_for_ten_or_fifty_people(
    client, hr_admin, django_assert_num_queries
):
    for _ in range(10):
        ProfileFactory()
    client.force_login(hr_admin)
    url = reverse("accounts:employee_list")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as ten:
        client.get(url)
    for _ in range(40):
        ProfileFactory()
    with django_assert_num_queries(len(ten)):
        response = client.get(url)
    assert len(response.context["page"]) == 50


def test_the_list_is_paginated(client, hr_admin):
    for _ in range(55):
        ProfileFactory()
    client.force_login(hr_admin)
    response = client.get(reverse("accounts:employee_list"), {"page": 2})
    assert len(response.context["page"]) == 56 - 50  # 55 people and the HR admin


def test_the_filters_name_their_fields(client, hr_admin):
    client.force_login(hr_admin)
    page = client.get(reverse("accounts:employee_list")).content.decode()
    assert "[invalid name]" not in page
    assert ">Department</label>" in page and ">Level</label>" in page


def _reads_departments(queries) -> bool:
    return any("DISTINCT" in q["sql"] and "department" in q["sql"] for q in queries)


def test_the_departments_of_the_filter_are_kept_and_an_import_shows_a_new_one_at_once(
    client, hr_admin, company, django_capture_on_commit_callbacks
):
    client.force_login(hr_admin)
    url = reverse("accounts:employee_list")
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        response = client.get(url)
    assert _reads_departments(first) and not _reads_departments(second)
    assert '<option value="Marketing">' in response.content.decode()
    row = {
        "email": "lee@example.com", "first_name": "Lee", "last_name": "Park", "title": "",
        "level": "4", "department": "Legal", "manager_email": "", "timezone": "", "location": "",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        plan = employee_rows_apply(rows=[(1, row)], send_invitations=False, by=hr_admin)
    assert plan.is_valid
    assert '<option value="Legal">' in client.get(url).content.decode()
