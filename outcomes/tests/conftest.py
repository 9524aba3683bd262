import datetime

import pytest
from django.utils import timezone

from accounts.models import Skill, SkillWanted
from accounts.tests.factories import ProfileFactory, UserFactory
from outcomes.models import Answer, FitCheck, Moment, SkillLevel
from outcomes.services import survey_for
from pairing.models import Pairing
from programs.models import Phase, Program, Role
from programs.tests.factories import EnrolmentFactory, ProgramFactory
from sessions_log.models import Meeting, SessionLog


def today() -> datetime.date:
    return timezone.localdate()


def running_program(**fields) -> Program:
    """A program whose midpoint is today: the midpoint check-in is open."""
    defaults = {
        "phase": Phase.RUNNING,
        "starts_on": today() - datetime.timedelta(days=60),
        "ends_on": today() + datetime.timedelta(days=60),
    }
    return ProgramFactory(**{**defaults, **fields})


def make_pairs(program: Program, count: int, *, wants: tuple[str, ...] = ()) -> list[Pairing]:
    """`count` published pairs; each person wants `wants` (executives) or a business skill."""
    pairings = []
    for _ in range(count):
        mentee = EnrolmentFactory(program=program, role=Role.MENTEE, paired_count=1)
        mentor = EnrolmentFactory(program=program, role=Role.MENTOR, paired_count=1)
        for name in wants:
            SkillWanted.objects.create(
                user=mentee.user, skill=Skill.objects.get(name=name), priority=3, current_level=2
            )
        pairings.append(
            Pairing.objects.create(
                program=program,
                mentee=mentee,
                mentor=mentor,
                status=Pairing.Status.ACTIVE,
                score=0.5,
                published_at=timezone.now() - datetime.timedelta(days=50),
            )
        )
    return pairings


def rate(enrolment, skill_name: str, **levels: int) -> None:
    """Self-assessed levels, e.g. rate(e, "Negotiation", start=2, end=4)."""
    skill = Skill.objects.get(name=skill_name)
    for moment, level in levels.items():
        SkillLevel.objects.create(enrolment=enrolment, skill=skill, moment=moment, level=level)


def held_meeting(pairing: Pairing, *, days_ago: float, held: bool = True) -> Meeting:
    starts_at = timezone.now() - datetime.timedelta(days=days_ago)
    meeting = Meeting.objects.create(
        pairing=pairing, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=45)
    )
    SessionLog.objects.create(meeting=meeting, held=held)
    return meeting


@pytest.fixture
def program(db) -> Program:
    return running_program()


@pytest.fixture
def pairs(program) -> list[Pairing]:
    return make_pairs(program, 5, wants=("Social media for leaders",))


@pytest.fixture
def pair(pairs) -> Pairing:
    return pairs[0]


@pytest.fixture
def hr(db):
    return UserFactory(hr_admin=True)


@pytest.fixture
def outsider(db):
    return ProfileFactory().user


def fill_outcomes(program: Program, pairings: list[Pairing]) -> None:
    """Levels, meetings, fit checks and survey answers for these pairs: a full outcomes page."""
    survey = survey_for(program=program, moment=Moment.MIDPOINT)
    questions = list(survey.questions.all())
    for index, pairing in enumerate(pairings):
        rate(pairing.mentee, "Generative AI assistants", start=1, midpoint=3)
        rate(pairing.mentor, "Negotiation", start=2, midpoint=2 + index % 2)
        held_meeting(pairing, days_ago=40)
        held_meeting(pairing, days_ago=20, held=index % 3 != 0)
        FitCheck.objects.create(pairing=pairing, role=Role.MENTEE, fit=4, learning=index % 5 + 1)
        for question in questions:
            Answer.objects.create(
                question=question, role="mentee", scale=None if question.kind == "text" else 4,
                text="Keep it going" if question.kind == "text" else "",
            )  # fmt: skip
