import pytest

from accounts.models import Skill, SkillOffered, SkillWanted
from accounts.tests.factories import ProfileFactory, UserFactory
from programs.models import Enrolment, Phase, Role
from programs.tests.factories import EnrolmentFactory, ProgramFactory


def enrol(program, *, role: str, level: int, offers=(), wants=(), capacity=1, **profile):
    """An approved enrolment whose profile offers and wants the named skills."""
    user = ProfileFactory(level=level, **profile).user
    for name in offers:
        SkillOffered.objects.create(user=user, skill=Skill.objects.get(name=name), proficiency=5)
    for name in wants:
        SkillWanted.objects.create(
            user=user, skill=Skill.objects.get(name=name), priority=3, current_level=1
        )
    return EnrolmentFactory(program=program, user=user, role=role, capacity=capacity)


@pytest.fixture
def hr(db):
    return UserFactory(hr_admin=True)


@pytest.fixture
def program(db):
    return ProgramFactory(phase=Phase.MATCHING, default_capacity=2)


@pytest.fixture
def cohort(program) -> dict[str, Enrolment]:
    """Two executives and two juniors; each executive has one clearly best mentor."""
    return {
        "ceo": enrol(program, role=Role.MENTEE, level=10, department="Finance",
                     wants=["Generative AI assistants"], offers=["Negotiation"]),
        "cfo": enrol(program, role=Role.MENTEE, level=9, department="Sales",
                     wants=["Social media for leaders"]),
        "ai": enrol(program, role=Role.MENTOR, level=2, department="Technology",
                    offers=["Generative AI assistants"], wants=["Negotiation"], capacity=2),
        "social": enrol(program, role=Role.MENTOR, level=3, department="Marketing",
                        offers=["Social media for leaders"], capacity=2),
    }  # fmt: skip
