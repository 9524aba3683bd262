"""The skill catalogue through the API: everyone reads it, HR changes it with the page's rules."""

import pytest

from accounts.models import Skill, SkillCategory, SkillOffered, SkillWanted
from accounts.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return SkillCategory.objects.first()


def test_everyone_reads_the_catalogue_with_categories(employee_api):
    body = employee_api.get("/api/v1/skills/", {"page_size": 5}).json()
    assert body["count"] == Skill.objects.count()
    assert len(body["results"]) == 5
    first = Skill.objects.select_related("category").order_by("pk").first()
    assert body["results"][0]["category"]["name"] == first.category.name
    assert employee_api.get(f"/api/v1/skills/{first.pk}/").json()["name"] == first.name
    categories = employee_api.get("/api/v1/skill-categories/").json()
    assert categories["count"] == SkillCategory.objects.count()


def test_the_catalogue_filters_by_category_and_retirement(employee_api, category):
    retired = Skill.objects.filter(category=category).first()
    retired.retired = True
    retired.save()
    body = employee_api.get("/api/v1/skills/", {"category": category.pk, "retired": "true"}).json()
    assert [skill["id"] for skill in body["results"]] == [retired.pk]
    bad = employee_api.get("/api/v1/skills/", {"category": "abc"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "category"


def test_hr_adds_a_skill_and_the_page_s_rules_apply(hr_api, category):
    response = hr_api.post(
        "/api/v1/skills/", {"name": "Prompting", "category": category.pk, "description": "AI"}
    )
    assert response.status_code == 201
    assert response.json()["category"]["id"] == category.pk
    assert Skill.objects.filter(name="Prompting").exists()

    again = hr_api.post("/api/v1/skills/", {"name": "prompting", "category": category.pk})
    assert again.status_code == 400
    assert again.json()["errors"] == [
        {"field": "name", "row": None, "message": "The catalogue already has “Prompting”."}
    ]
    unknown = hr_api.post("/api/v1/skills/", {"name": "Other", "category": 99999})
    assert unknown.json()["errors"][0]["field"] == "category"
    typed = hr_api.post("/api/v1/skills/", {"name": {"a": 1}, "category": category.pk})
    assert typed.json()["errors"][0]["field"] == "name"


def test_hr_renames_a_skill_and_keeps_what_it_did_not_send(hr_api):
    skill = Skill.objects.first()
    response = hr_api.patch(f"/api/v1/skills/{skill.pk}/", {"name": "Renamed skill"})
    assert response.status_code == 200
    skill.refresh_from_db()
    assert skill.name == "Renamed skill" and skill.category_id == response.json()["category"]["id"]
    clash = Skill.objects.exclude(pk=skill.pk).first()
    refused = hr_api.patch(f"/api/v1/skills/{skill.pk}/", {"name": clash.name})
    assert refused.status_code == 400
    skill.refresh_from_db()
    assert skill.name == "Renamed skill"


def test_hr_retires_a_skill_and_brings_it_back(hr_api):
    skill = Skill.objects.first()
    assert hr_api.post(f"/api/v1/skills/{skill.pk}/retire/").json()["retired"] is True
    assert Skill.objects.get(pk=skill.pk).retired
    back = hr_api.post(f"/api/v1/skills/{skill.pk}/retire/", {"retired": False})
    assert back.json()["retired"] is False
    assert hr_api.post("/api/v1/skills/999999/retire/").status_code == 404


def test_hr_merges_skills_without_losing_anyones_entry(hr_api):
    source, target = Skill.objects.all()[:2]
    person = ProfileFactory().user
    SkillOffered.objects.create(user=person, skill=source, proficiency=4)
    other = ProfileFactory().user
    SkillWanted.objects.create(user=other, skill=source, priority=2, current_level=1)
    response = hr_api.post("/api/v1/skills/merge/", {"source": source.pk, "target": target.pk})
    assert response.status_code == 200
    assert response.json()["moved"] == 2
    assert response.json()["source"]["retired"] is True
    assert response.json()["source"]["merged_into"] == target.pk
    assert SkillOffered.objects.get(user=person).skill == target
    into_itself = hr_api.post("/api/v1/skills/merge/", {"source": target.pk, "target": target.pk})
    assert into_itself.json()["errors"] == [
        {"field": "target", "row": None, "message": "Choose a different skill to merge into."}
    ]
