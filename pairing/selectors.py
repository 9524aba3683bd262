"""Reads of the pairing board: totals, free places, rows, the unmatched and other mentors."""

from typing import Any

from django.db.models import Count, Q, Sum

from programs.models import Enrolment, Program

from . import engine
from .explain import in_words
from .models import Pairing, PairingRun, PairRule
from .problem import build_problem, person_id
from .services import pair_fields


def board_totals(program: Program) -> dict[str, Any]:
    figures = program.pairings.open().aggregate(
        matched=Count("pk"), total_score=Sum("score"), broken=Count("pk", filter=~Q(breaks=[]))
    )
    figures["total_score"] = figures["total_score"] or 0.0
    figures["mentees"] = program.enrolments.approved().mentees().count()
    return figures


def free_capacity(program: Program) -> dict[int, int]:
    """Mentor enrolment id → places still free, counting proposals and published pairs."""
    mentors = (
        program.enrolments.approved()
        .mentors()
        .annotate(
            taken=Count(
                "pairings_as_mentor",
                filter=Q(pairings_as_mentor__status__in=["proposed", "active"]),
            )
        )
    )
    return {m.pk: m.capacity - m.taken for m in mentors}


def board_rows(program: Program, status: str) -> list[Pairing]:
    pairings = (
        program.pairings.filter(status=status)
        .select_related("mentee__user__profile", "mentor__user__profile")
        .annotate(wanted_count=Count("mentee__user__skills_wanted", distinct=True))
        .order_by("-score", "pk")
    )
    locks = set(
        PairRule.objects.filter(program=program, kind=PairRule.Kind.LOCK).values_list(
            "mentee_id", "mentor_id"
        )
    )
    rows: list[Any] = list(pairings)  # pairings with their words and lock added
    for pairing in rows:
        pairing.words = in_words(pairing.reasons, pairing.parts, wanted_count=pairing.wanted_count)
        pairing.is_locked = (pairing.mentee_id, pairing.mentor_id) in locks
    return rows


def unmatched(program: Program, run: PairingRun | None) -> list[dict[str, Any]]:
    """The latest run's unmatched mentees who are still not paired, with the reason."""
    if run is None:
        return []
    paired = set(program.pairings.open().values_list("mentee_id", flat=True))
    ids = [u["enrolment"] for u in run.unmatched if u["enrolment"] not in paired]
    people = Enrolment.objects.select_related("user__profile").in_bulk(ids)
    return [
        {**u, "enrolment": people[u["enrolment"]]}
        for u in run.unmatched
        if u["enrolment"] in people
    ]


def alternatives(*, program: Program, mentee: Enrolment, k: int = 5) -> list[dict[str, Any]]:
    """The k best other allowed mentors for a mentee, with their score and free places."""
    built = build_problem(program)
    current = program.pairings.open().filter(mentee=mentee).values_list("mentor__user", flat=True)
    exclude = [person_id(user_id) for user_id in current]
    pairs = engine.best_alternatives(built.problem, person_id(mentee.user_id), k=k, exclude=exclude)
    free = free_capacity(program)
    wanted_count = next(
        len(p.wants) for p in built.problem.mentees if p.id == person_id(mentee.user_id)
    )
    options = []
    for pair in pairs:
        mentor = built.enrolments[pair.mentor]
        fields = pair_fields(pair)
        words = in_words(fields["reasons"], fields["parts"], wanted_count=wanted_count)
        options.append(
            {"mentor": mentor, "free": free.get(mentor.pk, 0), "score": pair.score, "words": words}
        )
    return options
