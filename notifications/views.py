from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import AuthenticatedRequest, hr_admin_required
from mentoring.ids import parse_id
from mentoring.models import OutboxMessage

from . import selectors
from .kinds import KINDS
from .models import Notification, Preference
from .services import notifications_mark_read


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@login_required
def mark_read(request: AuthenticatedRequest) -> HttpResponse:
    sent = request.POST.getlist("notification")
    # No id sent means all; ids sent but none valid mean none.
    ids = [i for i in map(parse_id, sent) if i is not None]
    if sent and not ids:
        messages.error(request, "Nothing was marked: those are not notifications of yours.")
        return redirect("notifications:list")
    count = notifications_mark_read(user=request.user, ids=ids or None)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications:list")


class PreferencesForm(forms.Form):
    def __init__(self, *args: Any, current: dict[str, str], hr_admin: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for code, kind in KINDS.items():
            if kind.hr_only and not hr_admin:
                continue
            choices = Preference.Channel.choices
            if kind.essential:
                choices = [c for c in choices if c[0] != Preference.Channel.OFF]
            self.fields[code] = forms.ChoiceField(
                label=kind.label,
                choices=choices,
                initial=current.get(code, Preference.Channel.EMAIL),
                widget=forms.RadioSelect,
                help_text="Keeps the program working: it can move to the app, not go away."
                if kind.essential
                else "",
            )


@login_required
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    current = dict(Preference.objects.filter(user=request.user).values_list("kind", "channel"))
    form = PreferencesForm(request.POST or None, current=current, hr_admin=request.user.is_hr_admin)
    if request.method == "POST" and form.is_valid():
        for kind, channel in form.cleaned_data.items():
            Preference.objects.update_or_create(
                user=request.user, kind=kind, defaults={"channel": channel}
            )
        messages.success(request, "Your reminder settings are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@hr_admin_required
def failed_reminders(request: AuthenticatedRequest) -> HttpResponse:
    failed = selectors.failed_reminders().select_related("recipient")
    page = Paginator(failed, 50).get_page(request.GET.get("page"))
    # Side effects the outbox gave up on after every hand-over (mentoring/outbox.py).
    given_up = [
        (message, SIDE_EFFECTS.get(message.task, message.task))
        for message in OutboxMessage.objects.filter(failed_at__isnull=False).order_by("-failed_at")[
            :50
        ]
    ]
    return render(request, "notifications/failed.html", {"page": page, "given_up": given_up})


# What each task of the outbox does, in HR's words.
SIDE_EFFECTS = {
    "notifications.tasks.deliver_reminder": "Deliver a reminder or notice",
    "notifications.tasks.notify": "Tell people of a change (notices)",
    "pairing.tasks.execute_pairing_run": "Run the pairing",
    "pairing.tasks.send_introductions": "Introduce newly published pairs",
    "pairing.tasks.end_pairings_of_leavers": "End the pairings of people who left",
    "sessions_log.tasks.wind_down_pairing": "Wind down an ended pairing",
    "accounts.tasks.send_invitations": "Send invitations to imported people",
    "programs.tasks.send_program_invitations": "Invite people to a program",
    "sessions_log.tasks.send_meeting_notice": "Tell the pair of a meeting scheduled or moved",
    "outcomes.tasks.record_baseline": "Record a new enrolment's skill levels",
    "outcomes.tasks.send_recognition": "Send a note of recognition to a manager",
}
