"""Telling people about a change, from any app, in the transaction of the change.

A notice is one person told about one thing: (kind, subject, recipient, occurrence) is its
key, and the facts its words need go along as its context. `tell()` writes outbox rows naming
the notifications app's task, which turns each notice into a reminder with that unique key
(so it is sent once, however often the task runs) and delivers it by e-mail and the bell as the
person prefers. Apps below notifications name the task instead of importing it
(docs/decisions/0005-one-way-stack.md, 0006-transactional-outbox.md).

What a notice says is written in templates/notices/<kind>.txt, so that the page that asks HR
to confirm a change can show the very words people will receive (`words()`).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from . import outbox
from .mail import absolute_url, preview, render_text

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


def words(kind: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """The title and the text of a notice: the template's first line, then the rest.

    HR's reason, where there is one, reads as a sentence of ours: one full stop at its end.
    """
    values = dict(context)
    if values.get("reason"):
        values["reason"] = values["reason"].strip().rstrip(".") + "."
    text = render_text(f"notices/{kind}.txt", values).strip()
    title, _, body = text.partition("\n")
    return title.strip(), " ".join(body.split())


def preview_for(
    kind: str, context: Mapping[str, Any], *, recipient: Any, link: str
) -> dict[str, str]:
    """The e-mail one person would get for this notice (the bell shows the same words)."""
    title, body = words(kind, context)
    return preview(
        template="reminder",
        subject=title,
        context={
            "recipient": recipient,
            "message": {"title": title, "body": body},
            "link": absolute_url(link),
            "preferences": absolute_url("/notifications/preferences/"),
        },
    )
