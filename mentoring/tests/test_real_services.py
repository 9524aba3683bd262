"""The real services: PostgreSQL under CI, a real Celery worker on Redis."""

import pytest
from django.db import connection

from conftest import REQUIRE_SERVICES, skip_or_fail
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


@pytest.fixture
def on_postgresql(db):
    if connection.vendor != "postgresql":
        skip_or_fail("the database's settings are PostgreSQL's: set DATABASE_URL")


def _server(query: str) -> object:
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0]


def test_the_app_connections_fit_a_web_application(on_postgresql):
    """JIT compiling costs more than it saves on these pages; index reads are priced as on SSD
    (a page's people read by their keys); a runaway query is cancelled."""
    assert _server("SHOW jit") == "off"
    assert _server("SHOW random_page_cost") == "1.1"
    assert _server("SHOW statement_timeout") == "30s"
