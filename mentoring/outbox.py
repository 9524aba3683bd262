"""The transactional outbox: every side effect of a change is a row written with the change.

`enqueue()` records "run this task with these arguments" in the caller's transaction; once it
commits, the row is handed to Celery at once. When the broker cannot be reached the request
still succeeds: the row waits, and `dispatch()` (a periodic job) hands over what is due and not
yet handed over, or handed over long ago and still not done (a worker died). Tasks run from
the outbox are `OutboxTask`s: they mark their row done when they finish.

A task may therefore run more than once (a late worker and a re-handed row): every task
started from here must be idempotent, which the project's tasks are by their own claims
(reminders), stamps (introductions, invitations) or status (pairing runs).
"""

import datetime
import logging
import time
from typing import Any

from celery import Task, current_app
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import OutboxMessage, OutboxQuerySet

logger = logging.getLogger(__name__)

STUCK_AFTER = datetime.timedelta(minutes=30)
DISPATCH_BATCH = 2000
MAX_HANDOVERS = 20  # then the row is given up and listed for HR
BROKER_PAUSE = 30.0  # seconds without trying the broker again after it failed in this process

_broker_down_until = 0.0


def enqueue(task: str, /, **kwargs: Any) -> OutboxMessage:
    """Record a side effect in the current transaction; it runs after the transaction commits."""
    message = OutboxMessage.objects.create(task=task, kwargs=kwargs)
    transaction.on_commit(lambda: hand_over([message]))
    return message


def enqueue_many(task: str, kwargs_list: list[dict[str, Any]]) -> list[OutboxMessage]:
    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(task=task, kwargs=kwargs) for kwargs in kwargs_list], batch_size=1000
    )
    if messages and messages[0].pk is None:  # databases that return no ids on insert
        return messages
    transaction.on_commit(lambda: hand_over(messages))
    return messages


def hand_over(messages: list[OutboxMessage]) -> int:
    """Give committed rows to Celery; never raises. Returns how many were handed over.

    Without a broker (the embedded default, tasks run eagerly) the task runs here and now.
    """
    global _broker_down_until
    eager = current_app.conf.task_always_eager
    if not eager and time.monotonic() < _broker_down_until:
        return 0  # it failed a moment ago: don't make every request wait for its timeout
    handed = []
    for message in messages:
        kwargs = {**message.kwargs, "outbox_id": message.pk}
        try:
            if eager:
                import_string(message.task).apply(kwargs=kwargs, throw=True)
            else:
                current_app.send_task(message.task, kwargs=kwargs, retry=False)
        except Exception as error:  # a broker that is down, or an eager task that failed
            if eager and current_app.conf.task_eager_propagates:
                raise  # the tests want to see it; a person's request never does
            logger.warning("Outbox: %s not handed over: %s", message, error)
            OutboxMessage.objects.filter(pk=message.pk).update(last_error=str(error)[:1000])
            if not eager:
                _broker_down_until = time.monotonic() + BROKER_PAUSE
                break
            continue
        handed.append(message.pk)
    OutboxMessage.objects.filter(pk__in=handed).update(
        handed_at=timezone.now(), handovers=F("handovers") + 1
    )
    return len(handed)


def due(now: datetime.datetime, stuck_after: datetime.timedelta = STUCK_AFTER) -> OutboxQuerySet:
    """Rows to hand over now: never handed over, or handed over long ago and not done."""
    return OutboxMessage.objects.pending().filter(
        Q(handed_at__isnull=True) | Q(handed_at__lt=now - stuck_after), not_before__lte=now
    )


def dispatch(*, stuck_after: datetime.timedelta = STUCK_AFTER) -> int:
    """The periodic job: hand over what is due; give up rows handed over too often."""
    global _broker_down_until
    _broker_down_until = 0.0  # the periodic run always tries the broker
    now = timezone.now()
    given_up = due(now, stuck_after).filter(handovers__gte=MAX_HANDOVERS)
    if count := given_up.update(failed_at=now):
        logger.error("Outbox: gave up %d side effects after %d handovers", count, MAX_HANDOVERS)
    with transaction.atomic():
        # Two dispatchers at once each take different rows.
        batch = list(due(now, stuck_after).select_for_update(skip_locked=True)[:DISPATCH_BATCH])
        handed = hand_over(batch)
    return handed


def mark_done(outbox_id: int | None) -> None:
    if outbox_id is not None:
        OutboxMessage.objects.filter(pk=outbox_id).update(done_at=timezone.now())


def mark_failed(outbox_id: int | None, error: str) -> None:
    if outbox_id is not None:
        OutboxMessage.objects.filter(pk=outbox_id).update(
            failed_at=timezone.now(), last_error=error[:1000]
        )


class OutboxTask(Task):
    """A task started from the outbox: it takes `outbox_id` and marks its row done at the end.

    Declare with `@shared_task(base=OutboxTask)`; a task that gives up for good calls
    `mark_failed(outbox_id, reason)` itself.
    """

    def __call__(self, *args: Any, outbox_id: int | None = None, **kwargs: Any) -> Any:
        result = super().__call__(*args, **kwargs)
        mark_done(outbox_id)
        return result
