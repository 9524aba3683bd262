"""Reads of concerns. HR's reads start from `Concern` and never touch `ConcernAuthorship`;
the author's reads start from `ConcernAuthorship.objects.by(author)`."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from pairing.models import Pairing
from programs.models import Program

from .models import Concern, ConcernAuthorship

SMALL_PROGRAM_PAIRS = 5  # below this, even an anonymous concern narrows down to a few people

HR_RELATED = ("program", "raised_by", "pairing__mentee__user", "pairing__mentor__user")


def hr_concerns() -> QuerySet[Concern]:
    """HR's list: open ones first, then the newest; named concerns with their person."""
    return (
        Concern.objects.select_related(*HR_RELATED)
        .annotate(note_count=Count("notes"))
        .order_by("status", "-raised_on", "-pk")
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
