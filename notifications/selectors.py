"""Reads of reminders and notifications that pages share."""

import datetime

from django.db.models import F, Func, OuterRef, Q, QuerySet, Subquery
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


def unread_count_of(person: OuterRef) -> Subquery:
    """The bell's count, as an expression read with the signed-in person on every page
    (settings.PERSON_FIGURES): one query fewer a page than counting apart. A COUNT without
    grouping: one row, 0 when nothing is unread."""
    unread = Notification.objects.unread().filter(recipient=person).order_by()
    return Subquery(unread.annotate(n=Func(F("pk"), function="COUNT")).values("n"))
