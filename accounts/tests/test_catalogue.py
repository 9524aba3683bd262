import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import LevelName, Skill, SkillCategory, SkillOffered, SkillWanted
from accounts.services import skill_merge
from conftest import skip_or_fail
from mentoring.tests.html_forms import rendered_form

from .factories import UserFactory

HR_PAGES = [
    ("accounts:skill_list", {}),
    ("accounts:skill_merge", {}),
    ("accounts:skill_edit", {"pk": 1}),
    ("accounts:level_names", {}),
    ("accounts:employee_list", {}),
]


def test_the_catalogue_is_seeded_with_both_directions(db):
    assert set(SkillCategory.objects.values_list("name", flat=True)) == {
        "Digital skills",
        "Business and soft skills",
    }
    assert Skill.objects.filter(category__name="Digital skills").count() == 11
    assert Skill.objects.filter(category__name="Business and soft skills").count() == 10
    assert not Skill.objects.filter(description="").exists()
    assert LevelName.objects.get(number=10).name == "C-suite"


@pytest.mark.parametrize(("name", "kwargs"), HR_PAGES)
def test_anonymous_visitor_is_sent_to_log_in(client, db, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "kwargs"), HR_PAGES)
def test_employee_who_is_not_hr_gets_403(client, employee, name, kwargs):
    client.force_login(employee)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize(("name", "kwargs"), HR_PAGES)
def test_hr_admin_opens_the_page(client, hr_admin, name, kwargs):
    client.force_login(hr_admin)
    kwargs = {"pk": Skill.objects.first().pk} if kwargs else kwargs
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_hr_admin_gets_404_for_a_skill_that_does_not_exist(client, hr_admin):
    client.force_login(hr_admin)
    assert client.get(reverse("accounts:skill_edit", kwargs={"pk": 99999})).status_code == 404


def test_employee_cannot_retire_a_skill(client, employee):
    client.force_login(employee)
    ai = Skill.objects.get(name="Generative AI assistants")
    assert client.post(reverse("accounts:skill_retire", kwargs={"pk": ai.pk})).status_code == 403
    ai.refresh_from_db()
    assert not ai.retired


def test_hr_adds_and_renames_a_skill(client, hr_admin):
    client.force_login(hr_admin)
    category = SkillCategory.objects.get(name="Digital skills")
    client.post(
        reverse("accounts:skill_list"),
        {"name": "Podcasting", "category": category.pk, "description": "Recording a show."},
    )
    podcasting = Skill.objects.get(name="Podcasting")
    client.post(
        reverse("accounts:skill_edit", kwargs={"pk": podcasting.pk}),
        {"name": "Podcasts and audio", "category": category.pk, "description": "Recording."},
    )
    podcasting.refresh_from_db()
    assert podcasting.name == "Podcasts and audio"


def test_a_duplicate_skill_name_is_refused_with_a_message(client, hr_admin):
    client.force_login(hr_admin)
    category = SkillCategory.objects.first()
    response = client.post(
        reverse("accounts:skill_list"), {"name": "Negotiation", "category": category.pk}
    )
    assert "The catalogue already has “Negotiation”." in response.content.decode()


def test_a_skill_differing_only_in_case_and_spaces_is_the_same_skill(client, hr_admin):
    client.force_login(hr_admin)
    category = SkillCategory.objects.first()
    before = Skill.objects.count()
    response = client.post(
        reverse("accounts:skill_list"), {"name": "  NEGOTIATION ", "category": category.pk}
    )
    assert "The catalogue already has “Negotiation”." in response.content.decode()
    other = Skill.objects.exclude(name="Negotiation").first()
    response = client.post(
        reverse("accounts:skill_edit", kwargs={"pk": other.pk}),
        {"name": "negotiation", "category": other.category_id},
    )
    assert "The catalogue already has “Negotiation”." in response.content.decode()
    assert Skill.objects.count() == before


@pytest.fixture
def checked_before_the_other_saved(monkeypatch):
    """Two HR admins add the same skill at once: this form's check ran before the other's skill
    was saved, so it saw no twin; only the database's constraint can still refuse it."""
    from accounts.forms import SkillForm

    real = SkillForm._same_name
    checks = []

    def same_name(form, name):
        checks.append(name)
        return None if len(checks) == 1 else real(form, name)  # the first check sees no twin

    monkeypatch.setattr(SkillForm, "_same_name", same_name)
    monkeypatch.setattr("django.db.models.Model.validate_constraints", lambda *a, **k: None)


