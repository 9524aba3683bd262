import pytest
from django.urls import reverse

from accounts.models import Profile, Skill, SkillOffered, SkillWanted
from accounts.selectors import completeness_for_user
from accounts.services import Wanted, profile_set_skills

from .factories import ProfileFactory, UserFactory


def skill(name: str) -> Skill:
    return Skill.objects.get(name=name)


def profile_post(**extra) -> dict:
    data = {
        "form": "profile",  # as the page sends it
        "title": "Marketing Analyst",
        "level": "3",
        "department": "Marketing",
        "manager_email": "",
        "timezone": "Europe/Lisbon",
        "location": "Lisbon",
        "bio": "",
    }
    data.update(extra)
    return data


def test_profile_page_needs_a_login(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_employee_sees_the_catalogue_grouped_by_category(client, employee):
    client.force_login(employee)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Digital skills" in content and "Business and soft skills" in content
    assert "Generative AI assistants" in content
    assert 'id="skill-search"' in content


def test_employee_saves_profile_and_skills_with_a_confirmation(client, employee):
    client.force_login(employee)
    ai, negotiation = skill("Generative AI assistants"), skill("Negotiation")
    response = client.post(
        reverse("accounts:profile"),
        profile_post(
            **{
                f"mode_{ai.pk}": "offer",
                f"proficiency_{ai.pk}": "5",
                f"mode_{negotiation.pk}": "want",
                f"priority_{negotiation.pk}": "3",
                f"current_{negotiation.pk}": "1",
            }
        ),
        follow=True,
    )
    assert "Your profile is saved." in response.content.decode()
    profile = Profile.objects.get(user=employee)
    assert profile.level == 3
    assert (profile.department, profile.timezone) == ("Marketing", "Europe/Lisbon")
    assert SkillOffered.objects.get(user=employee).proficiency == 5
    wanted = SkillWanted.objects.get(user=employee)
    assert (wanted.skill, wanted.priority, wanted.current_level) == (negotiation, 3, 1)
    assert completeness_for_user(employee).complete


def test_errors_name_the_field_and_nothing_is_saved(client, employee):
    client.force_login(employee)
    ai = skill("Generative AI assistants")
    response = client.post(
        reverse("accounts:profile"),
        profile_post(timezone="Mars/Olympus", **{f"mode_{ai.pk}": "offer"}),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Time zone: Select a valid choice." in content
    assert "Generative AI assistants: say how well you know it." in content
    assert not Profile.objects.filter(user=employee, department="Marketing").exists()
    assert not SkillOffered.objects.filter(user=employee).exists()


def test_unknown_manager_email_is_refused(client, employee):
    client.force_login(employee)
    response = client.post(reverse("accounts:profile"), profile_post(manager_email="no@one.com"))
    assert "Nobody with this e-mail works here yet." in response.content.decode()


def test_a_manager_cycle_is_refused(client, employee):
    report = ProfileFactory(manager=employee).user
    client.force_login(employee)
    response = client.post(reverse("accounts:profile"), profile_post(manager_email=report.email))
    assert "your own manager up the line" in response.content.decode()


def test_choosing_a_manager_sets_the_org_chart(client, employee):
    boss = UserFactory()
    client.force_login(employee)
    client.post(reverse("accounts:profile"), profile_post(manager_email=boss.email.upper()))
    assert Profile.objects.get(user=employee).manager == boss


def test_a_skill_cannot_be_both_offered_and_wanted(employee):
    ai = skill("Generative AI assistants")
    with pytest.raises(ValueError, match="both offered and wanted"):
        profile_set_skills(
            user=employee, skills=[ai], offered={ai.pk: 3}, wanted={ai.pk: Wanted(2, 1)}
        )


def test_switching_a_skill_from_offered_to_wanted_replaces_the_entry(employee):
    ai = skill("Generative AI assistants")
    profile_set_skills(user=employee, skills=[ai], offered={ai.pk: 3}, wanted={})
    profile_set_skills(user=employee, skills=[ai], offered={}, wanted={ai.pk: Wanted(2, 1)})
    assert not SkillOffered.objects.filter(user=employee).exists()
    assert SkillWanted.objects.filter(user=employee, skill=ai).exists()


def test_entries_for_skills_not_shown_are_kept(employee):
    ai, dashboards = skill("Generative AI assistants"), skill("Data dashboards")
    profile_set_skills(user=employee, skills=[dashboards], offered={dashboards.pk: 4}, wanted={})
    profile_set_skills(user=employee, skills=[ai], offered={ai.pk: 2}, wanted={})
    assert SkillOffered.objects.filter(user=employee).count() == 2


def test_home_shows_the_completeness_hint_until_the_profile_is_complete(client, employee):
    client.force_login(employee)
    content = client.get(reverse("home")).content.decode()
    assert "Your profile is 0% complete." in content
    assert "your level" in content
    ProfileFactory(user=employee)
    ai, negotiation = skill("Generative AI assistants"), skill("Negotiation")
    profile_set_skills(
        user=employee,
        skills=[ai, negotiation],
        offered={ai.pk: 4},
        wanted={negotiation.pk: Wanted(3, 1)},
    )
    assert "Your profile is" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("body", [{}, {"bio": ""}, "json"])
def test_an_empty_or_forged_post_saves_nothing_and_says_so(client, employee, body):
    client.force_login(employee)
    client.post(reverse("accounts:profile"), profile_post(bio="Keen on data"))
    before = (Profile.objects.get(user=employee).bio,)
    if body == "json":
        response = client.post(
            reverse("accounts:profile"), {"title": ""}, content_type="application/json"
        )
    else:
        response = client.post(reverse("accounts:profile"), body)
    assert response.status_code == 200
    assert "Nothing was saved: the form arrived empty." in response.content.decode()
    assert (Profile.objects.get(user=employee).bio,) == before == ("Keen on data",)


@pytest.mark.parametrize("next_value", ["home", "accounts:profile", "nope", "//evil.example/"])
def test_next_is_a_path_on_this_site_or_ignored(client, employee, next_value):
    client.force_login(employee)
    response = client.post(f"{reverse('accounts:profile')}?next={next_value}", profile_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    response = client.post(f"{reverse('accounts:profile')}?next=/programs/", profile_post())
    assert response["Location"] == "/programs/"
