"""HR's review board: run the pairing, look at each pair, adjust, publish."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.access import AuthenticatedRequest, program_hr_required
from mentoring.ids import parse_id
from mentoring.words import counted, verb
from programs.models import Program, Role

from . import breaks, selectors
from .filters import BoardFilter
from .models import Pairing, PairRule
from .services import (
    PairingError,
    introduction_preview,
    pair_allow_again,
    pair_assign,
    pair_block,
    pair_lock,
    pair_rule_undo,
    pair_unlock,
    pairing_run_start,
    pairing_runs_expire,
    pairings_publish,
)


@program_hr_required
def board(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    pairing_runs_expire(program=program)
    runs = list(program.pairing_runs.select_related("started_by")[:5])
    latest = runs[0] if runs else None
    pairs = selectors.board_pairs(program)
    filters = BoardFilter(request.GET, queryset=pairs)
    shown = filters.qs if filters.is_valid() else pairs.none()
    totals = selectors.board_totals(program)
    # Once anything was paired, every approved mentee is on the board: paired or not matched.
    started = latest is not None or totals["matched"] or program.pairings.exists()
    query = request.GET.copy()
    for key in ("proposed", "published", "unmatched"):
        query.pop(key, None)
    return render(
        request,
        "pairing/board.html",
        {
            "program": program,
            "runs": runs,
            "latest": latest,
            "filter": filters,
            "filters": query.urlencode(),
            "proposed": selectors.board_page(
                program,
                shown.filter(status=Pairing.Status.PROPOSED),
                request.GET.get("proposed"),
                filters.count_in(totals, "proposed"),  # unfiltered: no count query
            ),
            "published": selectors.board_page(
                program,
                shown.filter(status=Pairing.Status.ACTIVE),
                request.GET.get("published"),
                filters.count_in(totals, "published"),  # unfiltered: no count query
            ),
            "not_matched": selectors.not_matched(
                program, latest, request.GET.get("unmatched"), totals["unmatched"]
            )
            if started
            else None,
            "rules": selectors.pair_rules(program),
            "totals": totals,
            "best": f"{program.max_score:g}",
            # 3,050 or 2.6: grouped, no trailing zeros, never 3.05e+04
            "best_total": f"{program.max_score * totals['matched']:,.2f}".rstrip("0").rstrip("."),
        },
    )


@require_GET
@program_hr_required
def run_status(request: AuthenticatedRequest, pk: int) -> JsonResponse:
    """The latest run's progress, which the board polls while a run is under way: the page
    itself (thousands of pairs) is read again only once, when the run is done."""
    program = get_object_or_404(Program, pk=pk)
    latest = program.pairing_runs.first()
    return JsonResponse(
        {
            "in_progress": bool(latest and latest.in_progress),
            "progress": latest.progress if latest else "",
        }
    )


@require_POST
@program_hr_required
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
@program_hr_required
def pair_action(
    request: AuthenticatedRequest, pk: int, pairing_pk: int, action: str
) -> HttpResponse:
    pairing = _pairing(pk, pairing_pk)
    names = _names(pairing)
    try:
        if action == "lock":
            pair_lock(pairing=pairing, by=request.user)
            messages.success(request, f"Locked: {names} stay together in the next run.")
        elif action == "unlock":
            pair_unlock(pairing=pairing, by=request.user)
            messages.success(request, f"Unlocked: the next run may pair {names} differently.")
    except PairingError as error:
        messages.error(request, str(error))
    return redirect("pairing:board", pk=pk)


def _names(pairing: Pairing) -> str:
    return f"{pairing.mentee.user.display_name} and {pairing.mentor.user.display_name}"


@program_hr_required
def block(request: AuthenticatedRequest, pk: int, pairing_pk: int) -> HttpResponse:
    """Never pair these two in this program: the page says what that does, then it is done."""
    pairing = _pairing(pk, pairing_pk)
    if request.method == "POST":
        try:
            pair_block(pairing=pairing, by=request.user)
        except PairingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Blocked: {_names(pairing)} will not be paired.")
        return redirect("pairing:board", pk=pk)
    mentee = pairing.mentee.user.display_name
    context = {
        "heading": f"Block {_names(pairing)}",
        "problems": []
        if pairing.status == Pairing.Status.PROPOSED
        else ["Only a proposed pair can be blocked; end a published one instead."],
        "consequences": [
            "The proposal goes; nobody is told, since proposals are HR's draft.",
            f"{mentee} appears under “Not matched”, with “Find a mentor”.",
            "No later run of this program pairs these two. You can undo the block under "
            "“Blocks and locks” on the board.",
        ],
        "button": "Block the pair",
        "back_url": reverse("pairing:board", args=[pk]),
        "back_label": "Pairing board",
    }
    return render(request, "_confirm.html", context)


@require_POST
@program_hr_required
def rule_undo(request: AuthenticatedRequest, pk: int, rule_pk: int) -> HttpResponse:
    rule = get_object_or_404(
        PairRule.objects.select_related("mentee__user", "mentor__user"), pk=rule_pk, program_id=pk
    )
    pair_rule_undo(rule=rule, by=request.user)
    names = f"{rule.mentee.user.display_name} and {rule.mentor.user.display_name}"
    undone = "unlocked" if rule.kind == PairRule.Kind.LOCK else "unblocked"
    messages.success(request, f"{names} are {undone}: the next run decides about them freely.")
    return redirect("pairing:board", pk=pk)


@require_POST
@program_hr_required
def allow_again(request: AuthenticatedRequest, pk: int, pairing_pk: int) -> HttpResponse:
    pairing = _pairing(pk, pairing_pk)
    try:
        pair_allow_again(pairing=pairing, by=request.user)
    except PairingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{_names(pairing)} may be paired again in this program.")
    return redirect("pairing:board", pk=pk)


@program_hr_required
def mentee_options(request: AuthenticatedRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    mentee = get_object_or_404(
        program.enrolments.approved().select_related("user__profile"),
        pk=enrolment_pk,
        role=Role.MENTEE,
    )
    warning = None
    if request.method == "POST":
        chosen = request.POST.get("mentor", "")
        mentor = get_object_or_404(
            program.enrolments.approved().select_related("user__profile"),
            pk=parse_id(chosen) or 0,
            role=Role.MENTOR,
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
            [said] = breaks.sentences(program, [(mentee, mentor, done.breaks, done.score)])
            if done.pairing:
                although = f", although: {'; '.join(said)}." if said else "."
                messages.success(
                    request,
                    f"{mentee.user.display_name} is paired with {mentor.user.display_name}"
                    + although,
                )
                return redirect("pairing:board", pk=program.pk)
            warning = {"mentor": mentor, "breaks": said}
    current = program.pairings.open().filter(mentee=mentee).select_related("mentor__user").first()
    return render(
        request,
        "pairing/mentee_options.html",
        {
            "program": program,
            "mentee": mentee,
            "current": current,
            "choices": selectors.alternatives(program=program, mentee=mentee),
            "mentor_q": request.GET.get("mentor_q", "")[:100],
            "found": selectors.mentors_named(program, request.GET.get("mentor_q", "")),
            "warning": warning,
            "best": f"{program.max_score:g}",
        },
    )


@program_hr_required
def publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Publishing introduces everyone to their pair: the page says how many, and shows the
    introduction as the first of them will read it."""
    program = get_object_or_404(Program, pk=pk)
    if request.method == "POST":
        try:
            count = pairings_publish(program=program, by=request.user)
        except PairingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"{counted(count, 'pair')} {verb(count, 'is', 'are')} published: everyone is "
                "introduced to their pair by e-mail and the bell.",
            )
        return redirect("pairing:board", pk=program.pk)
    return render(request, "_confirm.html", _publishing(program))


