"""Reads of the pairing board: totals, free places, rows, the unmatched and other mentors."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from accounts.models import SkillWanted
from mentoring.paging import page_of, paginator
from programs.models import Enrolment, Phase, Program

from . import breaks, engine, explain
from .explain import in_words
from .models import Pairing, PairingRun, PairRule
from .problem import build_problem, person_id
from .services import pair_fields


def with_people(pairings: "list[Pairing]") -> "list[Pairing]":
    """The pairings with their two people and the people's profiles, read in one query of
    their own for all of them. Joined to the pairings in one read, they cost PostgreSQL more
    than the two reads: on the board it merged the page's fifty pairs with every enrolment
    (4.5 ms against 0.7 + 2.8), and on a meeting's page it planned a join of nine tables
    (1.6 ms idle, 6 ms under load, against 0.7 ms). A pairing whose people are gone since
    it was read (its program deleted meanwhile) is left out, as a join would have."""
    ids = {pk for p in pairings for pk in (p.mentee_id, p.mentor_id)}
    people = Enrolment.objects.select_related("user__profile").in_bulk(ids) if ids else {}
    found = [p for p in pairings if p.mentee_id in people and p.mentor_id in people]
    for pairing in found:
        pairing.mentee, pairing.mentor = people[pairing.mentee_id], people[pairing.mentor_id]
    return found


def board_totals(program: Program) -> dict[str, Any]:
    """The whole program's figures, whatever the filters and the page show."""
    figures = program.pairings.open().aggregate(
        matched=Count("pk"),
        total_score=Sum("score"),
        broken=Count("pk", filter=~Q(breaks=[])),
        proposed=Count("pk", filter=Q(status=Pairing.Status.PROPOSED)),
        published=Count("pk", filter=Q(status=Pairing.Status.ACTIVE)),
    )
    figures["total_score"] = figures["total_score"] or 0.0
    figures |= (
        program.enrolments.approved()
        .mentees()
        .aggregate(mentees=Count("pk"), unmatched=Count("pk", filter=_unpaired()))
    )
    return figures


def _unpaired() -> Q:
    """An enrolment with neither a proposal nor a published pair."""
    return ~Q(Exists(Pairing.objects.open().filter(mentee=OuterRef("pk"))))


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


BOARD_PAGE = 50


def board_pairs(program: Program) -> QuerySet[Pairing]:
    """The program's proposed and published pairs. The people a row shows and how many skills
    each executive wants are read for a page's rows alone (`board_page`): as an annotation
    the count joined every pair to its enrolment to count and sort the page's ids, and joined
    to the page's fifty pairs the people made PostgreSQL merge them with every enrolment."""
    return program.pairings.open()


def board_page(
    program: Program, pairings: QuerySet[Pairing], number: str | None, count: int | None = None
) -> Page[Any]:
    """One page of the board's pairs with their words, lock and broken rules: a fixed number
    of queries whatever the size of the program (`count`: how many pairs, when known)."""
    page = page_of(pairings, number, BOARD_PAGE, count)
    rows: list[Any] = with_people(list(page.object_list))  # their words and lock added below
    locks = set(
        PairRule.objects.filter(
            program=program, kind=PairRule.Kind.LOCK, mentee__in=[p.mentee_id for p in rows]
        ).values_list("mentee_id", "mentor_id")
    )
    wanted = dict(
        SkillWanted.objects.filter(user__in={p.mentee.user_id for p in rows})
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values_list("user", "n")
    )
    said = breaks.sentences(program, [(p.mentee, p.mentor, p.breaks, p.score) for p in rows])
    for pairing, broken in zip(rows, said, strict=True):
        wanted_count = wanted.get(pairing.mentee.user_id, 0)
        pairing.words = in_words(pairing.reasons, pairing.parts, wanted_count=wanted_count)
        pairing.is_locked = (pairing.mentee_id, pairing.mentor_id) in locks
        pairing.break_words = broken
    return Page(rows, page.number, page.paginator)


UNMATCHED_PAGE = 50
RULES_SHOWN = 50


@dataclass
class NotMatched:
    enrolment: Enrolment
    reason: str


