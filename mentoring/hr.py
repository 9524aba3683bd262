"""HR's pages that read across the apps: the home of what needs attention, the programs list
with each program's counts, and one page per employee. They live in the shell, which may
import every app (docs/decisions/0005-one-way-stack.md)."""

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.access import (
    AuthenticatedRequest,
    hr_admin_required,
    hr_required,
    is_hr_admin,
    programs_in_scope,
)
from accounts.forms import HREmployeeForm
from accounts.models import LevelName, Profile, User
from accounts.selectors import completeness_for_user
from accounts.services import employee_records_changed
from concerns.models import Concern
from mentoring.words import counted
from notifications.selectors import failed_reminders
from outcomes.selectors import cached_summaries
from pairing.models import Pairing
from pairing.selectors import paired_counts, proposal_counts, unmatched_counts
from programs.models import Enrolment, Phase, Program
from programs.selectors import people_counts, phase_overdue
from sessions_log.selectors import at_risk_count_cached


@dataclass(frozen=True)
class Attention:
    """One thing HR should look at, with where to do it."""

    text: str
    url: str
    program: Program | None = None


def _program_attention(programs: list[Program]) -> list[Attention]:
    counts = people_counts(programs)
    proposals = proposal_counts(programs)
    unmatched = unmatched_counts(programs)
    items = []
    for program in programs:
        dashboard = reverse("programs:dashboard", args=[program.pk])
        board = reverse("pairing:board", args=[program.pk])
        if late := phase_overdue(program):
            items.append(Attention(late[0].upper() + late[1:], dashboard, program))
        if pending := counts[program.pk].pending:
            text = f"{counted(pending, 'enrolment')} waiting for your decision"
            items.append(Attention(text, dashboard + "?status=pending", program))
        if program.phase in (Phase.MATCHING, Phase.RUNNING) and unmatched.get(program.pk):
            text = f"{counted(unmatched[program.pk], 'approved mentee')} without a mentor"
            items.append(Attention(text, board + "#not-matched", program))
        if proposals.get(program.pk):
            text = f"{counted(proposals[program.pk], 'proposed pair')} ready to publish"
            items.append(Attention(text, board, program))
        if program.phase == Phase.RUNNING and (risky := at_risk_count_cached(program)):
            text = f"{counted(risky, 'pair')} to check in on"
            health = reverse("sessions_log:program_health", args=[program.pk])
            items.append(Attention(text, health + "?risk=1", program))
    return items


def attention(user: User) -> list[Attention]:
    """What needs HR across every program that is not closed (a program manager's programs
    only), then across the company for HR admins."""
    programs = list(
        Program.objects.filter(programs_in_scope(user))
        .exclude(phase=Phase.CLOSED)
        .order_by("starts_on", "pk")
    )
    items = _program_attention(programs)
    if not is_hr_admin(user):
        return items
    if failed := failed_reminders().count():
        text = f"{counted(failed, 'reminder')} could not be sent"
        items.append(Attention(text, reverse("notifications:failed")))
    if concerns := Concern.objects.open().count():
        text = f"{counted(concerns, 'concern')} still open"
        items.append(Attention(text, reverse("concerns:hr_list")))
    return items


@hr_required
def hr_home(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "mentoring/hr_home.html", {"items": attention(request.user)})


@hr_required
def hr_programs(request: AuthenticatedRequest) -> HttpResponse:
    programs = list(Program.objects.filter(programs_in_scope(request.user)).order_by("-created_at"))
    counts = people_counts(programs)
    paired = paired_counts(programs)
    summaries = cached_summaries(programs)
    rows = [
        {
            "program": program,
            "counts": counts[program.pk],
            "paired": paired.get(program.pk, 0),
            "at_risk": at_risk_count_cached(program) if program.phase == Phase.RUNNING else None,
            "summary": summaries.get(program.pk),
        }
        for program in programs
    ]
    return render(request, "mentoring/hr_programs.html", {"rows": rows})


def _shown(value: object) -> str:
    return "" if value is None else str(value)


@hr_admin_required
def hr_employee(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    # Read without writing: a profile is made only when HR saves the records.
    profile = Profile.objects.filter(user=person).select_related("manager").first()
    profile = profile or Profile(user=person)
    form = HREmployeeForm(request.POST or None, instance=profile, user=person)
    if request.method == "POST" and form.is_valid():
        changes = {
            name: [_shown(form.initial.get(name)), _shown(form.cleaned_data.get(name))]
            for name in form.changed_data
        }
        with transaction.atomic():
            form.save()
            employee_records_changed(person=person, changes=changes, by=request.user)
        messages.success(request, f"{person.display_name}'s records are saved.")
        return redirect("hr_employee", pk=person.pk)
    enrolments = Enrolment.objects.filter(user=person).select_related("program")
    pairings = (
        Pairing.objects.with_user(person)
        .filter(Q(status__in=Pairing.VISIBLE) | Q(status=Pairing.Status.PROPOSED))
        .select_related("program", "mentee__user", "mentor__user")
        .order_by("-created_at")
    )
    context = {
        "person": person,
        "profile": profile,
        "level_name": LevelName.objects.filter(number=profile.level or 0).first(),
        "completeness": completeness_for_user(person),
        "enrolments": enrolments.order_by("-created_at"),
        "pairings": [(p, p.partner_of(person), p.role_of(person)) for p in pairings],
        "form": form,
    }
    return render(request, "mentoring/hr_employee.html", context)