def _publishing(program: Program) -> dict[str, Any]:
    proposals = program.pairings.proposed().select_related(
        "program", "mentee__user__profile", "mentor__user__profile"
    )
    count = proposals.count()
    breaking = proposals.exclude(breaks=[]).count()
    consequences = [
        f"{counted(count, 'proposed pair')} {verb(count, 'becomes', 'become')} published; "
        "the pairs can meet and work in the app.",
        f"{counted(2 * count, 'person', 'people')} {verb(2 * count, 'is', 'are')} introduced "
        "to their pair: the e-mail below and the bell, as each prefers.",
    ]
    if breaking:
        consequences.append(
            f"{counted(breaking, 'pair')} {verb(breaking, 'breaks', 'break')} a rule, as you chose."
        )
    first = proposals.order_by("-score", "pk").first()
    return {
        "heading": f"Publish {counted(count, 'pair')}",
        "problems": [] if count else ["There is no proposed pair to publish."],
        "consequences": consequences,
        "preview": first and introduction_preview(pairing=first, role=Role.MENTEE),
        "preview_note": f"What {first.mentee.user.display_name} receives; everyone gets the "
        "same about their own pair."
        if first
        else "",
        "button": f"Publish {counted(count, 'pair')}",
        "button_class": "btn-success",
        "back_url": reverse("pairing:board", args=[program.pk]),
        "back_label": "Pairing board",
    }