def test_two_hr_admins_adding_one_skill_at_once_get_one_skill_and_a_message(
    client, hr_admin, checked_before_the_other_saved
):
    client.force_login(hr_admin)
    before = Skill.objects.count()
    response = client.post(
        reverse("accounts:skill_list"),
        {"name": "negotiation", "category": SkillCategory.objects.first().pk},
    )
    assert response.status_code == 200  # the form again, in words: no 500, no twin
    assert "The catalogue already has “Negotiation”." in response.content.decode()
    assert Skill.objects.count() == before


def test_the_api_answers_the_same_race_with_a_400(client, hr_admin, checked_before_the_other_saved):
    client.force_login(hr_admin)
    response = client.post(
        reverse("api:skills"),
        {"name": "NEGOTIATION", "category": SkillCategory.objects.first().pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "name", "row": None, "message": "The catalogue already has “Negotiation”."}
    ]


def test_renaming_a_skill_to_other_capitals_of_its_own_name_is_allowed(client, hr_admin):
    client.force_login(hr_admin)
    skill = Skill.objects.get(name="Negotiation")
    client.post(
        reverse("accounts:skill_edit", kwargs={"pk": skill.pk}),
        {"name": "NEGOTIATION", "category": skill.category_id},
    )
    skill.refresh_from_db()
    assert skill.name == "NEGOTIATION"


def test_retired_skill_is_not_offered_on_the_profile_page_but_entries_stay(client, hr_admin):
    ai = Skill.objects.get(name="Generative AI assistants")
    SkillOffered.objects.create(user=hr_admin, skill=ai, proficiency=4)
    client.force_login(hr_admin)
    client.post(reverse("accounts:skill_retire", kwargs={"pk": ai.pk}))
    ai.refresh_from_db()
    assert ai.retired
    assert ai not in client.get(reverse("accounts:profile")).context["skills_form"].skills
    assert SkillOffered.objects.filter(user=hr_admin, skill=ai).exists()
    client.post(reverse("accounts:skill_retire", kwargs={"pk": ai.pk}), {"retired": "false"})
    ai.refresh_from_db()
    assert not ai.retired


def test_merging_two_skills_keeps_everyones_entries(db):
    social = Skill.objects.get(name="Social media for leaders")
    brand = Skill.objects.get(name="Personal brand and online reputation")
    only_source, both, offered_and_wanted = UserFactory(), UserFactory(), UserFactory()
    SkillOffered.objects.create(user=only_source, skill=brand, proficiency=3)
    SkillWanted.objects.create(user=both, skill=brand, priority=3, current_level=1)
    SkillWanted.objects.create(user=both, skill=social, priority=1, current_level=2)
    SkillOffered.objects.create(user=offered_and_wanted, skill=social, proficiency=4)
    SkillWanted.objects.create(user=offered_and_wanted, skill=brand, priority=2, current_level=1)

    skill_merge(source=brand, target=social)

    assert SkillOffered.objects.get(user=only_source).skill == social
    merged = SkillWanted.objects.get(user=both)
    assert (merged.skill, merged.priority, merged.current_level) == (social, 3, 1)
    assert SkillOffered.objects.get(user=offered_and_wanted).skill == social
    assert not SkillWanted.objects.filter(user=offered_and_wanted).exists()
    assert not SkillOffered.objects.filter(skill=brand).exists()
    assert not SkillWanted.objects.filter(skill=brand).exists()
    brand.refresh_from_db()
    assert brand.retired and brand.merged_into == social


def test_hr_merges_through_the_page(client, hr_admin):
    social = Skill.objects.get(name="Social media for leaders")
    brand = Skill.objects.get(name="Personal brand and online reputation")
    client.force_login(hr_admin)
    response = client.post(
        reverse("accounts:skill_merge"), {"source": brand.pk, "target": social.pk}, follow=True
    )
    assert "is merged into" in response.content.decode()


def test_merging_a_skill_into_itself_is_refused(client, hr_admin):
    social = Skill.objects.get(name="Social media for leaders")
    client.force_login(hr_admin)
    response = client.post(
        reverse("accounts:skill_merge"), {"source": social.pk, "target": social.pk}
    )
    assert "Choose a different skill to merge into." in response.content.decode()


