"""The participants' pages: the check-in, their own growth, the early fit check, "can do"
checks, thanks, and the junior mentor's certificate and note of recognition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import AuthenticatedRequest
from accounts.models import SkillWanted
from programs.models import Enrolment, Role
from sessions_log.access import get_pairing_for_user
from sessions_log.models import SessionLog

from .. import selectors
from ..access import get_mentor_recognition_for_user, get_participation_for_user
from ..certificates import certificate_pdf, manager_note
from ..defaults import CONFIDENTIALITY, FIT_QUESTIONS
from ..forms import CheckInForm, FitCheckForm, RecognitionForm, ThanksForm
from ..models import CanDo, CheckIn, FitCheck, Moment, SkillLevel, Thanks
from ..services import (
    OutcomesError,
    can_do_confirm,
    can_do_tick,
    check_in_submit,
    fit_check_submit,
    recognition_send,
    survey_for,
    thanks_save,
)
from ..windows import window

# Check-ins ------------------------------------------------------------------------------------


def _skills_to_rate(enrolment: Enrolment) -> list[tuple[int, str, int | None]]:
    """The skills someone set out to learn (their start levels), with what they said last."""
    rows = SkillLevel.objects.filter(enrolment=enrolment).select_related("skill")
    latest: dict[int, tuple[str, int]] = {}
    order: dict[str, int] = {Moment.START: 0, Moment.MIDPOINT: 1, Moment.END: 2}
    for row in sorted(rows, key=lambda r: order[r.moment]):
        latest[row.skill_id] = (row.skill.name, row.level)
    if not latest:  # no start recorded yet: what their profile says now
        for wanted in SkillWanted.objects.filter(user_id=enrolment.user_id).select_related("skill"):
            latest[wanted.skill_id] = (wanted.skill.name, wanted.current_level)
    return sorted(((pk, name, level) for pk, (name, level) in latest.items()), key=lambda s: s[1])


@login_required
def check_in(request: AuthenticatedRequest, pk: int, moment: str) -> HttpResponse:
    enrolment = get_participation_for_user(request.user, pk)
    dates = window(enrolment.program, moment)
    if dates is None:
        raise Http404("No such check-in")
    is_open = dates.is_open(timezone.localdate())
    answered = CheckIn.objects.filter(enrolment=enrolment, moment=moment).first()
    questions = []
    if is_open and answered is None:
        survey = survey_for(program=enrolment.program, moment=moment)
        questions = [q for q in survey.questions.all() if q.asks(enrolment.role)]
    form = CheckInForm(
        request.POST if request.method == "POST" else None,
        skills=_skills_to_rate(enrolment),
        questions=questions,
    )
    if request.method == "POST" and is_open and form.is_valid():
        check_in_submit(
            enrolment=enrolment, moment=moment, levels=form.levels(), answers=form.answers()
        )
        messages.success(request, "Thank you: your answers are saved.")
        return redirect("outcomes:my_growth", pk=enrolment.program_id)
    context = {
        "enrolment": enrolment,
        "program": enrolment.program,
        "moment": Moment(moment),
        "window": dates,
        "is_open": is_open,
        "answered": answered,
        "form": form,
        "confidentiality": CONFIDENTIALITY,
        "today": timezone.localdate(),
    }
    return render(request, "outcomes/check_in.html", context)


@require_GET
@login_required
def my_growth(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enrolment = get_participation_for_user(request.user, pk)
    today = timezone.localdate()
    check_ins = []
    for moment in (Moment.MIDPOINT, Moment.END):
        dates = window(enrolment.program, moment)
        if dates is not None:
            check_ins.append((Moment(moment), dates, dates.is_open(today)))
    context = {
        "enrolment": enrolment,
        "program": enrolment.program,
        "rows": selectors.my_growth(enrolment),
        "check_ins": check_ins,
        "answered": set(enrolment.check_ins.values_list("moment", flat=True)),
        "is_mentor": enrolment.role == Role.MENTOR,
        "today": today,
    }
    return render(request, "outcomes/my_growth.html", context)


# Early pairing fit ----------------------------------------------------------------------------


@login_required
def fit_check(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pairing, role = get_pairing_for_user(request.user, pk, write=True)
    met = SessionLog.objects.filter(meeting__pairing=pairing, held=True).exists()
    answered = FitCheck.objects.filter(pairing=pairing, role=role).exists()
    form = FitCheckForm(request.POST if request.method == "POST" else None, questions=FIT_QUESTIONS)
    if request.method == "POST" and met and not answered and form.is_valid():
        try:
            fit_check_submit(pairing=pairing, role=role, **form.cleaned_data)
        except OutcomesError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, "Thank you. Your pair does not see your answers.")
        return redirect("sessions_log:workspace", pk=pairing.pk)
    context = {"pairing": pairing, "form": form, "met": met, "answered": answered}
    return render(request, "outcomes/fit_check.html", context)


# "Can do" checks ------------------------------------------------------------------------------


@login_required
def can_do_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pairing, role = get_pairing_for_user(request.user, pk)
    context = {
        "pairing": pairing,
        "role": role,
        "topics": selectors.can_dos(pairing),
        "can_write": pairing.is_writable,
    }
    return render(request, "outcomes/can_do.html", context)


@require_POST
@login_required
def can_do_mark(request: AuthenticatedRequest, pk: int, can_do_pk: int) -> HttpResponse:
    pairing, role = get_pairing_for_user(request.user, pk, write=True)
    can_do = get_object_or_404(CanDo, pk=can_do_pk)
    action = request.POST.get("action", "")
    if action in ("tick", "untick"):
        if role != Role.MENTEE:
            raise PermissionDenied("The executive ticks off what they can do.")
        can_do_tick(pairing=pairing, can_do=can_do, done=action == "tick")
    elif action == "confirm":
        if role != Role.MENTOR:
            raise PermissionDenied("The mentor confirms what the executive ticked off.")
        try:
            can_do_confirm(pairing=pairing, can_do=can_do)
        except OutcomesError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Nothing was changed: choose tick, untick or confirm.")
    return redirect("outcomes:can_do", pk=pairing.pk)


# Thanks, certificate and recognition ----------------------------------------------------------


@login_required
def thanks(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pairing, role = get_pairing_for_user(request.user, pk)
    if role != Role.MENTEE:
        raise PermissionDenied("The executive writes the line of thanks.")
    current = Thanks.objects.filter(pairing=pairing).first()
    form = ThanksForm(
        request.POST if request.method == "POST" else None,
        initial={"text": current.text if current else ""},
    )
    if request.method == "POST" and form.is_valid():
        saved = thanks_save(pairing=pairing, text=form.cleaned_data["text"])
        messages.success(request, "Your thanks are saved." if saved else "Your thanks are removed.")
        return redirect("sessions_log:workspace", pk=pairing.pk)
    return render(request, "outcomes/thanks.html", {"pairing": pairing, "form": form})


@require_GET
@login_required
def certificate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enrolment = get_mentor_recognition_for_user(request.user, pk)
    pdf = certificate_pdf(
        selectors.recognition(enrolment),
        include_thanks=request.GET.get("thanks") == "1",
        issuer="Reverse Mentoring program",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{enrolment.program_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def recognition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enrolment = get_mentor_recognition_for_user(request.user, pk)
    figures = selectors.recognition(enrolment)
    manager = getattr(getattr(enrolment.user, "profile", None), "manager", None)
    form = RecognitionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            recognition_send(
                enrolment=enrolment, include_thanks=form.cleaned_data["include_thanks"]
            )
        except OutcomesError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The note is on its way to your manager.")
        return redirect("outcomes:recognition", pk=pk)
    context = {
        "enrolment": enrolment,
        "program": enrolment.program,
        "figures": figures,
        "manager": manager,
        "form": form,
        "sent": getattr(enrolment, "recognition", None),
        "note": manager_note(
            figures,
            manager_name=(manager.first_name or manager.display_name) if manager else "…",
            include_thanks=False,
        ),
    }
    return render(request, "outcomes/recognition.html", context)
