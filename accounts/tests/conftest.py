import importlib.util
from contextlib import ExitStack

import pytest

from conftest import skip_or_fail

from .factories import UserFactory
from .oidc import ProviderDidNotStart, running_provider


@pytest.fixture
def employee(db):
    return UserFactory(first_name="Sam", last_name="Lee")


@pytest.fixture
def hr_admin(db):
    return UserFactory(first_name="Helen", last_name="Ramirez", hr_admin=True)


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """A real OpenID Connect provider on loopback, in its own process (see oidc_provider/)."""
    if importlib.util.find_spec("oauth2_provider") is None:
        skip_or_fail("django-oauth-toolkit is not installed (requirements-test.txt)")
    with ExitStack() as stack:
        try:
            provider = stack.enter_context(
                running_provider(tmp_path_factory.mktemp("oidc_provider"))
            )
        except ProviderDidNotStart as error:
            skip_or_fail(f"the test OpenID Connect provider did not start: {error}")
        yield provider