def level_form_as_rendered(client) -> tuple[dict[str, str], dict[int, str]]:
    """The page's form as a browser would send it, and which field holds which level."""
    page = client.get(reverse("accounts:level_names")).content.decode()
    data = rendered_form(page)
    names = {level.name: level.number for level in LevelName.objects.all()}
    return data, {names[value]: key for key, value in data.items() if value in names}


def test_hr_renames_a_level_posting_what_the_page_renders(client, hr_admin):
    client.force_login(hr_admin)
    data, field_of = level_form_as_rendered(client)
    data[field_of[7]] = "Principal"
    response = client.post(reverse("accounts:level_names"), data)
    assert response.status_code == 302
    assert LevelName.objects.get(number=7).name == "Principal"


def test_one_bad_level_name_keeps_every_label_and_saves_nothing(client, hr_admin):
    client.force_login(hr_admin)
    data, field_of = level_form_as_rendered(client)
    data[field_of[3]] = ""
    data[field_of[7]] = "Principal"
    response = client.post(reverse("accounts:level_names"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Level 3: This field is required." in page
    assert "Level None" not in page
    for number in range(1, 11):
        assert f">{number}</label>" in page
    assert LevelName.objects.get(number=7).name != "Principal"


def test_forged_or_missing_level_fields_are_errors_not_crashes(client, hr_admin):
    client.force_login(hr_admin)
    before = list(LevelName.objects.values_list("number", "name"))
    for data in [{}, {"form-TOTAL_FORMS": "11", "form-10-name": "x"}, {"level_3": "x" * 500}]:
        response = client.post(reverse("accounts:level_names"), data)
        assert response.status_code == 200
        assert "This field is required." in response.content.decode()
    assert list(LevelName.objects.values_list("number", "name")) == before


def test_retiring_a_skill_first_says_whom_it_concerns(client, hr_admin):
    ai = Skill.objects.get(name="Generative AI assistants")
    for _ in range(2):
        SkillWanted.objects.create(user=UserFactory(), skill=ai, priority=3, current_level=1)
    SkillOffered.objects.create(user=UserFactory(), skill=ai, proficiency=4)
    client.force_login(hr_admin)
    catalogue = client.get(reverse("accounts:skill_list")).content.decode()
    url = reverse("accounts:skill_retire", kwargs={"pk": ai.pk})
    assert f'href="{url}"' in catalogue  # a link to the page that explains, not a one-click form
    content = client.get(url).content.decode()
    assert "1 person who offers it and 2 people who want it keep it on their profile" in content
    assert "It no longer counts in the pairing" in content
    ai.refresh_from_db()
    assert not ai.retired  # looking changes nothing
    client.post(url)
    ai.refresh_from_db()
    assert ai.retired


def test_counts_stay_right_when_one_skill_has_many_offers_and_many_wants(
    client, hr_admin, django_assert_num_queries
):
    """On PostgreSQL (issue 12): two counts over two joins multiply each other's rows; the
    catalogue counts each in its own subquery, so 30 offers and 20 wants stay 30 and 20,
    and the page reads the same queries whatever the numbers."""
    if connection.vendor != "postgresql":
        skip_or_fail("the catalogue's counts are checked on PostgreSQL: set DATABASE_URL")
    busy, quiet = Skill.objects.all()[:2]
    client.force_login(hr_admin)
    url = reverse("accounts:skill_list")

    def counts() -> dict[str, tuple[int, int]]:
        skills = client.get(url).context["skills"]
        return {s.name: (s.offered_count, s.wanted_count) for s in skills}

    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    people = UserFactory.create_batch(30)
    SkillOffered.objects.bulk_create(
        SkillOffered(user=person, skill=busy, proficiency=4) for person in people
    )
    SkillWanted.objects.bulk_create(
        SkillWanted(user=person, skill=busy, priority=2, current_level=1) for person in people[:20]
    )
    SkillWanted.objects.create(user=people[0], skill=quiet, priority=1, current_level=1)

    with django_assert_num_queries(len(few)):
        found = counts()
    assert found[busy.name] == (30, 20)
    assert found[quiet.name] == (0, 1)
