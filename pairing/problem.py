"""From the database to the engine's problem: the program's people, org chart and rules."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db.models import Q

from accounts.models import Profile, SkillOffered, SkillWanted
from programs.models import Enrolment, Program, Role

from . import engine
from .models import Pairing, PairRule


def person_id(user_id: int) -> str:
    return f"u{user_id}"


def utc_offset(zone: str, at: datetime.datetime) -> float:
    """Hours east of UTC for an IANA zone at a moment (daylight saving included)."""
    try:
        offset = at.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0.0
    return offset.total_seconds() / 3600 if offset else 0.0


@dataclass
class BuiltProblem:
    problem: engine.Problem
    enrolments: dict[str, Enrolment]  # engine id → enrolment
    skipped: dict[int, str]  # enrolment id → why it could not take part


def _skills(user_ids: list[int]) -> tuple[dict[int, dict], dict[int, dict]]:
    offers: dict[int, dict[str, int]] = {}
    wants: dict[int, dict[str, int]] = {}
    for user_id, name, proficiency in SkillOffered.objects.filter(
        user_id__in=user_ids, skill__retired=False
    ).values_list("user_id", "skill__name", "proficiency"):
        offers.setdefault(user_id, {})[name] = proficiency
    for user_id, name, priority in SkillWanted.objects.filter(
        user_id__in=user_ids, skill__retired=False
    ).values_list("user_id", "skill__name", "priority"):
        wants.setdefault(user_id, {})[name] = priority
    return offers, wants


def build_problem(
    program: Program, *, keep_active: bool = False, now: datetime.datetime | None = None
) -> BuiltProblem:
    """The engine's input for `program`, from its approved enrolments.

    The whole org chart goes in (managers who did not enrol still count), and so do the
    pairs of earlier programs unless the program allows repeats. With `keep_active`,
    published pairings are locked as they are.
    """
    now = now or datetime.datetime.now(datetime.UTC)
    enrolments = list(program.enrolments.approved().select_related("user__profile").order_by("pk"))
    user_ids = [e.user_id for e in enrolments]
    offers, wants = _skills(user_ids)
    by_id: dict[str, Enrolment] = {}
    mentees, mentors, skipped = [], [], {}
    for enrolment in enrolments:
        profile = getattr(enrolment.user, "profile", None)
        if profile is None or profile.level is None:
            skipped[enrolment.pk] = "The profile does not say the person's level."
            continue
        pid = person_id(enrolment.user_id)
        by_id[pid] = enrolment
        person = engine.Person(
            id=pid,
            level=profile.level,
            department=profile.department or "(none)",
            manager=person_id(profile.manager_id) if profile.manager_id else None,
            utc_offset=utc_offset(profile.timezone or "UTC", now),
            offers=offers.get(enrolment.user_id, {}),
            wants=wants.get(enrolment.user_id, {}),
            capacity=enrolment.capacity,
        )
        (mentees if enrolment.role == Role.MENTEE else mentors).append(person)
    included = {e.user_id for e in by_id.values()}
    org_chart = [
        engine.Person(id=person_id(user_id), manager=person_id(manager_id) if manager_id else None)
        for user_id, manager_id in Profile.objects.exclude(user_id__in=included)
        .values_list("user_id", "manager_id")
        .order_by("user_id")
    ]
    mentee_ids = {p.id for p in mentees}
    mentor_ids = {p.id for p in mentors}

    def known(pairs) -> list[tuple[str, str]]:
        wanted = ((person_id(a), person_id(b)) for a, b in pairs)
        return sorted({(a, b) for a, b in wanted if a in mentee_ids and b in mentor_ids})

    rules = PairRule.objects.filter(program=program)
    locked = rules.filter(kind=PairRule.Kind.LOCK).values_list("mentee__user", "mentor__user")
    locked = known(locked)
    if keep_active:
        active = Pairing.objects.active().filter(program=program)
        locked = sorted(
            set(locked) | set(known(active.values_list("mentee__user", "mentor__user")))
        )
    blocked = known(
        rules.filter(kind=PairRule.Kind.BLOCK).values_list("mentee__user", "mentor__user")
    )
    previous = []
    if not program.allow_repeat_pairs:
        earlier = (
            Pairing.objects.exclude(program=program)
            .filter(Q(status=Pairing.Status.ACTIVE) | Q(status=Pairing.Status.ENDED))
            .filter(mentee__user__in=included, mentor__user__in=included)
        )
        previous = known(earlier.values_list("mentee__user", "mentor__user"))
    problem = engine.Problem(
        mentees=mentees,
        mentors=mentors,
        people=org_chart,
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
