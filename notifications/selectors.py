"""Reads of reminders and notifications that pages share."""

import datetime

from django.db.models import Count, Expression, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Notification, Reminder

STUCK_AFTER = datetime.timedelta(hours=1)


def failed_reminders() -> QuerySet[Reminder]:
    """Reminders that could not be sent after every retry, for HR to follow up by hand.

    A reminder still "being sent" an hour on was claimed by a worker that died: it may or
    may not have gone out, so HR sees it too.
    """
    stuck = Q(status=Reminder.Status.SENDING, created_at__lt=timezone.now() - STUCK_AFTER)
    return Reminder.objects.filter(Q(status=Reminder.Status.FAILED) | stuck)


def unread_count_of(person: OuterRef) -> Expression:
    """The bell's count, as an expression read with the signed-in person on every page
    (settings.PERSON_FIGURES): one query fewer a page than counting apart."""
    unread = Notification.objects.unread().filter(recipient=person).order_by()
    counted = unread.values("recipient").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), Value(0))
