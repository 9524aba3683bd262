"""What each kind of reminder says: a title, a line of text and a link, per recipient."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats, timezone

from .models import Reminder


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    link: str


def _when(iso: str) -> str:
    """A moment in the recipient's time zone (activated by the caller)."""
    moment = timezone.localtime(datetime.datetime.fromisoformat(iso))
    return formats.date_format(moment, "l j F, H:i T")


def _enrolment_open(r: Reminder) -> Message:
    c = r.context
    return Message(
        f"{c['program']} is open for enrolment",
        f"Enrol by {c['closes']} as a mentor or a mentee.",
        reverse("programs:enrol", kwargs={"pk": c["program_id"]}),
    )


def _program_ending(r: Reminder) -> Message:
    c = r.context
    return Message(
        f"{c['program']} ends in two weeks",
        f"The program ends on {c['ends']}: log your last sessions and update your goals.",
        reverse("home"),
    )


def _hr_digest(r: Reminder) -> Message:
    c = r.context
    return Message(
        "Your weekly program digest",
        f"{c['enrolments']} new enrolments, {c['meetings_held']} meetings held and "
        f"{c['at_risk']} pairs at risk this week.",
        reverse("programs:hr_list"),
    )


def _generic(r: Reminder) -> Message:
    c = r.context
    body = c.get("body", "")
    if "at" in c:
        body = body.replace("{at}", _when(c["at"]))
    return Message(c.get("title", r.get_kind_display()), body, c.get("link", reverse("home")))


MESSAGES: dict[str, Callable[[Reminder], Message]] = {
    "enrolment_open": _enrolment_open,
    "program_ending": _program_ending,
    "hr_digest": _hr_digest,
}


def message_for(reminder: Reminder) -> Message:
    return MESSAGES.get(reminder.kind, _generic)(reminder)
