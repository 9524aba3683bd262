import pytest
from django.utils import timezone

from accounts.tests.factories import ProfileFactory, UserFactory
from delegates.models import Delegation
from sessions_log.tests.conftest import make_meeting, make_pair

__all__ = ["make_meeting", "make_pair"]


def make_delegation(executive, delegate, **fields) -> Delegation:
    """An accepted delegation, straight into the database."""
    return Delegation.objects.create(
        executive=executive,
        delegate=delegate,
        status=fields.pop("status", Delegation.Status.ACCEPTED),
        answered_at=timezone.now(),
        **fields,
    )


@pytest.fixture
def pair(db):
    return make_pair()


@pytest.fixture
def executive(pair):
    return pair.mentee.user


@pytest.fixture
def mentor(pair):
    return pair.mentor.user


@pytest.fixture
def assistant(db):
    """The executive's assistant: an employee in no pair, in Paris."""
    return ProfileFactory(
        user=UserFactory(first_name="Anna", last_name="Assistant"),
        title="Executive Assistant",
        timezone="Europe/Paris",
    ).user


@pytest.fixture
def delegation(executive, assistant):
    return make_delegation(executive, assistant)


@pytest.fixture
def outsider(db):
    return ProfileFactory().user


@pytest.fixture
def hr(db):
    return UserFactory(hr_admin=True)
