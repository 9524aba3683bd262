"""Two HR admins publishing at the same moment, in two real PostgreSQL transactions."""

import pytest

from accounts.tests.factories import UserFactory
from conftest import run_at_once
from pairing.models import Pairing
from pairing.services import pairings_publish
from programs.models import Role
from programs.tests.factories import ProgramFactory

from .conftest import enrol

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_mentor_is_never_over_capacity_when_two_publish_at_once(postgresql):
    hr = UserFactory(hr_admin=True)
    program = ProgramFactory(phase="matching")
    mentor = enrol(program, role=Role.MENTOR, level=2, capacity=1)
    first = enrol(program, role=Role.MENTEE, level=9)
    second = enrol(program, role=Role.MENTEE, level=9)
    # Two proposals for one place: as if each admin had assigned one by hand at once.
    ids = [
        Pairing.objects.create(program=program, mentee=first, mentor=mentor, score=0.5).pk,
        Pairing.objects.create(program=program, mentee=second, mentor=mentor, score=0.5).pk,
    ]
    outcomes = run_at_once(
        *(
            lambda pk=pk: pairings_publish(program=program, by=hr, introduce=False, only=[pk])
            for pk in ids
        )
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["PairingError", "int"]
    mentor.refresh_from_db()
    assert mentor.paired_count == 1
    assert program.pairings.active().count() == 1
