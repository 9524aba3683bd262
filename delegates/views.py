"""An executive's delegates, and the delegate's own pages: the executives they assist, their
pairs and meetings (time, length, place, video link), scheduling on their behalf and a
calendar feed. The pair's pages stay closed to delegates (404): this is all a delegate sees.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.access import AuthenticatedRequest, hr_admin_required
from mentoring.mail import absolute_url
from sessions_log import calendar as ics
from sessions_log.services import SessionsError
from sessions_log.timezones import in_viewer_time_zone, zone_for

from . import selectors
from .access import (
    get_delegation_for_member,
    get_invitation_for_delegate,
    get_meeting_for_delegate,
    get_pairing_for_delegate,
)
from .forms import AnswerForm, DelegateCancelForm, DelegateMeetingForm, InviteForm, ShareForm
from .models import DelegateFeed
from .services import (
    DelegationError,
    delegate_feed_for,
    delegate_feed_reset,
    delegate_meeting_cancel,
    delegate_meeting_reschedule,
    delegate_meeting_schedule,
    delegation_answer,
    delegation_end,
    delegation_invite,
    delegation_share,
)

HR_PAGE_SIZE = 50


def _posted(request: AuthenticatedRequest) -> QueryDict | None:
    """The form's data on a POST, even an empty one (a bound form answers it with errors)."""
    return request.POST if request.method == "POST" else None


# The executive's side ---------------------------------------------------------------------


@login_required
def my_delegates(request: AuthenticatedRequest) -> HttpResponse:
    """Who my delegates are, naming a new one; and whom I assist or am invited to assist."""
    form = InviteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delegation = delegation_invite(
                executive=request.user,
                email=data["email"],
                share_meeting_soon=data["share_meeting_soon"],
                share_no_meeting=data["share_no_meeting"],
            )
        except DelegationError as error:
            form.add_error("email", str(error))
        else:
            name = delegation.delegate.display_name
            messages.success(request, f"{name} is invited: they accept on their own page.")
            return redirect("delegates:mine")
    context = {
        "form": form,
        "delegations": [
            (delegation, ShareForm(instance=delegation, prefix=f"d{delegation.pk}"))
            for delegation in selectors.delegations_of(request.user)
        ],
        "invitations": selectors.invitations_for(request.user),
        "assisting": selectors.assisting(request.user),
    }
    return render(request, "delegates/mine.html", context)


