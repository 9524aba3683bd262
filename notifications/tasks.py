import logging
from typing import Any

from celery import shared_task

from mentoring.outbox import OutboxTask

from .models import Reminder
from .rules import hr_digest, run_rules, still_due
from .services import (
    SendFailed,
    notices_create,
    reminder_claim,
    reminder_record_failed,
    reminder_record_sent,
    reminder_send,
)

logger = logging.getLogger(__name__)
MAX_RETRIES = 6


@shared_task(bind=True, base=OutboxTask, acks_late=True, max_retries=MAX_RETRIES)
def deliver_reminder(self, reminder_id: int) -> str:
    """Claim, send, record. acks_late: a task lost with its worker runs again, and the claim
    makes sure that a second run does not send a second e-mail."""
    claimed = reminder_claim(reminder_id=reminder_id, still_due=still_due)
    if claimed is None:
        return "skipped"
    try:
        reminder_send(claimed)
    except SendFailed as error:
        if self.request.retries >= MAX_RETRIES:
            logger.error(
                "Reminder %s not sent after %d retries: %s", reminder_id, MAX_RETRIES, error
            )
            reminder_record_failed(reminder_id=reminder_id, error=str(error))
            return Reminder.Status.FAILED
        # Back off: 1, 2, 4, 8, 16, 32 minutes.
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error
    reminder_record_sent(claimed.reminder)
    return Reminder.Status.SENT


@shared_task(base=OutboxTask, acks_late=True)
def notify(notices: list[dict[str, Any]]) -> int:
    """Tell people of a change (mentoring.notices): each notice is sent once, even when this
    task runs again."""
    return len(notices_create(notices))


@shared_task
def sweep() -> dict[str, int]:
    """The periodic job: every rule creates the reminders that are due now."""
    return run_rules()


@shared_task
def weekly_digest() -> int:
    return run_rules(rules={"hr_digest": hr_digest})["hr_digest"]
