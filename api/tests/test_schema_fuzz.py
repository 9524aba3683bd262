"""The whole API tested from its own schema (schemathesis, property-based): whatever a caller
sends, no answer is a server error, and every answer conforms to the schema (status code,
content type, headers and body).

The schema is loaded at module level through the WSGI application (schemathesis' pytest
fixture loader does not work with pytest 9). Calling the application directly would close
the test's database connection at the end of each request: the test keeps it open.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.tests.factories import UserFactory
from mentoring.wsgi import application
from pairing.models import Pairing
from programs.models import Role
from programs.tests.factories import EnrolmentFactory, ProgramFactory
from sessions_log.tests.conftest import make_meeting

from .conftest import make_token

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def keep_the_test_connection():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def hr_token(db, settings, keep_the_test_connection):
    """An HR admin's read-write token, and some data for it to find: a program with a pair
    and a meeting (the catalogue's skills come with the migrations)."""
    settings.API_RATE_LIMIT = "100000/minute"
    hr = UserFactory(hr_admin=True)
    program = ProgramFactory()
    pairing = Pairing.objects.create(
        program=program,
        mentee=EnrolmentFactory(program=program, role=Role.MENTEE, user=hr),
        mentor=EnrolmentFactory(program=program, role=Role.MENTOR),
        status=Pairing.Status.ACTIVE,
        score=0.7,
        published_at=timezone.now(),
    )
    make_meeting(pairing, days=3)
    return make_token(hr)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,  # the data is shared by the examples on purpose
    ],
)
def test_the_api_conforms_to_its_schema_and_never_fails_with_a_5xx(case, hr_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {hr_token}"}, checks=CHECKS)
