"""Telling people about a change, from any app, in the transaction of the change.

A notice is one person told about one thing: (kind, subject, recipient, occurrence) is its
key, and the facts its words need go along as its context. `tell()` writes outbox rows naming
the notifications app's task, which turns each notice into a reminder with that unique key
(so it is sent once, however often the task runs) and delivers it by e-mail and the bell as the
person prefers. Apps below notifications name the task instead of importing it
(docs/decisions/0005-one-way-stack.md, 0006-transactional-outbox.md).
"""

from collections.abc import Iterable
from typing import Any

from . import outbox

NOTIFY_TASK = "notifications.tasks.notify"
CHUNK = 500  # notices per task: a program of thousands is told in several rows

Notice = dict[str, Any]


def notice(
    kind: str, subject: str, recipient_id: int, *, occurrence: str = "1", **context: Any
) -> Notice:
    """One person to tell; `context` holds plain JSON values (names, ids, reasons)."""
    return {
        "kind": kind,
        "subject": subject,
        "recipient_id": recipient_id,
        "occurrence": occurrence,
        "context": context,
    }


def tell(notices: Iterable[Notice]) -> int:
    """Queue the notices with the current transaction; returns how many."""
    items = list(notices)
    chunks = [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]
    outbox.enqueue_many(NOTIFY_TASK, [{"notices": chunk} for chunk in chunks])
    return len(items)
