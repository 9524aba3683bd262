"""A program's outcomes, for HR: the figures of the outcomes page from outcomes.selectors,
with its rule that a figure from answers shows only for a group of at least MIN_ANSWERS
people. Written answers are left out: they are words, not figures."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from outcomes import selectors
from outcomes.selectors import QuestionResult, Retention, SkillGrowth
from programs.models import Program

from ..schema import answers
from ..serializers import OutcomesSerializer
from .base import HR_ONLY


def _unless_hidden(shown: bool, **figures: Any) -> dict[str, Any]:
    """The figures, or nulls where the page says "too few answers to show"."""
    return {"shown": shown, **(figures if shown else dict.fromkeys(figures))}


def _growth(row: SkillGrowth) -> dict[str, Any]:
    return {
        "role": row.role,
        "skill": row.skill,
        **_unless_hidden(
            row.shown,
            answered=row.answered,
            start=row.start,
            now=row.now,
            change=row.change,
            improved=row.improved,
        ),
    }


def _question(result: QuestionResult) -> dict[str, Any]:
    scale = result.kind == "scale"
    return {
        "moment": result.moment,
        "question": result.text,
        "kind": result.kind,
        "audience": result.audience,
        "low_label": result.low_label,
        "high_label": result.high_label,
        **_unless_hidden(
            result.shown,
            answered=result.answered,
            counts=result.counts if scale else None,
            average=result.average,
            favourable=result.favourable,
        ),
    }


def _retention(row: Retention) -> dict[str, Any]:
    figures = {"mentors_rate": row.mentors_rate, "comparison_rate": row.comparison_rate}
    return {
        "months": row.months,
        "on": row.on,
        "due": row.due,
        "mentors": row.mentors,
        "comparison": row.comparison,
        "unmatched": row.unmatched,
        **_unless_hidden(row.shown, **figures),
    }


def outcomes_figures(program: Program) -> dict[str, Any]:
    """The page's own report (kept a few minutes), written as the API's figures."""
    report = selectors.report(program)
    cadence = report["cadence"]
    return {
        "program": program,
        "min_answers": selectors.MIN_ANSWERS,
        "cadence": {**vars(cadence), "adherence": cadence.adherence},
        "goals": [{**vars(g), "achieved_share": g.achieved_share} for g in report["goals"]],
        "meetings_by_fortnight": report["fortnights"],
        "skill_growth": [_growth(row) for row in report["growth"]],
        "check_in_responses": [{**vars(r), "rate": r.rate} for r in report["responses"]],
        "survey": [_question(q) for q in report["survey"]],
        "fit": [_question(q) for q in report["fit"]],
        "retention": [_retention(row) for row in report["retention"]],
    }


class ProgramOutcomes(GenericAPIView):
    permission_classes = HR_ONLY
    serializer_class = OutcomesSerializer

    @extend_schema(
        tags=["Programs"],
        summary="A program's outcomes",
        description=(
            "The figures of HR's outcomes page, as the page shows them (read at most five "
            "minutes ago): meetings, rhythm, goals, skill growth both "
            "ways, surveys, the early fit check and retention. A figure from answers is null "
            "(with `shown` false) unless at least `min_answers` people gave it."
        ),
        responses=answers({200: OutcomesSerializer}),
    )
    def get(self, request: Request, pk: int) -> Response:
        program = get_object_or_404(Program, pk=pk)
        return Response(OutcomesSerializer(outcomes_figures(program)).data)
