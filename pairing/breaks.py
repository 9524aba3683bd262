"""The rules a pair breaks, and why a mentee is not matched, as sentences about the people.

The engine names rules by code (docs/pairing.md: level_gap, manager_chain, blocked, previous,
min_score); HR reads "Ravi reports to Sofia, two levels down" or "Leo and Margaret were paired
in Spring 2026". The facts behind the words (HR's blocks, ended and earlier pairings, the org
chart) are read here: three queries for any number of pairs, and a walk up the org chart only
for the rare pair that breaks the manager rule.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from accounts.selectors import levels_below
from programs.models import Enrolment, Program

from . import explain
from .models import Pairing, PairRule

Key = tuple[int, int]  # (mentee enrolment id, mentor enrolment id)


def name(enrolment: Enrolment) -> str:
    """How a sentence names someone: their first name, else what the site shows for them."""
    return enrolment.user.first_name or enrolment.user.display_name


def _level(enrolment: Enrolment) -> int:
    profile = getattr(enrolment.user, "profile", None)
    return profile.level if profile and profile.level is not None else 0


@dataclass
class Facts:
    blocked_on: dict[Key, datetime.datetime] = field(default_factory=dict)
    blocked_name: dict[Key, str] = field(default_factory=dict)  # the mentor HR blocked
    ended: dict[Key, Pairing] = field(default_factory=dict)  # the latest ended pairing
    earlier: dict[tuple[int, int], str] = field(default_factory=dict)  # user ids → program


def facts(program: Program, mentees: Iterable[int], mentors: Iterable[int] | None) -> Facts:
    """HR's blocks, this program's ended pairings and earlier programs' pairs of these
    mentees (with these mentors, or any when `mentors` is None)."""
    mentees = list(mentees)
    found = Facts()
    if not mentees:
        return found
    rules = PairRule.objects.filter(program=program, kind=PairRule.Kind.BLOCK, mentee__in=mentees)
    ended = program.pairings.kept_apart().filter(mentee__in=mentees)
    if mentors is not None:
        mentors = list(mentors)
        rules, ended = rules.filter(mentor__in=mentors), ended.filter(mentor__in=mentors)
    for rule in rules.select_related("mentor__user"):
        found.blocked_on[(rule.mentee_id, rule.mentor_id)] = rule.created_at
        found.blocked_name[(rule.mentee_id, rule.mentor_id)] = name(rule.mentor)
    for pairing in ended.select_related("mentor__user").order_by("ended_at", "pk"):
        found.ended[(pairing.mentee_id, pairing.mentor_id)] = pairing
    if not program.allow_repeat_pairs:
        users = Enrolment.objects.filter(pk__in=mentees).values("user")
        earlier = (
            Pairing.objects.exclude(program=program)
            .filter(status__in=Pairing.VISIBLE, mentee__user__in=users)
            .order_by("program__starts_on", "pk")
            .values_list("mentee__user", "mentor__user", "program__name")
        )
        for mentee_user, mentor_user, program_name in earlier:
            found.earlier[(mentee_user, mentor_user)] = program_name
    return found


def _sentence(
    rule: str, mentee: Enrolment, mentor: Enrolment, score: float, program: Program, known: Facts
) -> str:
    key = (mentee.pk, mentor.pk)
    if rule == "level_gap":
        return explain.too_close(
            name(mentee), _level(mentee), name(mentor), _level(mentor), program.min_level_gap
        )
    if rule == "manager_chain":
        up = levels_below(person_id=mentor.user_id, manager_id=mentee.user_id)
        if up is not None:
            return explain.reports_to(name(mentor), name(mentee), up)
        down = levels_below(person_id=mentee.user_id, manager_id=mentor.user_id)
        return explain.reports_to(name(mentee), name(mentor), down)
    if rule == "blocked":
        if key in known.ended:
            ended = known.ended[key]
            return explain.ended_before(
                name(mentee), name(mentor), ended.ended_at, ended.end_reason
            )
        return explain.blocked_by_hr(name(mentee), name(mentor), known.blocked_on.get(key))
    if rule == "previous":
        earlier = known.earlier.get((mentee.user_id, mentor.user_id), "an earlier program")
        return explain.paired_before(name(mentee), name(mentor), earlier)
    if rule == "min_score":
        return explain.below_minimum(score, program.max_score, program.min_score)
    return rule


def sentences(
    program: Program, pairs: Sequence[tuple[Enrolment, Enrolment, Sequence[str], float]]
) -> list[list[str]]:
    """For each (mentee, mentor, rules broken, score): each broken rule as a sentence."""
    breaking = [pair for pair in pairs if pair[2]]
    if not breaking:
        return [[] for _ in pairs]
    known = facts(program, {p[0].pk for p in breaking}, {p[1].pk for p in breaking})
    return [
        [
            explain.capitalised(_sentence(rule, mentee, mentor, score, program, known))
            for rule in rules
        ]
        for mentee, mentor, rules, score in pairs
    ]


def kept_apart(known: Facts, mentee: Enrolment) -> list[str]:
    """Who a mentee is kept apart from: "HR blocked Di", "the pairing with Cy ended"."""
    words = [
        f"the pairing with {name(pairing.mentor)} ended"
        for (who, _), pairing in known.ended.items()
        if who == mentee.pk
    ]
    blocked = [known.blocked_name[key] for key in known.blocked_on if key[0] == mentee.pk]
    if len(blocked) > 3:
        words.append(f"{len(blocked)} mentors blocked by HR")
    elif blocked:
        words.append(f"HR blocked {' and '.join(blocked)}")
    return words
