import pytest

from accounts.tests.factories import ProfileFactory, UserFactory
from sessions_log.tests.conftest import make_pair


@pytest.fixture
def pair(db):
    return make_pair()


@pytest.fixture
def executive(pair):
    return pair.mentee.user


@pytest.fixture
def junior(pair):
    return pair.mentor.user


@pytest.fixture
def outsider(db):
    return ProfileFactory().user


@pytest.fixture
def hr(db):
    return UserFactory(hr_admin=True, first_name="Helen", last_name="Ramirez")
