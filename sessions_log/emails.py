"""The e-mail a person gets when their pair schedules, moves or cancels a meeting."""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from mentoring.mail import absolute_url, render_text

from .calendar import meeting_ics
from .models import Meeting
from .timezones import zone_for

SUBJECTS = {
    "scheduled": "{name} scheduled a meeting with you",
    "moved": "{name} moved your meeting",
    "cancelled": "{name} cancelled your meeting",
}


# A delegate (an executive's assistant) made the change for one of the pair.
DELEGATE_SUBJECTS = {
    "scheduled": "{name} scheduled a meeting for {executive}",
    "moved": "{name} moved a meeting for {executive}",
    "cancelled": "{name} cancelled a meeting for {executive}",
}


def _subject(change: str, other: User, delegate: User | None, on_behalf_of: User | None) -> str:
    if delegate is None or on_behalf_of is None:
        return SUBJECTS[change].format(name=other.display_name)
    return DELEGATE_SUBJECTS[change].format(
        name=delegate.display_name, executive=on_behalf_of.display_name
    )


def send_meeting_notice(
    *,
    meeting: Meeting,
    recipient: User,
    change: str,
    delegate: User | None = None,
    on_behalf_of: User | None = None,
) -> None:
    """Mail the time in the recipient's own zone, with the .ics for their calendar attached.

    Like the .ics itself, the mail says when and where, never what is on the agenda. When a
    delegate made the change for one of the pair, the mail says who made it on whose behalf.
    """
    pairing = meeting.pairing
    other = pairing.partner_of(recipient).user
    zone = zone_for(recipient)
    context = {
        "site_name": Site.objects.get_current().name,
        "meeting": meeting,
        "recipient": recipient,
        "other": other,
        "change": change,
        "delegate": delegate,
        "on_behalf_of": on_behalf_of,
        "zone": zone.key,
        "link": absolute_url(reverse("sessions_log:meeting", args=[meeting.pk])),
    }
    with timezone.override(zone):
        text = render_text("emails/meeting_notice.txt", context)
        html = render_to_string("emails/meeting_notice.html", context)
    message = EmailMultiAlternatives(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _subject(change, other, delegate, on_behalf_of),
        text,
        to=[recipient.email],
    )
    message.attach_alternative(html, "text/html")
    message.attach("meeting.ics", meeting_ics(meeting, viewer=recipient), "text/calendar")
    message.send()
