import pytest
from django.core.management import call_command

from accounts.models import Profile, SkillOffered, SkillWanted, User
from concerns.models import Concern
from delegates.models import Delegation
from mentoring.demo import DEMO_ASSISTANT, DEMO_PASSWORD, DEMO_PEOPLE


@pytest.mark.django_db
def test_seed_demo_creates_the_demo_logins_and_a_company(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    for person in DEMO_PEOPLE:
        assert person.email in out
        assert User.objects.get(email=person.email).check_password(DEMO_PASSWORD)
    assert User.objects.count() >= 250
    assert User.objects.get(email=DEMO_PEOPLE[0].email).is_hr_admin
    assert DEMO_ASSISTANT.email in out


@pytest.mark.django_db
def test_the_demo_cfo_has_her_assistant_as_delegate_and_hr_has_a_concern():
    call_command("seed_demo")
    call_command("seed_demo")
    delegation = Delegation.objects.get()
    assert delegation.executive.email == DEMO_PEOPLE[1].email
    assert delegation.delegate.email == DEMO_ASSISTANT.email
    assert delegation.status == Delegation.Status.ACCEPTED
    concern = Concern.objects.get()
    assert not concern.named and concern.raised_by is None


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing_and_keeps_edits():
    call_command("seed_demo")
    leo = Profile.objects.get(user__email=DEMO_PEOPLE[2].email)
    leo.title = "Growth Analyst"
    leo.save()
    counts = (User.objects.count(), SkillOffered.objects.count(), SkillWanted.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), SkillOffered.objects.count(), SkillWanted.objects.count()) == (
        counts
    )
    assert Profile.objects.get(user__email=DEMO_PEOPLE[2].email).title == "Growth Analyst"


@pytest.mark.django_db
def test_demo_company_is_believable():
    call_command("seed_demo")
    profiles = Profile.objects.select_related("manager")
    assert profiles.filter(level=10).exists() and profiles.filter(level__lte=3).count() > 100
    assert profiles.filter(manager__isnull=True).count() == 1  # only the CEO
    assert profiles.values("department").distinct().count() >= 8
    assert profiles.values("timezone").distinct().count() >= 4
    juniors_teaching_digital = SkillOffered.objects.filter(
        user__profile__level__lte=4, skill__category__name="Digital skills"
    ).count()
    juniors_teaching_business = SkillOffered.objects.filter(
        user__profile__level__lte=4, skill__category__name="Business and soft skills"
    ).count()
    assert juniors_teaching_digital > 3 * juniors_teaching_business > 0  # a pattern, not a rule
    executives_wanting_digital = SkillWanted.objects.filter(
        user__profile__level__gte=7, skill__category__name="Digital skills"
    )
    assert executives_wanting_digital.exists()