def not_matched(
    program: Program, run: PairingRun | None, page: str | None = None, count: int | None = None
) -> "Page[NotMatched]":
    """Every approved mentee with neither a proposal nor a published pair, with why in words:
    nobody drops off the board, whatever HR blocked or ended since the last run. A page of
    them in a fixed number of queries; `count`, how many there are, when the board's totals
    have it (`unmatched`)."""
    mentees = (
        program.enrolments.approved()
        .mentees()
        .filter(_unpaired())
        .select_related("user__profile")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    shown = paginator(mentees, UNMATCHED_PAGE, count).get_page(page)
    rows = list(shown.object_list)
    known = breaks.facts(program, [e.pk for e in rows], None)
    done = run is not None and run.status == PairingRun.Status.DONE
    entries = {u["enrolment"]: u for u in run.unmatched} if run is not None and done else {}
    reasons = [
        NotMatched(e, _why(program, e, run if done else None, entries.get(e.pk), known))
        for e in rows
    ]
    # The page keeps its numbers (count, pages); its items become the mentees with a reason.
    return Page(reasons, shown.number, shown.paginator)


def _why(
    program: Program,
    mentee: Enrolment,
    run: PairingRun | None,
    entry: dict[str, Any] | None,
    known: breaks.Facts,
) -> str:
    """The latest thing that left the mentee without a pair: the last run, an ended pairing,
    or HR's block of their proposal."""
    who = breaks.name(mentee)
    events: list[tuple[datetime.datetime, str]] = []
    if run is not None and run.finished_at and entry is not None:
        events.append((run.finished_at, _run_reason(program, mentee, entry, known)))
    for (mentee_id, _), ended in known.ended.items():
        if mentee_id == mentee.pk and ended.ended_at:
            because = f": {ended.end_reason.strip().rstrip('.')}" if ended.end_reason else ""
            events.append(
                (
                    ended.ended_at,
                    f"{who}'s pairing with {breaks.name(ended.mentor)} ended on "
                    f"{ended.ended_at:%-d %B}{because}. Find a mentor, or pair late joiners.",
                )
            )
    blocks = [(at, key) for key, at in known.blocked_on.items() if key[0] == mentee.pk]
    if blocks:
        at, key = max(blocks)
        events.append(
            (
                at,
                f"HR blocked {known.blocked_name[key]} as {who}'s mentor on {at:%-d %B}; "
                "no other mentor is proposed yet.",
            )
        )
    if events:
        return max(events, key=lambda event: event[0])[1]
    if run is None:
        return "The pairing has not run since this mentee was approved."
    return f"{who} was approved after the last run: run it again, or find a mentor."


def _run_reason(
    program: Program, mentee: Enrolment, entry: dict[str, Any], known: breaks.Facts
) -> str:
    allowed = entry.get("allowed")
    if allowed is None and (entry["reason"].startswith("all ") or not entry["excluded"]):
        return explain.capitalised(entry["reason"])  # a run from before the counts were kept
    return explain.not_matched(
        breaks.name(mentee),
        allowed=allowed,
        excluded=entry["excluded"],
        minimum=program.min_score,
        blocks=breaks.kept_apart(known, mentee),
    )


@dataclass
class Rules:
    """HR's locks and blocks, and the ended pairings that keep two people apart."""

    locks: list[PairRule]
    blocks: list[PairRule]
    ended: list[Pairing]
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def pair_rules(program: Program) -> Rules:
    """The latest of each (RULES_SHOWN at most), with the totals: two counts, then a list for
    each kind the program has. Most programs have few rules or none, and the three lists of
    six tables cost the board 7 ms a view even when all of them were empty."""
    kinds = {PairRule.Kind.LOCK: "locks", PairRule.Kind.BLOCK: "blocks"}
    counts = {"locks": 0, "blocks": 0, "ended": program.pairings.kept_apart().count()}
    rules = PairRule.objects.filter(program=program)
    for kind, number in rules.order_by().values_list("kind").annotate(n=Count("pk")):
        counts[kinds[kind]] = number
    latest = rules.select_related("mentee__user", "mentor__user", "created_by").order_by(
        "-created_at", "-pk"
    )
    lists = {
        "locks": latest.filter(kind=PairRule.Kind.LOCK),
        "blocks": latest.filter(kind=PairRule.Kind.BLOCK),
        "ended": program.pairings.kept_apart()
        .select_related("mentee__user", "mentor__user", "ended_by")
        .order_by("-ended_at", "-pk"),
    }
    shown: dict[str, list[Any]] = {
        kind: list(rows[:RULES_SHOWN]) if counts[kind] else [] for kind, rows in lists.items()
    }
    return Rules(locks=shown["locks"], blocks=shown["blocks"], ended=shown["ended"], counts=counts)


@dataclass
class Choices:
    """Mentors for one mentee: the best allowed ones, and the best the rules rule out."""

    allowed: list[dict[str, Any]]
    not_allowed: list[dict[str, Any]]


def alternatives(*, program: Program, mentee: Enrolment, k: int = 5) -> Choices:
    """The k best other allowed mentors for a mentee, with their score and free places, and
    the k best-scoring mentors the rules do not allow, with why in words."""
    built = build_problem(program, mentee=mentee)
    me = person_id(mentee.user_id)
    person = next((p for p in built.problem.mentees if p.id == me), None)
    if person is None:  # the profile gives no level: the engine cannot score them
        return Choices(allowed=[], not_allowed=[])
    current = program.pairings.open().filter(mentee=mentee).values_list("mentor__user", flat=True)
    exclude = [person_id(user_id) for user_id in current]
    allowed, ruled_out = engine.best_for_mentee(built.problem, me, k=k, exclude=exclude)
    shown = [p.mentor for p in allowed + ruled_out]
    people = (
        program.enrolments.select_related("user__profile")
        .annotate(
            taken=Count(
                "pairings_as_mentor",
                filter=Q(pairings_as_mentor__status__in=["proposed", "active"]),
            )
        )
        .in_bulk([built.enrolments[m].pk for m in shown])
    )
    mentors = {m: people[built.enrolments[m].pk] for m in shown}

    def option(pair: engine.Pair) -> dict[str, Any]:
        mentor = mentors[pair.mentor]
        fields = pair_fields(pair)
        words = in_words(fields["reasons"], fields["parts"], wanted_count=len(person.wants))
        return {
            "mentor": mentor,
            "free": mentor.capacity - mentor.taken,
            "score": pair.score,
            "words": words,
        }

    said = breaks.sentences(
        program, [(mentee, mentors[p.mentor], p.breaks, p.score) for p in ruled_out]
    )
    return Choices(
        allowed=[option(pair) for pair in allowed],
        not_allowed=[
            {**option(pair), "why": why} for pair, why in zip(ruled_out, said, strict=True)
        ],
    )


MENTORS_FOUND = 20


def mentors_named(program: Program, text: str) -> list[Enrolment]:
    """Approved mentors whose name or e-mail contains `text` (HR pairing by hand): a search,
    not a list of thousands."""
    text = text.strip()[:100]
    if not text:
        return []
    matches = (
        Q(user__first_name__icontains=text)
        | Q(user__last_name__icontains=text)
        | Q(user__email__icontains=text)
    )
    mentors = program.enrolments.approved().mentors().filter(matches)
    return list(
        mentors.select_related("user__profile").order_by("user__last_name", "pk")[:MENTORS_FOUND]
    )


def published_pairs(program: Program) -> QuerySet[Pairing]:
    """The pairs the two people see (published, and ended ones), with their people: no drafts."""
    return (
        program.pairings.filter(status__in=Pairing.VISIBLE)
        .select_related("mentee__user", "mentor__user")
        .order_by("published_at", "pk")
    )


def proposal_counts(programs: list[Program]) -> dict[int, int]:
    """Proposed pairs waiting to be published, per program: one query."""
    rows = (
        Pairing.objects.proposed()
        .filter(program__in=programs)
        .values("program")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["program"]: row["n"] for row in rows}


def unmatched_counts(programs: list[Program]) -> dict[int, int]:
    """Approved mentees with neither a proposal nor a published pair, per program: one query."""
    rows = (
        Enrolment.objects.approved()
        .mentees()
        .filter(program__in=programs)
        .filter(_unpaired())
        .values("program")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["program"]: row["n"] for row in rows}


def paired_counts(programs: list[Program]) -> dict[int, int]:
    """Mentees with a published pair, per program; for a closed program, those who had one
    (closing ends every pairing). One query."""
    rows = (
        Pairing.objects.filter(program__in=programs, status__in=Pairing.VISIBLE)
        .filter(Q(status=Pairing.Status.ACTIVE) | Q(program__phase=Phase.CLOSED))
        .values("program")
        .annotate(n=Count("mentee", distinct=True))
        .order_by()
    )
    return {row["program"]: row["n"] for row in rows}
