"""HR's pages for programs: settings, phases, invitations, the dashboard and decisions."""

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import (
    AuthenticatedRequest,
    hr_admin_required,
    program_hr_required,
)
from accounts.models import User
from mentoring.paging import page_of
from mentoring.spreadsheets import csv_lines
from mentoring.words import counted, verb

from .. import selectors
from ..filters import EnrolmentFilter
from ..forms import DecisionForm, InviteForm, ProgramForm
from ..models import Enrolment, EnrolmentStatus, Phase, Program, Role
from ..services import (
    ALLOWED_MOVES,
    ProgramError,
    enrolments_decide,
    phase_blockers,
    program_copy,
    program_invitation_preview,
    program_invite,
    program_move_phase,
    program_save,
)

PAGE_SIZE = 50


@hr_admin_required
def program_create(request: AuthenticatedRequest) -> HttpResponse:
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        program = program_save(program=form.save(commit=False), by=request.user)
        messages.success(request, f"“{program.name}” is created as a draft.")
        return redirect("programs:dashboard", pk=program.pk)
    return render(request, "programs/hr/program_form.html", {"form": form})


@program_hr_required
def program_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        program_save(program=form.save(commit=False), by=request.user)
        messages.success(request, "The program is saved.")
        return redirect("programs:dashboard", pk=program.pk)
    return render(request, "programs/hr/program_form.html", {"form": form, "program": program})


@require_POST
@program_hr_required
def program_phase(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    target = request.POST.get("to", "")
    if target == Phase.CLOSED:
        # Closing cancels meetings and tells everyone: it has a page that says so first.
        return redirect("sessions_log:program_close", pk=program.pk)
    try:
        program = program_move_phase(program=program, to=target, by=request.user)
    except (ProgramError, ValueError) as error:
        messages.error(request, f"The program stays {program.get_phase_display()}: {error}")
    else:
        messages.success(request, f"The program is now {program.get_phase_display()}.")
    return redirect("programs:dashboard", pk=program.pk)


@require_POST
@hr_admin_required
def program_copy_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program = program_copy(program=get_object_or_404(Program, pk=pk), by=request.user)
    messages.success(request, "A copy is ready for the next cohort: set its dates.")
    return redirect("programs:edit", pk=program.pk)


@program_hr_required
def program_dashboard(
    request: AuthenticatedRequest, pk: int
) -> HttpResponse | StreamingHttpResponse:
    program = get_object_or_404(Program, pk=pk)
    rows = selectors.enrolment_rows(program)
    filters = EnrolmentFilter(request.GET, queryset=rows)
    rows = filters.qs if filters.is_valid() else rows.none()
    if request.GET.get("format") == "csv":
        return _enrolments_csv(program, rows)
    counts, capacity = selectors.enrolment_figures(program)
    # Filtered by role and status at most, the list's count is in the figures: no query.
    page = page_of(rows, request.GET.get("page"), PAGE_SIZE, filters.count_in(counts))
    selectors.add_skills_that_matter(list(page.object_list))
    moves = [(phase, phase_blockers(program, phase)) for phase in _moves(program)]
    query = request.GET.copy()
    query.pop("page", None)
    gaps, gaps_read_at = selectors.skill_gaps_kept(program)
    return render(
        request,
        "programs/hr/program_dashboard.html",
        {
            "program": program,
            "counts": counts,
            "capacity": capacity,
            "gaps": gaps,
            "gaps_read_at": gaps_read_at,
            "page": page,
            "filters": query.urlencode(),
            "filter": filters,
            "moves": moves,
            "phases": Phase.choices,
            "roles": Role.choices,
            "statuses": EnrolmentStatus.choices,
        },
    )


def _moves(program: Program) -> list[str]:
    order = list(Phase)
    return sorted(
        ALLOWED_MOVES.get(program.phase, set()), key=lambda phase: order.index(Phase(phase))
    )


CSV_COLUMNS = ["email", "name", "role", "status", "level", "department", "skills", "applied"]


def _enrolments_csv(program: Program, rows: QuerySet[Enrolment]) -> StreamingHttpResponse:
    lines = csv_lines(CSV_COLUMNS, selectors.enrolment_export_rows(rows))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="program-{program.pk}-enrolments.csv"'
    return response


@require_POST
@program_hr_required
def enrolments_decide_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    form = DecisionForm(request.POST, program=program)
    if form.is_valid():
        count = enrolments_decide(
            enrolments=program.enrolments.filter(
                pk__in=[e.pk for e in form.cleaned_data["enrolments"]]
            ),
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        decided = "approved" if form.cleaned_data["decision"] == "approve" else "declined"
        messages.success(
            request,
            f"{counted(count, 'enrolment')} {decided}. Each person whose enrolment changed is told "
            "by e-mail and the bell.",
        )
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, "Nothing was changed: " + " ".join(errors))
    return redirect("programs:dashboard", pk=program.pk)


@program_hr_required
def program_invite_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        users = User.objects.filter(pk__in=form.cleaned_data["emails"])
        with transaction.atomic():
            count = program_invite(program=program, users=users, by=request.user)
        skipped = len(form.cleaned_data["emails"]) - count
        note = f" ({skipped} had been invited already)" if skipped else ""
        messages.success(request, f"{count} invitation{'s' if count != 1 else ''} sent{note}.")
        return redirect("programs:dashboard", pk=program.pk)
    eligible = selectors.not_yet_invited(program)
    return render(
        request,
        "programs/hr/program_invite.html",
        {"program": program, "form": form, "eligible_count": eligible.count()},
    )


@program_hr_required
def program_announce(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Everyone eligible not invited yet gets the invitation: the page says to how many, and
    shows what they will read, before anything is sent."""
    program = get_object_or_404(Program, pk=pk)
    people = selectors.not_yet_invited(program)
    count = people.count()
    problems = []
    if program.phase != Phase.ENROLLING:
        problems.append("Open enrolment first: then announce the program.")
    elif not count:
        problems.append("Every eligible employee has been invited already.")
    if request.method == "POST" and not problems:
        with transaction.atomic():
            sent = program_invite(
                program=program, users=people.iterator(), by=request.user, announce=True
            )
        messages.success(request, f"The program is announced to {sent} eligible employees.")
        return redirect("programs:dashboard", pk=program.pk)
    first = people.order_by("pk").first()
    context = {
        "heading": f"Announce {program.name} to {counted(count, 'person', 'people')}",
        "problems": problems,
        "consequences": [
            f"{counted(count, 'eligible employee')} who {verb(count, 'was', 'were')} not invited "
            "yet get an e-mail inviting them to enrol.",
            "Nobody is invited twice; people who enrolled already are left out.",
        ],
        "preview": first and program_invitation_preview(program=program, user=first),
        "preview_note": f"What {first.display_name} receives." if first else "",
        "button": f"Send {counted(count, 'invitation')}",
        "button_class": "btn-primary",
        "back_url": reverse("programs:invite", args=[program.pk]),
        "back_label": "Invite people",
    }
    return render(request, "_confirm.html", context)
