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
        reverse("hr_programs"),
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


def _concerns_open(r: Reminder) -> Message:
    c = r.context
    waiting = c["open"]
    return Message(
        f"{waiting} concern{'s wait' if waiting != 1 else ' waits'} for HR",
        f"{c['new']} of them not acknowledged yet. People in a pair raised them; "
        "some are anonymous.",
        reverse("concerns:hr_list"),
    )


def _concern_update(r: Reminder) -> Message:
    """Says that there is news, not what the concern was about: an e-mail inbox is often read
    by an assistant too. The concern, its category and outcome are on the person's own page."""
    c = r.context
    if c["step"] == "acknowledged":
        return Message(
            "HR has your concern in hand",
            f"HR acknowledged the concern you raised in {c['program']}. They may contact you.",
            reverse("concerns:mine"),
        )
    return Message(
        "Your concern is resolved",
        f"HR resolved the concern you raised in {c['program']}. What came of it is on your "
        "concerns page.",
        reverse("concerns:mine"),
    )


def _delegate_invited(r: Reminder) -> Message:
    c = r.context
    return Message(
        f"{c['executive']} asks you to be their delegate",
        "As their delegate you look after their mentoring calendar: who their pair is, when "
        "and where they meet. Accept or decline.",
        reverse("delegates:invitation", kwargs={"pk": c["delegation_id"]}),
    )


def _delegate_answered(r: Reminder) -> Message:
    c = r.context
    if c["accepted"]:
        title = f"{c['delegate']} is now your delegate"
        body = "They see when and where you meet and can schedule for you; nothing else."
    else:
        title, body = f"{c['delegate']} declined to be your delegate", ""
    return Message(title, body, reverse("delegates:mine"))


def _delegate_ended(r: Reminder) -> Message:
    c = r.context
    if not c["by_executive"]:
        return Message(
            f"{c['by']} is no longer your delegate",
            "They stepped down: they no longer see your meetings.",
            reverse("delegates:mine"),
        )
    if c["was_invited"]:
        return Message(f"{c['executive']} withdrew their invitation", "", reverse("delegates:mine"))
    return Message(
        f"You are no longer {c['executive']}'s delegate",
        "Their meetings leave your pages and your delegate calendar.",
        reverse("delegates:mine"),
    )


MESSAGES: dict[str, Callable[[Reminder], Message]] = {
    "enrolment_decision": _enrolment_decision,
    "pairing_published": _pairing_published,
    "pairing_ended": _pairing_ended,
    "program_closed": _program_closed,
    "enrolment_open": _enrolment_open,
    "program_ending": _program_ending,
    "hr_digest": _hr_digest,
    "concerns_open": _concerns_open,
    "concern_update": _concern_update,
    "delegate_invited": _delegate_invited,
    "delegate_answered": _delegate_answered,
    "delegate_ended": _delegate_ended,
}


def message_for(reminder: Reminder) -> Message:
    return MESSAGES.get(reminder.kind, _generic)(reminder)