@require_POST
@login_required
def share(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    delegation = get_delegation_for_member(request.user, pk, executive_only=True)
    form = ShareForm(request.POST, instance=delegation, prefix=f"d{delegation.pk}")
    if form.is_valid():
        delegation_share(delegation=delegation, **form.cleaned_data)
        messages.success(request, f"Saved: what {delegation.delegate.display_name} receives.")
    else:
        messages.error(request, "Choose what to share, then save.")
    return redirect("delegates:mine")


@require_POST
@login_required
def end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    delegation = get_delegation_for_member(request.user, pk)
    try:
        delegation_end(delegation=delegation, by=request.user)
    except DelegationError as error:
        messages.error(request, str(error))
    else:
        if request.user.pk == delegation.executive_id:
            text = f"{delegation.delegate.display_name} is no longer your delegate."
        else:
            text = f"You no longer assist {delegation.executive.display_name}."
        messages.success(request, text)
    return redirect("delegates:mine")


@login_required
def invitation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    delegation = get_invitation_for_delegate(request.user, pk)
    form = AnswerForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        try:
            delegation_answer(delegation=delegation, accept=accept)
        except DelegationError as error:
            messages.error(request, str(error))
            return redirect("delegates:mine")
        name = delegation.executive.display_name
        if accept:
            messages.success(request, f"You now look after {name}'s mentoring meetings.")
            return redirect("delegates:assist")
        messages.info(request, f"You declined; {name} is told.")
        return redirect("delegates:mine")
    return render(request, "delegates/invitation.html", {"delegation": delegation, "form": form})


# The delegate's side ----------------------------------------------------------------------


@require_GET
@login_required
@in_viewer_time_zone
def assist(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "pairs": selectors.assisted_pairs(request.user),
        "assisting": selectors.assisting(request.user),
        "invitations": selectors.invitations_for(request.user),
    }
    return render(request, "delegates/assist.html", context)


@require_GET
@login_required
@in_viewer_time_zone
def assist_pair(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pairing, _ = get_pairing_for_delegate(request.user, pk)
    pairs = selectors.assisted_pairs(request.user, pairing=pairing)
    if not pairs:
        raise Http404("Not a delegate of this pair")
    return render(request, "delegates/assist_pair.html", {"pair": pairs[0]})


def _to_pair(pairing_pk: int, meeting_pk: int | None = None) -> HttpResponse:
    anchor = f"#meeting-{meeting_pk}" if meeting_pk else ""
    return redirect(reverse("delegates:pair", args=[pairing_pk]) + anchor)


@login_required
@in_viewer_time_zone
def meeting_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pairing, executive = get_pairing_for_delegate(request.user, pk)
    form = DelegateMeetingForm(
        _posted(request),
        zone=zone_for(request.user),
        initial={"minutes": pairing.program.meeting_minutes},
        program=pairing.program,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = delegate_meeting_schedule(
                pairing=pairing,
                delegate=request.user,
                starts_at=data["starts_at"],
                minutes=data["minutes"],
                place=data["place"],
                video_url=data["video_url"],
            )
        except (DelegationError, SessionsError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The meeting is scheduled; both people get an e-mail.")
            return _to_pair(pairing.pk, meeting.pk)
    context = {
        "form": form,
        "pairing": pairing,
        "executive": executive,
        "partner": pairing.partner_of(executive).user,
    }
    return render(request, "delegates/meeting_form.html", context)


@login_required
@in_viewer_time_zone
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting, executive = get_meeting_for_delegate(request.user, pk)
    form = DelegateMeetingForm(
        _posted(request),
        zone=zone_for(request.user),
        meeting=meeting,
        program=meeting.pairing.program,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delegate_meeting_reschedule(
                meeting=meeting,
                delegate=request.user,
                starts_at=data["starts_at"],
                minutes=data["minutes"],
                place=data["place"],
                video_url=data["video_url"],
            )
        except (DelegationError, SessionsError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The meeting is moved; both people get an e-mail.")
        return _to_pair(meeting.pairing_id, meeting.pk)
    context = {
        "form": form,
        "pairing": meeting.pairing,
        "meeting": meeting,
        "executive": executive,
        "partner": meeting.pairing.partner_of(executive).user,
    }
    return render(request, "delegates/meeting_form.html", context)


@login_required
@in_viewer_time_zone
def meeting_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting, executive = get_meeting_for_delegate(request.user, pk)
    form = DelegateCancelForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            delegate_meeting_cancel(
                meeting=meeting, delegate=request.user, reason=form.cleaned_data["reason"]
            )
        except (DelegationError, SessionsError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The meeting is cancelled; both people get an e-mail.")
        return _to_pair(meeting.pairing_id)
    context = {"form": form, "meeting": meeting, "executive": executive}
    return render(request, "delegates/meeting_cancel.html", context)


# The delegate's calendar feed -------------------------------------------------------------


@require_GET
@login_required
def calendar(request: AuthenticatedRequest) -> HttpResponse:
    feed = delegate_feed_for(user=request.user)
    url = absolute_url(reverse("delegates:feed", args=[feed.token]))
    webcal = "webcal://" + url.split("://", 1)[1]
    assisting = selectors.assisting(request.user)
    context = {"feed_url": url, "webcal_url": webcal, "assisting": assisting}
    return render(request, "delegates/calendar.html", context)


@require_POST
@login_required
def calendar_reset(request: AuthenticatedRequest) -> HttpResponse:
    delegate_feed_reset(user=request.user)
    messages.success(request, "Your link is new: the old one no longer works. Subscribe again.")
    return redirect("delegates:calendar")


@never_cache
@require_GET
def feed(request: AuthenticatedRequest, token: str) -> HttpResponse:
    """No login (calendar apps cannot log in): the secret token is the key. Time and place of
    the meetings of the executives the person assists now, nothing else."""
    feed = get_object_or_404(DelegateFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404("No such calendar")
    delegate = feed.user
    events = (
        ics.meeting_event(
            meeting,
            viewer=delegate,
            link=absolute_url(reverse("delegates:pair", args=[meeting.pairing_id])),
        )
        for meeting in selectors.assisted_meetings(delegate)
    )
    response = HttpResponse(
        ics.events_ics(events, name="Reverse mentoring (as a delegate)"),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="reverse-mentoring-delegate.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# HR -----------------------------------------------------------------------------------------


@require_GET
@hr_admin_required
def hr_list(request: AuthenticatedRequest) -> HttpResponse:
    """Who has a delegate and who it is: nothing of what the delegate does or sees."""
    page = Paginator(selectors.hr_delegations(), HR_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "delegates/hr_list.html", {"page": page})
