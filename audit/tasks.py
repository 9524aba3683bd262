from celery import shared_task
from django.conf import settings

from .services import entries_purge


@shared_task
def purge_expired_entries() -> int:
    return entries_purge(older_than_years=settings.AUDIT_RETENTION_YEARS)
