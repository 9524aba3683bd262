"""HR's review board: run the pairing, look at each pair, adjust, publish."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.access import AuthenticatedRequest, hr_admin_required
from programs.models import Program, Role

from . import selectors
from .models import Pairing
from .services import (
    PairingError,
    pair_assign,
    pair_block,
    pair_lock,
    pair_unlock,
    pairing_end,
    pairing_run_start,
    pairings_publish,
)


@hr_admin_required
def board(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    runs = list(program.pairing_runs.select_related("started_by")[:5])
    latest = runs[0] if runs else None
    return render(
        request,
        "pairing/board.html",
        {
            "program": program,
            "runs": runs,
            "latest": latest,
            "proposed": selectors.board_rows(program, Pairing.Status.PROPOSED),
            "published": selectors.board_rows(program, Pairing.Status.ACTIVE),
            "unmatched": selectors.unmatched(program, latest),
            "totals": selectors.board_totals(program),
        },
    )


@require_POST
@hr_admin_required
def run(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    try:
        pairing_run_start(
            program=program, by=request.user, keep_active=request.POST.get("keep_active") == "1"
        )
    except PairingError as error:
        messages.error(request, str(error))
    return redirect("pairing:board", pk=program.pk)


def _pairing(pk: int, pairing_pk: int) -> Pairing:
    return get_object_or_404(
        Pairing.objects.select_related("program", "mentee__user", "mentor__user"),
        pk=pairing_pk,
        program_id=pk,
    )


@require_POST
@hr_admin_required
def pair_action(
    request: AuthenticatedRequest, pk: int, pairing_pk: int, action: str
) -> HttpResponse:
    pairing = _pairing(pk, pairing_pk)
    names = f"{pairing.mentee.user.display_name} and {pairing.mentor.user.display_name}"
    try:
        if action == "lock":
            pair_lock(pairing=pairing, by=request.user)
            messages.success(request, f"Locked: {names} stay together in the next run.")
        elif action == "unlock":
            pair_unlock(pairing=pairing)
            messages.success(request, f"Unlocked: the next run may pair {names} differently.")
        elif action == "block":
            pair_block(pairing=pairing, by=request.user)
            messages.success(request, f"Blocked: {names} will not be paired.")
        elif action == "end":
            reason = request.POST.get("reason", "").strip()
            if not reason:
                raise PairingError("Say why the pairing ends.")
            pairing_end(pairing=pairing, reason=reason, by=request.user)
            messages.success(request, f"The pairing of {names} has ended.")
    except PairingError as error:
        messages.error(request, str(error))
    return redirect("pairing:board", pk=pk)


@hr_admin_required
def mentee_options(request: AuthenticatedRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    mentee = get_object_or_404(
        program.enrolments.approved().select_related("user__profile"),
        pk=enrolment_pk,
        role=Role.MENTEE,
    )
    warning = None
    if request.method == "POST":
        mentor = get_object_or_404(
            program.enrolments.approved(), pk=request.POST.get("mentor"), role=Role.MENTOR
        )
        try:
            done = pair_assign(
                program=program,
                mentee=mentee,
                mentor=mentor,
                by=request.user,
                confirm=request.POST.get("confirm") == "1",
            )
        except PairingError as error:
            messages.error(request, str(error))
        else:
            if done.pairing:
                messages.success(
                    request,
                    f"{mentee.user.display_name} is paired with {mentor.user.display_name}"
                    + (f" (breaks: {', '.join(done.breaks)})." if done.breaks else "."),
                )
                return redirect("pairing:board", pk=program.pk)
            warning = {"mentor": mentor, "breaks": done.breaks}
    current = program.pairings.open().filter(mentee=mentee).select_related("mentor__user").first()
    return render(
        request,
        "pairing/mentee_options.html",
        {
            "program": program,
            "mentee": mentee,
            "current": current,
            "options": selectors.alternatives(program=program, mentee=mentee),
            "mentors": program.enrolments.approved().mentors().select_related("user"),
            "warning": warning,
        },
    )


@require_POST
@hr_admin_required
def publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    try:
        count = pairings_publish(program=program, by=request.user)
    except PairingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{count} pairs are published: everyone gets an e-mail introducing their pair."
        )
    return redirect("pairing:board", pk=program.pk)
