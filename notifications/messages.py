"""What each kind of reminder says: a title, a line of text and a link, per recipient."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone

from mentoring.notices import words
from pairing.models import Pairing
from programs.models import Role

from .models import Reminder


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    link: str
    # The e-mail: templates/emails/<email_template>.txt and .html, with this context added.
    email_template: str = "reminder"
    email_context: dict[str, Any] = field(default_factory=dict)


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


def _worded(r: Reminder, link: str, **email: Any) -> Message:
    """A notice (mentoring.notices): its words come from templates/notices/<kind>.txt."""
    title, body = words(r.kind, r.context)
    if not email:
        return Message(title, body, link)
    return Message(title, body, link, email_template=email.pop("template"), email_context=email)


def _enrolment_decision(r: Reminder) -> Message:
    return _worded(r, reverse("programs:enrol", kwargs={"pk": r.context["program_id"]}))


def _pairing_published(r: Reminder) -> Message:
    """The bell says who; the e-mail is the introduction, with how to reach them."""
    c = r.context
    link = reverse("sessions_log:workspace", kwargs={"pk": c["pairing_id"]})
    pairing = (
        Pairing.objects.select_related("program", "mentee__user__profile", "mentor__user__profile")
        .filter(pk=c["pairing_id"])
        .first()
    )
    if pairing is None:
        return _worded(r, link)
    person = pairing.mentee if c["role"] == Role.MENTEE else pairing.mentor
    return _worded(
        r,
        link,
        template="pairing_introduction",
        pairing=pairing,
        person=person,
        other=pairing.other(c["role"]),
        program=pairing.program,
    )


def _pairing_ended(r: Reminder) -> Message:
    return _worded(r, reverse("sessions_log:workspace", kwargs={"pk": r.context["pairing_id"]}))


def _program_closed(r: Reminder) -> Message:
    return _worded(
        r, reverse("sessions_log:pair_list") if r.context.get("paired") else reverse("home")
    )


MESSAGES: dict[str, Callable[[Reminder], Message]] = {
    "enrolment_decision": _enrolment_decision,
    "pairing_published": _pairing_published,
    "pairing_ended": _pairing_ended,
    "program_closed": _program_closed,
    "enrolment_open": _enrolment_open,
    "program_ending": _program_ending,
    "hr_digest": _hr_digest,
}


def message_for(reminder: Reminder) -> Message:
    return MESSAGES.get(reminder.kind, _generic)(reminder)
