"""From the database to the engine's problem: the program's people, org chart and rules."""

import datetime
import functools
import hashlib
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from accounts.models import Profile, SkillOffered, SkillWanted
from mentoring.cache import kept
from programs.models import Enrolment, Program, Role

from . import engine
from .models import Pairing, PairRule


def person_id(user_id: int) -> str:
    return f"u{user_id}"


@functools.lru_cache(maxsize=512)
def utc_offset(zone: str, at: datetime.datetime) -> float:
    """Hours east of UTC for an IANA zone at a moment (daylight saving included). A
    problem's thousands of people share a few zones and one moment: each pair is worked out
    once."""
    try:
        offset = at.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0.0
    return offset.total_seconds() / 3600 if offset else 0.0


@dataclass(frozen=True)
class Enrolled:
    """An enrolment as the problem knows it; pages that show the person load them."""

    pk: int
    user_id: int
    role: str


@dataclass
class BuiltProblem:
    problem: engine.Problem
    enrolments: dict[str, Enrolled]  # engine id → enrolment
    skipped: dict[int, str]  # enrolment id → why it could not take part


Skills = dict[int, dict[str, int]]  # user id → {skill name: proficiency or priority}
PairIds = list[tuple[str, str]]  # (mentee id, mentor id) in the engine's ids


def _skills(user_ids: QuerySet[Any]) -> tuple[Skills, Skills]:
    """Skills of the people `user_ids` selects (a subquery: no list of thousands of ids)."""
    offers: Skills = {}
    wants: Skills = {}
    # No order: the models' default one joins the skill categories and sorts 15,000 rows.
    for user_id, name, proficiency in (
        SkillOffered.objects.filter(user_id__in=user_ids, skill__retired=False)
        .order_by()
        .values_list("user_id", "skill__name", "proficiency")
    ):
        offers.setdefault(user_id, {})[name] = proficiency
    for user_id, name, priority in (
        SkillWanted.objects.filter(user_id__in=user_ids, skill__retired=False)
        .order_by()
        .values_list("user_id", "skill__name", "priority")
    ):
        wants.setdefault(user_id, {})[name] = priority
    return offers, wants


# What the engine needs of an enrolled person, read as plain values: building thousands of
# model instances (enrolment, user, profile) cost seconds at a company's scale.
ENROLLED_VALUES = (
    "pk", "user_id", "role", "capacity", "user__profile__level", "user__profile__department",
    "user__profile__manager_id", "user__profile__timezone",
)  # fmt: skip


def _person(
    row: tuple[Any, ...], offers: Skills, wants: Skills, now: datetime.datetime
) -> engine.Person | None:
    """The engine's view of one enrolled person; None when their level is unknown."""
    _, user_id, _, capacity, level, department, manager_id, zone = row
    if level is None:
        return None
    return engine.Person(
        id=person_id(user_id),
        level=level,
        department=department or "(none)",
        manager=person_id(manager_id) if manager_id else None,
        utc_offset=utc_offset(zone or "UTC", now),
        offers=offers.get(user_id, {}),
        wants=wants.get(user_id, {}),
        capacity=capacity,
    )


def _managers() -> dict[int, int | None]:
    return dict(Profile.objects.values_list("user_id", "manager_id"))


def _org_chart(enrolled: set[int], manager_of: dict[int, int | None]) -> list[engine.Person]:
    """The managers up the enrolled people's reporting lines who did not enrol: such a manager
    still rules a pair out. People on no enrolled person's line cannot, and are left out (at a
    company of 10,000 they were most of the engine's input)."""
    on_a_line: set[int] = set()
    for user_id in enrolled:
        manager = manager_of.get(user_id)
        while manager is not None and manager not in on_a_line and manager not in enrolled:
            on_a_line.add(manager)
            manager = manager_of.get(manager)
    return [
        engine.Person(
            id=person_id(user_id),
            manager=person_id(boss) if (boss := manager_of.get(user_id)) else None,
        )
        for user_id in sorted(on_a_line)
    ]


def _pair_lists(
    program: Program,
    mentees: set[str],
    mentors: set[str],
    *,
    keep_active: bool,
    one_mentee: Enrolment | None = None,
) -> tuple[PairIds, PairIds, PairIds]:
    """The locked, blocked and earlier pairs among these mentees and mentors.

    Blocked: HR's blocks and the pairs of this program whose pairing ended. For `one_mentee`,
    only theirs are read.
    """

    def known(pairs: Iterable[tuple[int, int]]) -> PairIds:
        ids = ((person_id(a), person_id(b)) for a, b in pairs)
        return sorted({(a, b) for a, b in ids if a in mentees and b in mentors})

    def users(pairings: QuerySet[Pairing] | QuerySet[PairRule]) -> list[tuple[int, int]]:
        if one_mentee is not None:
            pairings = pairings.filter(mentee__user=one_mentee.user_id)
        return list(pairings.values_list("mentee__user", "mentor__user"))

    rules = PairRule.objects.filter(program=program)
    locked = known(users(rules.filter(kind=PairRule.Kind.LOCK)))
    if keep_active:
        locked = sorted(set(locked) | set(known(users(program.pairings.active()))))
    # HR's blocks, and the pairs whose pairing in this program ended: ending is a decision
    # that a rerun must not undo (HR can allow a pair again on the board).
    blocked = known(
        users(rules.filter(kind=PairRule.Kind.BLOCK)) + users(program.pairings.kept_apart())
    )
    previous: PairIds = []
    if not program.allow_repeat_pairs:
        earlier = Pairing.objects.exclude(program=program).filter(status__in=Pairing.VISIBLE)
        previous = known(users(earlier))
    return locked, blocked, previous


