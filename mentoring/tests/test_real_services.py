"""The real services: PostgreSQL under CI, a real Celery worker on Redis."""

import pytest
from django.db import connection

from conftest import REQUIRE_SERVICES
from mentoring.tasks import database_roundtrip


@pytest.mark.django_db
def test_database_is_postgresql_when_services_are_required():
    if not REQUIRE_SERVICES and connection.vendor != "postgresql":
        pytest.skip("runs on PostgreSQL only: set DATABASE_URL to a PostgreSQL database")
    assert connection.vendor == "postgresql"


@pytest.mark.celery_worker
def test_a_task_runs_in_a_real_worker_against_the_database(celery_worker):
    result = database_roundtrip.delay()
    assert result.get(timeout=30) == connection.vendor
    assert result.successful()
