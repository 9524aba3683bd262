"""Creating reminders once, delivering them once, and the bell."""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User
from mentoring import outbox
from mentoring.mail import absolute_url, send_templated_mail

from .kinds import KINDS
from .messages import Message, message_for
from .models import Notification, Preference, Reminder

CHUNK = 1000


@dataclass(frozen=True)
class Due:
    """A reminder a rule says is due: (kind, subject, recipient, occurrence) is its key."""

    kind: str
    subject: str
    recipient_id: int
    occurrence: str = "1"
    context: dict[str, Any] = field(default_factory=dict)


def reminders_create(dues: Iterable[Due], *, enqueue: bool = True) -> list[int]:
    """Create the reminders that do not exist yet and queue their delivery; returns new ids.

    Existing keys are skipped by the database (unique constraint), so a sweep run twice or
    two sweeps at once create each reminder once. Queries: one insert per thousand dues.
    """
    batch = uuid.uuid4().hex
    rows = (
        Reminder(
            kind=d.kind,
            subject=d.subject,
            recipient_id=d.recipient_id,
            occurrence=d.occurrence,
            context=d.context,
            batch=batch,
        )
        for d in dues
    )
    Reminder.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
    created = list(Reminder.objects.filter(batch=batch).values_list("pk", flat=True))
    if enqueue and created:
        # The deliveries are outbox rows of the same transaction: none is lost with a worker.
        outbox.enqueue_many(
            "notifications.tasks.deliver_reminder", [{"reminder_id": pk} for pk in created]
        )
    return created


def notices_create(notices: Iterable[dict[str, Any]]) -> list[int]:
    """Turn notices (mentoring.notices) into reminders and queue their delivery, at once.

    The reminders and their deliveries commit together; a notice whose key exists already
    (the task ran before) creates nothing, so nobody is told twice.
    """
    with transaction.atomic():
        return reminders_create(
            Due(
                kind=n["kind"],
                subject=n["subject"],
                recipient_id=n["recipient_id"],
                occurrence=n.get("occurrence", "1"),
                context=n.get("context", {}),
            )
            for n in notices
        )


def reminders_withdraw(*, subject: str, kinds: Iterable[str] | None = None) -> int:
    """Withdraw what is still waiting about `subject` (a rescheduled or cancelled meeting)."""
    pending = Reminder.objects.filter(subject=subject, status=Reminder.Status.PENDING)
    if kinds is not None:
        pending = pending.filter(kind__in=list(kinds))
    return pending.update(status=Reminder.Status.WITHDRAWN)


def channel_for(user: User, kind: str) -> str:
    preference = Preference.objects.filter(user=user, kind=kind).first()
    channel = preference.channel if preference else Preference.Channel.EMAIL
    if channel == Preference.Channel.OFF and KINDS[kind].essential:
        return Preference.Channel.APP  # essential reminders can only move to the app
    return channel


class SendFailed(Exception):
    """The mail server refused or could not be reached; the delivery is retried."""


@dataclass(frozen=True)
class Claimed:
    """A reminder taken for sending, and how its recipient wants it."""

    reminder: Reminder
    channel: str


def reminder_claim(
    *, reminder_id: int, still_due: Callable[[Reminder], bool] = lambda reminder: True
) -> Claimed | None:
    """Take the reminder for sending, or None when another attempt already took it.

    The claim is committed before anything is sent: an attempt that dies after sending
    leaves the reminder claimed, and a retry then sends nothing (never twice). The in-app
    notification is made in the same transaction as the claim. A reminder that `still_due`
    says no longer fits (its meeting moved, say) is withdrawn instead.
    """
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("recipient__profile")
            .filter(pk=reminder_id, status=Reminder.Status.PENDING)
            .first()
        )
        if reminder is None:
            return None
        channel = channel_for(reminder.recipient, reminder.kind)
        if channel == Preference.Channel.OFF or not still_due(reminder):
            reminder.status = Reminder.Status.WITHDRAWN
            reminder.save(update_fields=["status"])
            return None
        message = _message(reminder)
        if not Notification.objects.filter(reminder=reminder).exists():
            Notification.objects.create(
                recipient=reminder.recipient,
                reminder=reminder,
                kind=reminder.kind,
                title=message.title,
                body=message.body,
                link=message.link,
            )
        reminder.status = Reminder.Status.SENDING
        reminder.attempts += 1
        reminder.save(update_fields=["status", "attempts"])
        return Claimed(reminder, channel)


def _message(reminder: Reminder) -> Message:
    """The message in the recipient's time zone and the site's language."""
    profile = getattr(reminder.recipient, "profile", None)
    zone = (profile.timezone if profile else "") or settings.TIME_ZONE
    with timezone.override(zone), translation.override(settings.LANGUAGE_CODE):
        return message_for(reminder)


def reminder_send(claimed: Claimed) -> None:
    """Send the e-mail of a claimed reminder; SendFailed puts it back for a retry."""
    if claimed.channel != Preference.Channel.EMAIL:
        return
    reminder = claimed.reminder
    message = _message(reminder)
    try:
        send_templated_mail(
            template="reminder",
            subject=message.title,
            to=[reminder.recipient.email],
            context={
                "recipient": reminder.recipient,
                "message": message,
                "link": absolute_url(message.link),
                "preferences": absolute_url("/notifications/preferences/"),
            },
            # The same id on every attempt: mail servers and clients drop a duplicate.
            headers={"Message-ID": f"<reminder-{reminder.pk}@{settings.EMAIL_MESSAGE_DOMAIN}>"},
        )
    except OSError as error:  # smtplib errors and connection failures
        Reminder.objects.filter(pk=reminder.pk).update(
            status=Reminder.Status.PENDING, last_error=str(error)[:500]
        )
        raise SendFailed(str(error)) from error


def reminder_record_sent(reminder: Reminder) -> None:
    Reminder.objects.filter(pk=reminder.pk).update(
        status=Reminder.Status.SENT, sent_at=timezone.now(), last_error=""
    )


def reminder_record_failed(*, reminder_id: int, error: str) -> None:
    """Given up after the retries: HR sees it on the failed-reminders page."""
    Reminder.objects.filter(pk=reminder_id).update(
        status=Reminder.Status.FAILED, last_error=error[:500]
    )


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.unread().filter(recipient=user)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
