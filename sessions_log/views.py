"""A pair's workspace (goals, meetings, agendas, logs), calendar files and feeds, HR's health page.

Every view of a pairing's content goes through an access helper: participants only, 404 for
anyone else (HR too: they are outsiders to the content), 403 for writes to an ended pairing.
"""

from typing import cast

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.access import AuthenticatedRequest, program_hr_required
from accounts.models import User
from mentoring.ids import parse_id
from mentoring.mail import absolute_url
from mentoring.notices import preview_for
from mentoring.redirects import local_path
from mentoring.words import counted, verb
from pairing.models import Pairing
from pairing.services import PairingError, pairing_end
from programs.models import Phase, Program, Role
from programs.services import ProgramError, phase_blockers

from . import calendar as ics
from . import selectors
from .access import (
    get_agenda_item_for_user,
    get_goal_for_user,
    get_meeting_for_user,
    get_pairing_for_user,
)
from .forms import (
    AgendaItemForm,
    CancelForm,
    EndPairingForm,
    GoalForm,
    HealthFilterForm,
    MeetingForm,
    SessionLogForm,
    TopicForm,
)
from .models import AgendaItem, CalendarFeed, Goal, Meeting, Rating
from .services import (
    DIRECTIONS,
    Direction,
    GoalConflict,
    LogConflict,
    SessionsError,
    agenda_apply_topic,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_tick,
    agenda_item_update,
    calendar_feed_for,
    calendar_feed_reset,
    goal_create,
    goal_fingerprint,
    goal_update,
    log_fingerprint,
    meeting_cancel,
    meeting_reschedule,
    meeting_schedule,
    program_close,
    session_log_save,
)
from .timezones import in_viewer_time_zone, zone_for

HEALTH_PAGE_SIZE = 50

# Pairings -------------------------------------------------------------------------------------


@require_GET
@login_required
def pair_list(request: AuthenticatedRequest) -> HttpResponse:
    pairings = list(selectors.my_pairings(request.user))
    if len(pairings) == 1:
        return redirect("sessions_log:workspace", pk=pairings[0].pk)
    return render(request, "sessions_log/pair_list.html", {"pairings": pairings})


