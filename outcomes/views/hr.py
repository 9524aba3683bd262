"""HR's outcome pages: the sponsor's report with its CSV files, the survey questions, and the
pairs whose early fit was poor. Aggregates only (outcomes.selectors), never one answer."""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import AuthenticatedRequest, program_hr_required
from mentoring.spreadsheets import SafeWriter
from pairing.services import PairingError, pairing_end
from programs.models import Program

from .. import charts, selectors
from ..forms import QuestionFormSet
from ..models import Moment
from ..services import survey_for, survey_has_answers

REPAIR_REASON = "re-pair after a poor early fit"


def _program(pk: int) -> Program:
    return get_object_or_404(Program, pk=pk)


def _percent(share: float | None) -> str:
    return "" if share is None else f"{100 * share:.0f}"


def _number(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _charts(report: dict[str, Any]) -> dict[str, charts.Chart | None]:
    meetings = charts.stacked_columns(
        "Meetings per fortnight",
        [(f"{f.starts:%-d %b}", [f.held, f.missed, f.cancelled]) for f in report["fortnights"]],
        [("held", "held"), ("missed", "missed"), ("cancelled", "cancelled")],
    )
    growth: dict[str, list[tuple[str, float, float]]] = {
        role: [(r.skill, r.start, r.now) for r in report["growth"] if r.role == role and r.shown]
        for role in selectors.ROLES
    }
    scale_series = [(f"s{n}", str(n)) for n in range(1, 6)]
    answers = [q for q in report["survey"] + report["fit"] if q.kind == "scale" and q.shown]
    shown_retention = [r for r in report["retention"] if r.shown]
    return {
        "meetings": meetings if report["fortnights"] else None,
        "growth_mentee": charts.dumbbells("Executives' digital skills", growth["mentee"])
        if growth["mentee"]
        else None,
        "growth_mentor": charts.dumbbells("Juniors' skills learnt back", growth["mentor"])
        if growth["mentor"]
        else None,
        "answers": charts.share_rows(
            "Answers from 1 to 5",
            [(f"{q.moment.capitalize()}: {q.text}", q.counts) for q in answers],
            scale_series,
        )
        if answers
        else None,
        "retention": charts.percent_bars(
            "Still employed",
            [
                row
                for r in shown_retention
                for row in (
                    (f"Junior mentors, {r.months} months", r.mentors_rate or 0, "mentors"),
                    (f"Comparison group, {r.months} months", r.comparison_rate or 0, "others"),
                )
            ],
        )
        if shown_retention
        else None,
    }


@require_GET
@program_hr_required
def outcomes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program = _program(pk)
    report = selectors.report(program)
    context = {
        "program": program,
        **report,
        "growth_shown": [r for r in report["growth"] if r.shown],
        "growth_hidden": [r for r in report["growth"] if not r.shown],
        "charts": _charts(report),
        "min_answers": selectors.MIN_ANSWERS,
        "poor_fit": selectors.poor_fit(program).count(),
    }
    return render(request, "outcomes/hr/outcomes.html", context)


# CSV files: one per table of the page ---------------------------------------------------------

Rows = Callable[[Program], Iterable[list[object]]]


def _meetings_csv(program: Program) -> Iterable[list[object]]:
    yield ["fortnight_starting", "held", "missed", "cancelled"]
    for f in selectors.meetings_by_fortnight(program):
        yield [f.starts.isoformat(), f.held, f.missed, f.cancelled]


def _cadence_csv(program: Program) -> Iterable[list[object]]:
    c = selectors.cadence(program)
    yield ["pairs", "meetings_expected", "held_within_rhythm", "adherence_percent", "on_rhythm"]
    yield [c.pairs, c.expected, c.held, _percent(c.adherence), c.on_rhythm]


def _goals_csv(program: Program) -> Iterable[list[object]]:
    yield ["direction", "goals", "achieved", "achieved_percent", "average_progress_percent"]
    for g in selectors.goals(program):
        yield [g.direction, g.total, g.achieved, _percent(g.achieved_share), _number(g.progress, 0)]


def _growth_csv(program: Program) -> Iterable[list[object]]:
    yield ["who_learns", "skill", "answered", "average_start", "average_now", "change",
           "improved_percent"]  # fmt: skip
    for r in selectors.skill_growth(program):
        answered = r.answered if r.shown else f"fewer than {selectors.MIN_ANSWERS}"
        yield [r.role, r.skill, answered, _number(r.start), _number(r.now), _number(r.change),
               _percent(r.improved)]  # fmt: skip


def _survey_csv(program: Program) -> Iterable[list[object]]:
    yield ["survey", "question", "asked_of", "answered", "average", "answers_1", "answers_2",
           "answers_3", "answers_4", "answers_5", "favourable_percent"]  # fmt: skip
    for q in selectors.survey_results(program, texts=None) + selectors.fit_results(program):
        if not q.shown:
            yield [q.moment, q.text, q.audience, f"fewer than {selectors.MIN_ANSWERS}"]
        elif q.kind == "text":
            yield [q.moment, q.text, q.audience, q.answered]
            for text in q.texts:
                yield [q.moment, q.text, q.audience, "", text]
        else:
            yield [q.moment, q.text, q.audience, q.answered, _number(q.average), *q.counts,
                   _percent(q.favourable)]  # fmt: skip


def _retention_csv(program: Program) -> Iterable[list[object]]:
    yield ["months_after_start", "on", "junior_mentors", "comparison_group",
           "mentors_retained_percent", "comparison_retained_percent"]  # fmt: skip
    for r in selectors.retention(program):
        figures = [_percent(r.mentors_rate), _percent(r.comparison_rate)] if r.shown else []
        yield [r.months, r.on.isoformat(), r.mentors, r.comparison, *figures]


def _concerns_csv(program: Program) -> Iterable[list[object]]:
    c = selectors.concerns(program)
    too_few = f"fewer than {selectors.MIN_ANSWERS}"
    yield ["category", "concerns", "resolved"]
    if not c.shown:
        yield ["all", too_few]
        return
    yield ["all", c.total, c.resolved]
    for label, count in c.by_category:
        yield [label, too_few if count is None else count]


TABLES: dict[str, Rows] = {
    "meetings": _meetings_csv,
    "cadence": _cadence_csv,
    "goals": _goals_csv,
    "growth": _growth_csv,
    "surveys": _survey_csv,
    "retention": _retention_csv,
    "concerns": _concerns_csv,
}


@require_GET
@program_hr_required
def outcomes_csv(request: AuthenticatedRequest, pk: int, table: str) -> HttpResponse:
    program = _program(pk)
    if table not in TABLES:
        raise Http404("No such table")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="program-{program.pk}-{table}.csv"'
    SafeWriter(response).writerows(TABLES[table](program))
    return response


# Survey questions -----------------------------------------------------------------------------


@program_hr_required
def survey_edit(request: AuthenticatedRequest, pk: int, moment: str) -> HttpResponse:
    program = _program(pk)
    if moment not in (Moment.MIDPOINT, Moment.END):
        raise Http404("No such survey")
    survey = survey_for(program=program, moment=moment)
    locked = survey_has_answers(survey)
    formset = QuestionFormSet(
        request.POST if request.method == "POST" else None, queryset=survey.questions.all()
    )
    if request.method == "POST" and locked:
        messages.error(request, "People have answered already: the questions stay as they were.")
    elif request.method == "POST" and formset.is_valid():
        for question in formset.save(commit=False):
            question.survey = survey
            question.save()
        for question in formset.deleted_objects:
            question.delete()
        messages.success(request, "The questions are saved.")
        return redirect("outcomes:survey_edit", pk=program.pk, moment=moment)
    context = {"program": program, "survey": survey, "formset": formset, "locked": locked}
    return render(request, "outcomes/hr/survey_edit.html", context)


# Poor early fit: HR's re-pair list ------------------------------------------------------------


@require_GET
@program_hr_required
def fit_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    program = _program(pk)
    pairings = list(selectors.poor_fit(program)[:200])
    return render(request, "outcomes/hr/fit_list.html", {"program": program, "pairings": pairings})


@require_POST
@program_hr_required
def repair(request: AuthenticatedRequest, pk: int, pairing_pk: int) -> HttpResponse:
    program = _program(pk)
    pairing = get_object_or_404(program.pairings.all(), pk=pairing_pk)
    try:
        pairing_end(pairing=pairing, reason=REPAIR_REASON, by=request.user)
    except PairingError as error:
        messages.error(request, str(error))
        return redirect("outcomes:fit_list", pk=program.pk)
    messages.success(
        request, "The pair is ended. Pair the executive again: run the pairing for late joiners "
        "or choose a mentor by hand.",
    )  # fmt: skip
    return redirect("pairing:board", pk=program.pk)