@dataclass
class _People:
    """Enrolled people as the engine sees them, with their enrolments and who was left out."""

    by_id: dict[str, Enrolled] = field(default_factory=dict)
    mentees: list[engine.Person] = field(default_factory=list)
    mentors: list[engine.Person] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)

    def add(self, other: "_People") -> None:
        self.by_id.update(other.by_id)
        self.mentees += other.mentees
        self.mentors += other.mentors
        self.skipped.update(other.skipped)


def _people_of(enrolments: QuerySet[Enrolment], now: datetime.datetime) -> _People:
    rows = list(enrolments.order_by("pk").values_list(*ENROLLED_VALUES))
    offers, wants = _skills(enrolments.values("user_id"))
    people = _People()
    for row in rows:
        pk, user_id, role = row[:3]
        person = _person(row, offers, wants, now)
        if person is None:
            people.skipped[pk] = "The profile does not say the person's level."
            continue
        people.by_id[person.id] = Enrolled(pk=pk, user_id=user_id, role=role)
        (people.mentees if role == Role.MENTEE else people.mentors).append(person)
    return people


MENTORS_KEPT_SECONDS = 60


def _shape_of_kept() -> str:
    """The shape of what `_every_mentor` keeps (as `kept` stores it, with when it was read),
    for its key: after a deploy that changes it, the new code never unpickles an entry the
    old code wrote (it would lack the new fields)."""
    classes = (engine.Person, Enrolled, _People)
    names = "(read at, kept) " + repr([(c.__name__, [f.name for f in fields(c)]) for c in classes])
    return hashlib.sha256(names.encode()).hexdigest()[:12]


_KEPT_SHAPE = _shape_of_kept()


def _every_mentor(program: Program, now: datetime.datetime) -> tuple[_People, dict[int, Any]]:
    """The program's approved mentors and the company's reporting lines, kept a minute: HR
    looks at other mentors for one mentee after another, and reading 3,000 mentors with their
    skills and 10,000 managers took 70 ms each time. A mentor approved, withdrawn or edited
    by HR changes the key at once; a profile or skill edited by the person shows within a
    minute (the pair HR then chooses is scored afresh)."""
    mentors = program.enrolments.approved().mentors()
    seen = mentors.aggregate(count=Count("pk"), changed=Max("updated_at"))
    changed = seen["changed"].timestamp() if seen["changed"] else 0
    key = (
        f"pairing:mentors:{_KEPT_SHAPE}:{program.pk}:{program.updated_at.timestamp()}"
        f":{seen['count']}:{changed}"
    )
    every_mentor, _ = kept(
        key, MENTORS_KEPT_SECONDS, lambda: (_people_of(mentors, now), _managers())
    )
    return every_mentor


def build_problem(
    program: Program,
    *,
    keep_active: bool = False,
    now: datetime.datetime | None = None,
    mentee: Enrolment | None = None,
    mentor: Enrolment | None = None,
) -> BuiltProblem:
    """The engine's input for `program`, from its approved enrolments.

    The whole org chart goes in (managers who did not enrol still count), and so do the
    pairs of earlier programs unless the program allows repeats. With `keep_active`,
    published pairings are locked as they are. With `mentee` (or `mentor`), that person is
    the only mentee (mentor): enough to score one mentee against every mentor, or one pair,
    without reading the whole program (each pair's score depends on its two people only).
    One mentee against every mentor reads the mentors kept for a minute (`_every_mentor`).
    """
    now = now or datetime.datetime.now(datetime.UTC)
    approved = program.enrolments.approved()
    if mentee is not None and mentor is None:
        people = _people_of(approved.filter(pk=mentee.pk, role=Role.MENTEE), now)
        every_mentor, manager_of = _every_mentor(program, now)
        people.add(every_mentor)
    else:
        if mentee is not None:
            approved = approved.exclude(Q(role=Role.MENTEE) & ~Q(pk=mentee.pk))
        if mentor is not None:
            approved = approved.exclude(Q(role=Role.MENTOR) & ~Q(pk=mentor.pk))
        people = _people_of(approved, now)
        manager_of = _managers()
    by_id, mentees, mentors, skipped = people.by_id, people.mentees, people.mentors, people.skipped
    locked, blocked, previous = _pair_lists(
        program,
        {p.id for p in mentees},
        {p.id for p in mentors},
        keep_active=keep_active,
        one_mentee=mentee,
    )
    problem = engine.Problem(
        mentees=mentees,
        mentors=mentors,
        people=_org_chart({e.user_id for e in by_id.values()}, manager_of),
        settings=engine.Settings(
            min_level_gap=program.min_level_gap,
            min_score=program.min_score,
            weights=engine.Weights(**program.weights),
        ),
        locked=locked,
        blocked=blocked,
        previous=previous,
    )
    return BuiltProblem(problem=problem, enrolments=by_id, skipped=skipped)
