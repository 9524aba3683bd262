"""Employees: the programs open to them, enrolling, changing their mind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import AuthenticatedRequest
from accounts.selectors import completeness_for_user

from ..access import get_program_for_employee
from ..forms import EnrolmentForm
from ..models import Enrolment, Program, Role
from ..services import (
    EnrolmentData,
    ProgramError,
    eligibility_problems,
    enrolment_save,
    enrolment_withdraw,
)


@login_required
def program_list(request: AuthenticatedRequest) -> HttpResponse:
    mine = Enrolment.objects.filter(user=request.user).select_related("program")
    enrolled_ids = [enrolment.program_id for enrolment in mine]
    open_programs = Program.objects.open_for_enrolment().exclude(pk__in=enrolled_ids)
    return render(
        request,
        "programs/program_list.html",
        {"enrolments": mine.order_by("-program__starts_on"), "open_programs": open_programs},
    )


@login_required
def program_enrol(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program, enrolment = get_program_for_employee(request.user, pk)
    completeness = completeness_for_user(request.user)
    if program.is_open_for_enrolment() and not completeness.complete and request.method == "GET":
        # The pairing needs these first; the profile page brings them back here.
        messages.info(
            request,
            "Before you enrol, complete your profile: " + ", ".join(completeness.missing) + ".",
        )
        return redirect(f"{reverse('accounts:profile')}?next={request.path}")
    form = EnrolmentForm(
        request.POST or None, program=program, initial=_initial(enrolment, request.GET)
    )
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = enrolment_save(
                program=program, user=request.user, data=EnrolmentData(**form.cleaned_data)
            )
        except ProgramError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _saved_message(enrolment))
            return redirect("programs:enrol", pk=program.pk)
    eligibility = {
        role: eligibility_problems(program=program, user=request.user, role=role)
        for role in Role.values
    }
    return render(
        request,
        "programs/program_enrol.html",
        {
            "program": program,
            "enrolment": enrolment,
            "form": form,
            "open": program.is_open_for_enrolment(),
            "eligibility": eligibility,
        },
    )


def _initial(enrolment: Enrolment | None, query: QueryDict) -> dict[str, object]:
    if enrolment is None or not enrolment.is_active:
        return {"role": query.get("role", "")}
    return {
        "role": enrolment.role,
        "hopes": enrolment.hopes,
        "availability": enrolment.availability,
        "capacity": enrolment.capacity,
    }


def _saved_message(enrolment: Enrolment) -> str:
    if enrolment.status == "approved":
        return "Thank you for taking part. We will tell you when the pairs are made."
    return "Thank you: HR will confirm your enrolment, and you will hear from us."


@require_POST
@login_required
def program_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program, enrolment = get_program_for_employee(request.user, pk)
    if enrolment is None or not enrolment.is_active:
        messages.info(request, "You are not enrolled in this program.")
        return redirect("programs:enrol", pk=program.pk)
    try:
        enrolment_withdraw(enrolment=enrolment)
    except ProgramError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "You have withdrawn. You can enrol again while enrolment is open."
        )
    return redirect("programs:enrol", pk=program.pk)
