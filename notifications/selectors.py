"""Reads of reminders that pages share."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Reminder

STUCK_AFTER = datetime.timedelta(hours=1)


def failed_reminders() -> QuerySet[Reminder]:
    """Reminders that could not be sent after every retry, for HR to follow up by hand.

    A reminder still "being sent" an hour on was claimed by a worker that died: it may or
    may not have gone out, so HR sees it too.
    """
    stuck = Q(status=Reminder.Status.SENDING, created_at__lt=timezone.now() - STUCK_AFTER)
    return Reminder.objects.filter(Q(status=Reminder.Status.FAILED) | stuck)
