from celery import shared_task
from django.db import connection

from . import outbox


@shared_task
def database_roundtrip() -> str:
    """Prove a worker reaches the database: used by operators and the integration tests."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


@shared_task
def dispatch_outbox() -> int:
    """The periodic job that hands over side effects the broker missed (see outbox.py)."""
    return outbox.dispatch()