@require_GET
@login_required
@in_viewer_time_zone
def workspace(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pairing, _ = get_pairing_for_user(request.user, pk)
    history_page = request.GET.get("history", "1")
    page = parse_id(history_page) or 1  # '²' or 5,000 digits: the first page
    page = page if page < 10_000 else 1
    pair = selectors.pair_view(pairing, request.user, history_page=page)
    return render(request, "sessions_log/workspace.html", {"pair": pair, "pairing": pair.pairing})


# Goals ----------------------------------------------------------------------------------------


def _goal_form(
    pairing: Pairing, instance: Goal | None = None, data: QueryDict | None = None
) -> GoalForm:
    return GoalForm(
        data,
        instance=instance,
        mentee_name=pairing.mentee.user.first_name or "The executive",
        mentor_name=pairing.mentor.user.first_name or "the junior",
        program=pairing.program,
    )


@login_required
def goal_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pairing, _ = get_pairing_for_user(request.user, pk, write=True)
    form = _goal_form(pairing, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        goal_create(pairing=pairing, by=request.user, **form.cleaned_data)
        messages.success(request, "The goal is added.")
        return redirect(reverse("sessions_log:workspace", args=[pairing.pk]) + "#goals")
    return render(request, "sessions_log/goal_form.html", {"form": form, "pairing": pairing})


@login_required
def goal_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    goal, _ = get_goal_for_user(request.user, pk, write=True)
    form = _goal_form(goal.pairing, instance=goal, data=request.POST or None)
    theirs = None
    if request.method == "POST" and form.is_valid():
        try:
            goal_update(goal=goal, by=request.user, **form.cleaned_data)
        except GoalConflict as conflict:
            theirs = conflict.goal
            data = _rebased(request.POST, version=theirs.version, base=goal_fingerprint(theirs))
            form = _goal_form(goal.pairing, instance=theirs, data=data)
            form.is_valid()
        else:
            messages.success(request, "The goal is saved.")
            return redirect(reverse("sessions_log:workspace", args=[goal.pairing_id]) + "#goals")
    context = {"form": form, "pairing": goal.pairing, "goal": goal, "theirs": theirs}
    return render(request, "sessions_log/goal_form.html", context)


def _rebased(post: QueryDict, **values: object) -> QueryDict:
    """The person's own input with the version and fingerprint of what is saved now: saving
    again after reading the other person's version goes through."""
    data = post.copy()
    for key, value in values.items():
        data[key] = str(value)
    return data


# Meetings -------------------------------------------------------------------------------------


@login_required
@in_viewer_time_zone
def meeting_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pairing, _ = get_pairing_for_user(request.user, pk, write=True)
    form = MeetingForm(
        request.POST or None,
        zone=zone_for(request.user),
        initial={"minutes": pairing.program.meeting_minutes},
        program=pairing.program,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = meeting_schedule(
            pairing=pairing,
            by=request.user,
            starts_at=data["starts_at"],
            minutes=data["minutes"],
            place=data["place"],
            video_url=data["video_url"],
            topic=data["topic"],
        )
        messages.success(request, "The meeting is scheduled; your pair gets an e-mail.")
        return redirect("sessions_log:meeting", pk=meeting.pk)
    return render(request, "sessions_log/meeting_form.html", {"form": form, "pairing": pairing})


def _meeting_page(
    request: AuthenticatedRequest, meeting: Meeting, role: str, **forms: forms.BaseForm
) -> HttpResponse:
    log = getattr(meeting, "log", None)
    my_rating = Rating.objects.filter(log=log, by=request.user).first() if log else None
    context = {
        "meeting": meeting,
        "pairing": meeting.pairing,
        "role": role,
        "other": meeting.pairing.other(role),
        "agenda": meeting.agenda.select_related("added_by"),
        "log": log,
        "my_rating": my_rating,
        "my_note": selectors.my_notes(request.user, [log]).get(log.pk) if log else None,
        "item_form": forms.get("item_form") or AgendaItemForm(),
        "topic_form": forms.get("topic_form") or TopicForm(),
        "can_write": meeting.pairing.is_writable,
        "now": timezone.now(),
    }
    return render(request, "sessions_log/meeting.html", context)


@require_GET
@login_required
@in_viewer_time_zone
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting, role = get_meeting_for_user(request.user, pk)
    return _meeting_page(request, meeting, role)


@login_required
@in_viewer_time_zone
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting, _ = get_meeting_for_user(request.user, pk, write=True)
    form = MeetingForm(
        request.POST or None,
        zone=zone_for(request.user),
        meeting=meeting,
        program=meeting.pairing.program,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_reschedule(
                meeting=meeting,
                by=request.user,
                starts_at=data["starts_at"],
                minutes=data["minutes"],
                place=data["place"],
                video_url=data["video_url"],
            )
        except SessionsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The meeting is moved; your pair gets an e-mail.")
        return redirect("sessions_log:meeting", pk=meeting.pk)
    context = {"form": form, "pairing": meeting.pairing, "meeting": meeting}
    return render(request, "sessions_log/meeting_form.html", context)


@login_required
@in_viewer_time_zone
def meeting_cancel_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting, _ = get_meeting_for_user(request.user, pk, write=True)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_cancel(meeting=meeting, by=request.user, reason=form.cleaned_data["reason"])
        except SessionsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The meeting is cancelled; your pair gets an e-mail.")
        return redirect("sessions_log:meeting", pk=meeting.pk)
    return render(request, "sessions_log/meeting_cancel.html", {"form": form, "meeting": meeting})


def _ics_response(content: bytes, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # a pair's meeting times are not public
    return response


@require_GET
@login_required
def meeting_calendar(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting, _ = get_meeting_for_user(request.user, pk)
    filename = f"meeting-{meeting.starts_at:%Y-%m-%d}.ics"
    return _ics_response(ics.meeting_ics(meeting, viewer=request.user), filename, download=True)


# Agenda ---------------------------------------------------------------------------------------


def _to_agenda(item_or_meeting: AgendaItem | Meeting) -> HttpResponse:
    meeting_pk = getattr(item_or_meeting, "meeting_id", None) or item_or_meeting.pk
    return redirect(reverse("sessions_log:meeting", args=[meeting_pk]) + "#agenda")


@require_POST
@login_required
@in_viewer_time_zone
def agenda_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting, role = get_meeting_for_user(request.user, pk, write=True)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting, role, item_form=form)
    try:
        item = agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
    except SessionsError as error:
        messages.error(request, str(error))
        return _to_agenda(meeting)
    back = local_path(request, request.POST.get("next", ""))
    if back:
        messages.success(request, f"“{item.title}” is on the agenda.")
        return HttpResponseRedirect(back)
    return _to_agenda(meeting)


@require_POST
@login_required
@in_viewer_time_zone
def agenda_topic(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting, role = get_meeting_for_user(request.user, pk, write=True)
    form = TopicForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting, role, topic_form=form)
    try:
        count = agenda_apply_topic(
            meeting=meeting, topic=form.cleaned_data["topic"], by=request.user
        )
    except SessionsError as error:
        messages.error(request, str(error))
    else:
        items = counted(count, "item")
        messages.success(request, f"{items} from “{form.cleaned_data['topic']}” added.")
    return _to_agenda(meeting)


@login_required
def agenda_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item, _ = get_agenda_item_for_user(request.user, pk, write=True, author_only=True)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        agenda_item_update(item=item, **form.cleaned_data)
        return _to_agenda(item)
    return render(request, "sessions_log/agenda_item_form.html", {"form": form, "item": item})


@login_required
@in_viewer_time_zone
def agenda_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Removing an item cannot be undone: the page asks first."""
    item, _ = get_agenda_item_for_user(request.user, pk, write=True, author_only=True)
    if request.method == "POST":
        agenda_item_delete(item=item)
        messages.success(request, f"“{item.title}” is removed from the agenda.")
        return _to_agenda(item)
    day = date_format(timezone.localtime(item.meeting.starts_at), "l j F")
    context = {
        "heading": f"Remove “{item.title}” from the agenda",
        "consequences": [
            f"It goes from the agenda of {day}, for you and your pair; this cannot be undone.",
        ],
        "button": "Remove the item",
        "back_url": reverse("sessions_log:meeting", args=[item.meeting_id]) + "#agenda",
        "back_label": "The meeting",
        "cancel_label": "Keep it",
    }
    return render(request, "_confirm.html", context)


@require_POST
@login_required
def agenda_move(request: AuthenticatedRequest, pk: int, direction: str) -> HttpResponse:
    item, _ = get_agenda_item_for_user(request.user, pk, write=True)
    if direction not in DIRECTIONS:
        raise Http404("Up or down")
    agenda_item_move(item=item, direction=cast(Direction, direction))
    return _to_agenda(item)


@require_POST
@login_required
def agenda_tick(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item, _ = get_agenda_item_for_user(request.user, pk, write=True)
    agenda_item_tick(item=item, done=request.POST.get("done") == "1")
    return _to_agenda(item)


# Session logs ---------------------------------------------------------------------------------


def _log_form(
    request: AuthenticatedRequest, meeting: Meeting, data: QueryDict | None = None
) -> SessionLogForm:
    log = getattr(meeting, "log", None)
    rating = Rating.objects.filter(log=log, by=request.user).first() if log else None
    return SessionLogForm(
        data,
        log=log,
        goals=list(meeting.pairing.goals.open().order_by("pk")),
        my_rating=rating.score if rating else None,
        my_note=selectors.my_notes(request.user, [log]).get(log.pk, "") if log else "",
    )


@login_required
@in_viewer_time_zone
def session_log(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting, role = get_meeting_for_user(request.user, pk, write=True)
    if meeting.is_cancelled or meeting.starts_at > timezone.now():
        messages.info(request, "A meeting is logged once it has started, unless it is cancelled.")
        return redirect("sessions_log:meeting", pk=meeting.pk)
    form = _log_form(request, meeting, request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session_log_save(
                meeting=meeting,
                by=request.user,
                version=data["version"],
                base=data["base"],
                held=data["held"],
                summary=data["summary"],
                skills=data["skills_covered"],
                rating=data["rating"],
                private_note=data["private_note"],
                progress=form.progress_changes(),
            )
        except SessionsError as error:
            messages.error(request, str(error))
            return redirect("sessions_log:meeting", pk=meeting.pk)
        except LogConflict as error:
            conflict, form = error, _rebase_log_form(request, meeting, error)
        else:
            messages.success(request, "The session is logged.")
            return redirect("sessions_log:meeting", pk=meeting.pk)
    context = {"form": form, "meeting": meeting, "pairing": meeting.pairing, "role": role}
    return render(request, "sessions_log/session_log_form.html", {**context, "conflict": conflict})


def _rebase_log_form(
    request: AuthenticatedRequest, meeting: Meeting, conflict: LogConflict
) -> SessionLogForm:
    """The person's input kept as typed, now based on what the other person saved."""
    meeting = Meeting.objects.select_related("pairing", "log").get(pk=meeting.pk)
    values: dict[str, object] = {f"was_{goal.pk}": goal.progress for goal in conflict.goals}
    if conflict.log is not None:
        values.update(version=conflict.log.version, base=log_fingerprint(conflict.log))
    form = _log_form(request, meeting, _rebased(request.POST, **values))
    form.is_valid()
    return form


# Calendar feed --------------------------------------------------------------------------------


@require_GET
@login_required
def calendar_settings(request: AuthenticatedRequest) -> HttpResponse:
    feed = calendar_feed_for(user=request.user)
    url = absolute_url(reverse("sessions_log:feed", args=[feed.token]))
    webcal = "webcal://" + url.split("://", 1)[1]
    return render(request, "sessions_log/calendar.html", {"feed_url": url, "webcal_url": webcal})


@require_POST
@login_required
def calendar_reset(request: AuthenticatedRequest) -> HttpResponse:
    calendar_feed_reset(user=request.user)
    messages.success(
        request, "Your calendar link is new: the old one no longer works. Subscribe again."
    )
    return redirect("sessions_log:calendar")


@never_cache
@require_GET
def calendar_feed(request: AuthenticatedRequest, token: str) -> HttpResponse:
    """No login: calendar apps cannot log in. The secret token is the key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404("No such calendar")
    return _ics_response(ics.feed_ics(feed.user), "reverse-mentoring.ics", download=False)


# HR -------------------------------------------------------------------------------------------


@require_GET
@program_hr_required
def program_health(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Numbers only: HR sees that pairs meet, progress and ratings, never what is said."""
    program = get_object_or_404(Program, pk=pk)
    rows, read_at = selectors.program_health_cached(program)
    form = HealthFilterForm(request.GET)
    shown = []
    if form.is_valid():
        data = form.cleaned_data
        shown = selectors.health_rows(
            rows, program, q=data["q"], risk_only=data["risk"], sort=data["sort"]
        )
    page = Paginator(shown, HEALTH_PAGE_SIZE).get_page(request.GET.get("page"))
    shown_rows = selectors.with_pairings(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "program": program,
        "rows": shown_rows,
        "page": page,
        "form": form,
        "filters": query.urlencode(),
        "totals": selectors.health_totals(rows),
        "read_at": read_at,
    }
    return render(request, "sessions_log/program_health.html", context)


# HR: winding down a pairing or a whole program, after saying what will happen ----------------


def _names(pairing: Pairing) -> str:
    return f"{pairing.mentee.user.display_name} and {pairing.mentor.user.display_name}"


@program_hr_required
def pairing_end_view(request: AuthenticatedRequest, pk: int, pairing_pk: int) -> HttpResponse:
    pairing = get_object_or_404(
        Pairing.objects.select_related("program", "mentee__user", "mentor__user"),
        pk=pairing_pk,
        program_id=pk,
    )
    board = reverse("pairing:board", args=[pk])
    form = EndPairingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pairing_end(pairing=pairing, reason=form.cleaned_data["reason"], by=request.user)
        except PairingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"The pairing of {_names(pairing)} has ended; both are told.")
        return redirect(board)
    reason = request.POST.get("reason", "").strip() or "(your reason)"
    return render(request, "_confirm.html", _ending_context(pairing, form, reason, board))


def _ending_context(
    pairing: Pairing, form: EndPairingForm, reason: str, back: str
) -> dict[str, object]:
    upcoming = selectors.future_meetings(pairing.meetings.all())
    mentee, mentor = pairing.mentee.user, pairing.mentor.user
    return {
        "heading": f"End the pairing of {_names(pairing)}",
        "problems": []
        if pairing.status == Pairing.Status.ACTIVE
        else ["Only a published pairing can be ended."],
        "consequences": [
            f"{_names(pairing)} are told at once, by e-mail and the bell as each prefers, "
            "with your reason.",
            f"Their {counted(upcoming, 'future meeting')} {verb(upcoming, 'is', 'are')} "
            "cancelled and taken off their calendars."
            if upcoming
            else "They have no meeting planned.",
            "Their past meetings, goals and shared log stay readable for both of them; "
            "nothing is deleted.",
            f"{mentee.display_name} appears under “Not matched” on the pairing board. Later "
            "runs do not pair these two again, unless you allow it there.",
        ],
        "preview": preview_for(
            "pairing_ended",
            {
                "program": pairing.program.name,
                "role": Role.MENTEE,
                "partner": mentor.display_name,
                "reason": reason,
                "cancelled": upcoming,
            },
            recipient=mentee,
            link=reverse("sessions_log:workspace", args=[pairing.pk]),
        ),
        "preview_note": f"What {mentee.display_name} receives; {mentor.display_name} gets the "
        f"same about {mentee.display_name}.",
        "form": form,
        "button": "End the pairing",
        "back_url": back,
        "back_label": "Pairing board",
    }


@program_hr_required
def program_close_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    dashboard = reverse("programs:dashboard", args=[pk])
    if request.method == "POST":
        try:
            closing = program_close(program=program, by=request.user)
        except ProgramError as error:
            messages.error(request, f"The program stays {program.get_phase_display()}: {error}")
        else:
            cancelled, told = closing.cancelled, closing.told
            messages.success(
                request,
                f"The program is closed: {counted(cancelled, 'future meeting')} "
                f"{verb(cancelled, 'is', 'are')} cancelled and "
                f"{counted(told, 'person', 'people')} {verb(told, 'is', 'are')} told.",
            )
        return redirect(dashboard)
    return render(request, "_confirm.html", _closing_context(program, dashboard))


def _closing_context(program: Program, back: str) -> dict[str, object]:
    upcoming = selectors.future_meetings(Meeting.objects.filter(pairing__program=program))
    pairs = program.pairings.active().count()
    enrolled = program.enrolments.active().select_related("user")
    people = enrolled.count()
    consequences = [
        f"{counted(upcoming, 'future meeting')} {verb(upcoming, 'is', 'are')} cancelled, without "
        "an e-mail per meeting, and taken off everyone's calendar feed.",
        f"{counted(pairs, 'published pair')} {verb(pairs, 'becomes', 'become')} read-only: their "
        "meetings, goals and notes stay readable, and nobody can schedule or log in this "
        "program any more.",
        f"{counted(people, 'enrolled person', 'enrolled people')} {verb(people, 'is', 'are')} "
        "told once, by e-mail and the bell as each prefers.",
    ]
    if apps.is_installed("outcomes"):
        consequences.append(
            "Junior mentors who were paired are told their certificate is ready (Outcomes); "
            "the end-of-program check-in, the final survey, stays open until its planned date."
        )
    # The preview shows someone in a pair when there is one: theirs is the fuller notice.
    paired = program.pairings.active().select_related("mentee__user").order_by("pk").first()
    first = paired.mentee if paired else enrolled.order_by("pk").first()
    return {
        "heading": f"Close {program.name}",
        "problems": phase_blockers(program, Phase.CLOSED),
        "consequences": consequences,
        "preview": first and _closed_notice(program, first.user),
        "preview_note": f"What {first.user.display_name} receives." if first else "",
        "button": "Close the program",
        "back_url": back,
        "back_label": "Program dashboard",
    }


def _closed_notice(program: Program, person: User) -> dict[str, str]:
    """The notice one person gets, with their own meetings counted."""
    mine = Meeting.objects.visible_to(person).filter(pairing__program=program)
    context = {
        "program": program.name,
        "cancelled": selectors.future_meetings(mine),
        "paired": program.pairings.active().with_user(person).exists(),
    }
    link = reverse("sessions_log:pair_list") if context["paired"] else reverse("home")
    return preview_for("program_closed", context, recipient=person, link=link)
