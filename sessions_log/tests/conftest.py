import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.tests.factories import ProfileFactory, UserFactory
from pairing.models import Pairing
from programs.models import Phase, Role
from programs.tests.factories import EnrolmentFactory, ProgramFactory
from sessions_log.models import Meeting


def seed_topics() -> None:
    """The topic catalogue of the data migration (a transactional test's flush empties it)."""
    migration = importlib.import_module("sessions_log.migrations.0002_topic_catalogue")
    migration.seed(apps, None)


def make_pair(*, mentee_zone="Europe/London", mentor_zone="America/New_York", **program) -> Pairing:
    """A published pairing: an executive (mentee) and a junior (mentor) in their own zones."""
    program = ProgramFactory(phase=Phase.RUNNING, meeting_minutes=45, **program)
    executive = ProfileFactory(
        user=UserFactory(first_name="Margaret", last_name="Okafor"),
        title="Chief Financial Officer",
        department="Finance",
        level=10,
        timezone=mentee_zone,
        location="London",
    )
    junior = ProfileFactory(
        user=UserFactory(first_name="Leo", last_name="Park"),
        title="Marketing Analyst",
        level=3,
        timezone=mentor_zone,
        location="New York",
    )
    return Pairing.objects.create(
        program=program,
        mentee=EnrolmentFactory(
            program=program, user=executive.user, role=Role.MENTEE, paired_count=1
        ),
        mentor=EnrolmentFactory(
            program=program, user=junior.user, role=Role.MENTOR, paired_count=1
        ),
        status=Pairing.Status.ACTIVE,
        score=0.5,
        published_at=timezone.now() - datetime.timedelta(days=30),
    )


def add_pair(program) -> Pairing:
    """Another published pair in the same program."""
    mentee = EnrolmentFactory(program=program, role=Role.MENTEE, paired_count=1)
    mentor = EnrolmentFactory(program=program, role=Role.MENTOR, paired_count=1)
    return Pairing.objects.create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        status=Pairing.Status.ACTIVE,
        score=0.5,
        published_at=timezone.now() - datetime.timedelta(days=30),
    )


def make_meeting(pairing: Pairing, *, days: float, minutes: int = 45, **fields) -> Meeting:
    """A meeting `days` from now (negative: in the past), straight into the database."""
    starts_at = (timezone.now() + datetime.timedelta(days=days)).replace(second=0, microsecond=0)
    return Meeting.objects.create(
        pairing=pairing,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        created_by=pairing.mentor.user,
        **fields,
    )


@pytest.fixture
def pair(db) -> Pairing:
    return make_pair()


@pytest.fixture
def mentee(pair):
    return pair.mentee.user


@pytest.fixture
def mentor(pair):
    return pair.mentor.user


@pytest.fixture
def outsider(db):
    return ProfileFactory().user


@pytest.fixture
def hr(db):
    return UserFactory(hr_admin=True)


@pytest.fixture
def topics(db):
    seed_topics()
