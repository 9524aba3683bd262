"""Reads of concerns. HR's reads start from `Concern` and never touch `ConcernAuthorship`;
the author's reads start from `ConcernAuthorship.objects.by(author)`."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce

from accounts.models import User
from pairing.models import Pairing
from programs.models import Program

from .models import Concern, ConcernAuthorship, ConcernNote

SMALL_PROGRAM_PAIRS = 5  # below this, even an anonymous concern narrows down to a few people

HR_RELATED = ("program", "raised_by", "pairing__mentee__user", "pairing__mentor__user")
HR_LIST_RELATED = ("program", "raised_by")  # the list names the person, not the pair


def hr_concerns() -> QuerySet[Concern]:
    """HR's list: new ones first, then acknowledged, then resolved, the newest first in each;
    named concerns with their person. The notes are counted in a subquery, so that the list
    is not grouped over every column it shows."""
    notes = (
        ConcernNote.objects.filter(concern=OuterRef("pk"))
        .values("concern")
        .annotate(n=Count("pk"))
        .values("n")
    )
    waiting_first = Case(
        When(status=Concern.Status.NEW, then=0),
        When(status=Concern.Status.ACKNOWLEDGED, then=1),
        default=2,
    )
    return (
        Concern.objects.select_related(*HR_LIST_RELATED)
        .annotate(note_count=Coalesce(Subquery(notes), 0))
        .order_by(waiting_first, "-raised_on", "-pk")
    )


@dataclass(frozen=True)
class Waiting:
    open: int  # not resolved
    new: int  # not acknowledged either


def concerns_waiting(*, before: datetime.date) -> Waiting:
    """Concerns raised before `before` that wait for HR: one query."""
    counts = (
        Concern.objects.open()
        .filter(raised_on__lt=before)
        .aggregate(open=Count("pk"), new=Count("pk", filter=Q(status=Concern.Status.NEW)))
    )
    return Waiting(open=counts["open"], new=counts["new"])


def program_counts(program: Program) -> dict[str, dict[str, int]]:
    """Concerns raised in a program, per category: how many, and how many resolved. One query,
    counts only: the outcomes page shows them under its minimum-group rule."""
    rows = (
        Concern.objects.filter(program=program)
        .values("category")
        .annotate(n=Count("pk"), resolved=Count("pk", filter=Q(status=Concern.Status.RESOLVED)))
        .order_by()
    )
    return {row["category"]: {"n": row["n"], "resolved": row["resolved"]} for row in rows}


def my_concerns(author: User) -> QuerySet[ConcernAuthorship]:
    return (
        ConcernAuthorship.objects.by(author)
        .select_related(
            "concern__program", "pairing__mentee__user", "pairing__mentor__user", "pairing__program"
        )
        .order_by("-concern__raised_on", "-concern_id")
    )


def is_small(program: Program) -> bool:
    return program.pairings.filter(status__in=Pairing.VISIBLE).count() < SMALL_PROGRAM_PAIRS
