"""The pairing engine: mentees and mentors in, the best set of pairs out.

Pure computation, no Django: the app builds a `Problem`, calls `solve`, and
saves the `Result` as proposals. What is computed is specified in
docs/pairing.md; this module follows it rule by rule.

The assignment is an exact optimum: first the most mentees matched, then the
highest total score. It is found on a sparse graph of each mentee's best
candidates by an exact min-cost flow (OR-tools) and then proven optimal for
the whole problem with LP duality (see `_optimise`), so that 10,000 x 10,000
stays fast without being a heuristic.

Command line: `python -m pairing.engine PROBLEM.json` (`-` reads stdin).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.sparse import csr_matrix

Array = np.ndarray  # numpy's arrays, named once for the signatures below
Potentials = tuple[Array, Array, float]  # dual values of mentees, mentors and the sink
T = TypeVar("T")

RULES = ("level_gap", "manager_chain", "blocked", "previous", "min_score")
LEVEL_GAP, MANAGER_CHAIN, BLOCKED, PREVIOUS, MIN_SCORE = range(len(RULES))

# How many of its best allowed mentors each mentee (and of its best mentees
# each mentor) brings into the first sparse graph. The certificate adds
# whatever else the optimum needs, so this only trades solver time against the
# number of rounds: with 16, the 10,000 x 10,000 benchmarks took three rounds;
# with 24, two (and, rarely, a short third).
DEFAULT_CANDIDATES = 24

# Score matrices are computed this many mentee-mentor cells at a time, so that
# memory grows only with the 2-byte sketch per cell (see `_first_pass`).
CHUNK_CELLS = 1 << 19

# Threads for the passes over all cells; each holds a few blocks of
# CHUNK_CELLS floats (about 50 MB), hence the cap.
THREADS = min(4, os.cpu_count() or 1)

# Largest (mentee places x mentor places) table of tz + cross parts kept.
PLACE_TABLE_LIMIT = 1 << 22


class ProblemError(ValueError):
    """The problem is malformed; the message names the person or pair."""


# --- The problem ------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: str
    level: int = 0
    department: str = ""
    manager: str | None = None
    utc_offset: float = 0.0
    offers: Mapping[str, int] = field(default_factory=dict)
    wants: Mapping[str, int] = field(default_factory=dict)
    capacity: int = 1


@dataclass(frozen=True)
class Weights:
    learn: float = 0.6
    give: float = 0.2
    tz: float = 0.1
    cross: float = 0.1


@dataclass(frozen=True)
class Settings:
    min_level_gap: int = 1
    min_score: float = 0.0
    weights: Weights = field(default_factory=Weights)


@dataclass(frozen=True)
class Problem:
    mentees: Sequence[Person]
    mentors: Sequence[Person]
    people: Sequence[Person] = ()
    settings: Settings = field(default_factory=Settings)
    locked: Sequence[tuple[str, str]] = ()
    blocked: Sequence[tuple[str, str]] = ()
    previous: Sequence[tuple[str, str]] = ()


# --- The result -------------------------------------------------------------


@dataclass(frozen=True)
class Parts:
    learn: float
    give: float
    tz: float
    cross: float


@dataclass(frozen=True)
class SkillMatch:
    """A skill one side wants (with priority) and the other offers (with proficiency)."""

    skill: str
    priority: int
    proficiency: int


@dataclass(frozen=True)
class Pair:
    mentee: str
    mentor: str
    score: float
    parts: Parts
    locked: bool
    breaks: tuple[str, ...]
    learn: tuple[SkillMatch, ...]  # the mentee wants, the mentor offers
    give: tuple[SkillMatch, ...]  # the mentor wants, the mentee offers
    hours_apart: float


@dataclass(frozen=True)
class Unmatched:
    mentee: str
    reason: str
    allowed: int  # allowed mentors, all of them full when this is not 0
    excluded: dict[str, int]  # mentors excluded, by the first rule they break


@dataclass(frozen=True)
class Result:
    pairs: list[Pair]
    unmatched: list[Unmatched]
    matched: int
    total_score: float
    seconds: float


# --- Reading a problem from JSON data ---------------------------------------

_PERSON_KEYS = {"id", "level", "department", "manager", "utc_offset", "offers", "wants", "capacity"}
_ENROLLED_REQUIRED = ("id", "level", "department", "utc_offset")
_PROBLEM_KEYS = {"mentees", "mentors", "people", "settings", "locked", "blocked", "previous"}


def problem_from_dict(data: Any) -> Problem:
    """Build a `Problem` from parsed JSON, checking shapes and types (not ranges)."""
    _require_object(data, "the problem", _PROBLEM_KEYS)
    for key in ("mentees", "mentors"):
        if key not in data:
            raise ProblemError(f"the problem has no '{key}' list")
    settings = data.get("settings", {})
    _require_object(settings, "settings", {"min_level_gap", "min_score", "weights"})
    weights = settings.get("weights", {})
    _require_object(weights, "settings.weights", {"learn", "give", "tz", "cross"})
    return Problem(
        mentees=_people_from(data["mentees"], "mentee", _ENROLLED_REQUIRED),
        mentors=_people_from(data["mentors"], "mentor", _ENROLLED_REQUIRED),
        people=_people_from(data.get("people", []), "person", ("id",)),
        settings=Settings(
            min_level_gap=_integer(settings.get("min_level_gap", 1), "settings.min_level_gap"),
            min_score=_number(settings.get("min_score", 0.0), "settings.min_score"),
            weights=Weights(
                **{key: _number(value, f"settings.weights.{key}") for key, value in weights.items()}
            ),
        ),
        locked=_pairs_from(data.get("locked", []), "locked"),
        blocked=_pairs_from(data.get("blocked", []), "blocked"),
        previous=_pairs_from(data.get("previous", []), "previous"),
    )


def _people_from(items: Any, role: str, required: tuple[str, ...]) -> list[Person]:
    if not isinstance(items, list):
        raise ProblemError(f"the {role} list must be a JSON array")
    return [_person_from(item, role, number, required) for number, item in enumerate(items, 1)]


def _person_from(item: Any, role: str, number: int, required: tuple[str, ...]) -> Person:
    name = f"{role} #{number}"
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        name = f"{role} '{item['id']}'"
    _require_object(item, name, _PERSON_KEYS)
    for key in required:
        if key not in item:
            raise ProblemError(f"{name}: missing '{key}'")
    if not isinstance(item["id"], str) or not item["id"]:
        raise ProblemError(f"{name}: 'id' must be a non-empty string")
    manager = item.get("manager")
    if manager is not None and not isinstance(manager, str):
        raise ProblemError(f"{name}: 'manager' must be a string id or null")
    department = item.get("department", "")
    if not isinstance(department, str):
        raise ProblemError(f"{name}: 'department' must be a string")
    return Person(
        id=item["id"],
        level=_integer(item.get("level", 0), f"{name}: 'level'"),
        department=department,
        manager=manager,
        utc_offset=_number(item.get("utc_offset", 0.0), f"{name}: 'utc_offset'"),
        offers=_skills_from(item.get("offers", {}), f"{name}: 'offers'"),
        wants=_skills_from(item.get("wants", {}), f"{name}: 'wants'"),
        capacity=_integer(item.get("capacity", 1), f"{name}: 'capacity'"),
    )


def _skills_from(value: Any, what: str) -> dict[str, int]:
    if not isinstance(value, dict):
        raise ProblemError(f"{what} must be an object of skill: number")
    return {skill: _integer(level, f"{what} '{skill}'") for skill, level in value.items()}


def _pairs_from(value: Any, what: str) -> list[tuple[str, str]]:
    if not isinstance(value, list):
        raise ProblemError(f"'{what}' must be a list of [mentee_id, mentor_id]")
    pairs = []
    for item in value:
        if not (
            isinstance(item, list) and len(item) == 2 and all(isinstance(i, str) for i in item)
        ):
            raise ProblemError(f"'{what}' entry {json.dumps(item)} is not [mentee_id, mentor_id]")
        pairs.append((item[0], item[1]))
    return pairs


def _require_object(value: Any, what: str, keys: set[str]) -> None:
    if not isinstance(value, dict):
        raise ProblemError(f"{what} must be a JSON object")
    unknown = sorted(set(value) - keys)
    if unknown:
        raise ProblemError(f"{what}: unknown field '{unknown[0]}'")


def _integer(value: Any, what: str) -> int:
    # bool is an int in Python, but `true` is never a meant level or capacity.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProblemError(f"{what} must be an integer, got {json.dumps(value)}")
    return value


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ProblemError(f"{what} must be a finite number, got {json.dumps(value)}")
    return float(value)


# --- Checking a problem -----------------------------------------------------


def validate(problem: Problem) -> None:
    """Raise `ProblemError` for the first thing wrong with the problem."""
    _validated_tour(problem)


def _validated_tour(problem: Problem) -> tuple[np.ndarray, np.ndarray]:
    """`validate`, returning the org chart's tour (`_manager_tour`) its check of the managers
    made: the tables use it too, and touring 10,000 people twice cost each "other mentors"
    view some 8 ms."""
    _check_settings(problem.settings)
    for role, people in (("mentee", problem.mentees), ("mentor", problem.mentors)):
        for person in people:
            _check_enrolled(person, role)
    roles = _roles_by_id(problem)
    tour = _check_managers(problem, roles)
    _check_pair_lists(problem)
    return tour


def _check_settings(settings: Settings) -> None:
    if not 0 <= settings.min_level_gap <= 9:
        raise ProblemError(f"settings.min_level_gap {settings.min_level_gap} is out of range 0..9")
    _check_finite(settings.min_score, "settings.min_score", low=0.0)
    for name in ("learn", "give", "tz", "cross"):
        _check_finite(getattr(settings.weights, name), f"settings.weights.{name}", low=0.0)


def _check_finite(value: float, what: str, low: float) -> None:
    if not math.isfinite(value) or value < low:
        raise ProblemError(f"{what} must be a finite number >= {low:g}, got {value!r}")


def _check_enrolled(person: Person, role: str) -> None:
    name = f"{role} '{person.id}'"
    _check_range(person.level, 1, 10, f"{name}: level")
    if not math.isfinite(person.utc_offset) or not -12 <= person.utc_offset <= 14:
        raise ProblemError(f"{name}: utc_offset {person.utc_offset} is out of range -12..14")
    for skill, proficiency in person.offers.items():
        _check_range(proficiency, 1, 5, f"{name}: proficiency of '{skill}'")
    for skill, priority in person.wants.items():
        _check_range(priority, 1, 3, f"{name}: priority of '{skill}'")
    if role == "mentor" and person.capacity < 1:
        raise ProblemError(f"{name}: capacity {person.capacity} must be at least 1")


def _check_range(value: int, low: int, high: int, what: str) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not low <= value <= high
    ):
        raise ProblemError(f"{what} {value!r} is out of range {low}..{high}")


def _roles_by_id(problem: Problem) -> dict[str, str]:
    roles: dict[str, str] = {}
    groups = (("mentee", problem.mentees), ("mentor", problem.mentors), ("person", problem.people))
    for role, people in groups:
        for person in people:
            if person.id in roles:
                raise ProblemError(f"duplicate id '{person.id}' (as {roles[person.id]} and {role})")
            roles[person.id] = role
    return roles


def _check_managers(problem: Problem, roles: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
    for person in _everyone(problem):
        if person.manager is not None and person.manager not in roles:
            role = roles[person.id]
            raise ProblemError(f"{role} '{person.id}': unknown manager '{person.manager}'")
    # A cycle shows up as people the tour from the top of the chart never reaches.
    ids = [person.id for person in _everyone(problem)]
    parent = _parent_array(problem, ids)
    tin, tout = _manager_tour(parent)
    unreached = np.flatnonzero(tin < 0)
    if len(unreached):
        cycle = _find_cycle(parent, int(unreached[0]))
        raise ProblemError("managers form a cycle: " + " -> ".join(ids[i] for i in cycle))
    return tin, tout


def _find_cycle(parent: np.ndarray, start: int) -> list[int]:
    seen: dict[int, int] = {}
    path: list[int] = []
    node = start
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = int(parent[node])
    return path[seen[node] :] + [node]


def _check_pair_lists(problem: Problem) -> None:
    mentees = {person.id for person in problem.mentees}
    mentors = {person.id: person for person in problem.mentors}
    for what in ("locked", "blocked", "previous"):
        for mentee, mentor in getattr(problem, what):
            if mentee not in mentees:
                raise ProblemError(
                    f"{what} pair ['{mentee}', '{mentor}']: unknown mentee '{mentee}'"
                )
            if mentor not in mentors:
                raise ProblemError(
                    f"{what} pair ['{mentee}', '{mentor}']: unknown mentor '{mentor}'"
                )
    lock_of: dict[str, str] = {}
    load: dict[str, int] = {}
    for mentee, mentor in problem.locked:
        if mentee in lock_of:
            raise ProblemError(
                f"mentee '{mentee}' is locked twice: to '{lock_of[mentee]}' and to '{mentor}'"
            )
        lock_of[mentee] = mentor
        load[mentor] = load.get(mentor, 0) + 1
        if load[mentor] > mentors[mentor].capacity:
            raise ProblemError(
                f"locked pair ['{mentee}', '{mentor}']: mentor '{mentor}' has more locked "
                f"mentees than its capacity {mentors[mentor].capacity}"
            )


def _everyone(problem: Problem) -> list[Person]:
    return [*problem.mentees, *problem.mentors, *problem.people]


def _parent_array(problem: Problem, ids: list[str]) -> np.ndarray:
    index = {person_id: i for i, person_id in enumerate(ids)}
    managers = [person.manager for person in _everyone(problem)]
    return np.array([-1 if m is None else index[m] for m in managers], dtype=np.int64)


def _manager_tour(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Depth-first entry and exit times over the org chart.

    Person a is above person b in the chain exactly when
    tin[a] < tin[b] < tout[a], which turns the manager-chain rule into a few
    array comparisons. People in a cycle are never reached and keep tin -1.
    """
    children: list[list[int]] = [[] for _ in range(len(parent))]
    for child, boss in enumerate(parent.tolist()):
        if boss >= 0:
            children[boss].append(child)
    tin = np.full(len(parent), -1, dtype=np.int64)
    tout = np.full(len(parent), -1, dtype=np.int64)
    clock = 0
    for root in np.flatnonzero(parent < 0).tolist():
        stack = [root]
        while stack:
            node = stack.pop()
            if node >= 0:
                tin[node] = clock
                clock += 1
                stack.append(~node)  # come back to close it after its subtree
                stack.extend(reversed(children[node]))
            else:
                tout[~node] = clock
    return tin, tout


# --- The problem as arrays --------------------------------------------------


@dataclass
class _Tables:
    """Everything the scores and rules need, as arrays indexed by position."""

    problem: Problem
    mentee_index: dict[str, int]
    mentor_index: dict[str, int]
    level_e: np.ndarray
    level_t: np.ndarray
    offset_e: np.ndarray
    offset_t: np.ndarray
    department_e: np.ndarray
    department_t: np.ndarray
    wants_e: np.ndarray  # mentee x skill: priority, 0 if not wanted
    offers_e: np.ndarray  # mentee x skill: proficiency, 0 if not offered
    wants_t: np.ndarray
    offers_t: np.ndarray
    # The mentees' two matrices again in sparse form: each person has a few
    # skills, and sparse @ dense runs in one thread. Threaded BLAS on these
    # thin products was ten times slower whenever the other core was busy.
    sparse_wants_e: csr_matrix
    sparse_offers_e: csr_matrix
    offers_t_by_skill: np.ndarray  # offers_t.T in C order, as the product wants it
    wants_t_by_skill: np.ndarray
    learn_coef: np.ndarray  # per mentee: 1 / (5 * sum of priorities), 0 if none
    give_coef: np.ndarray  # per mentor: the same for what the mentor wants
    # The tz and cross parts depend only on (utc_offset, department): people
    # share a few of these "places", so that part of the score is looked up in
    # a small table instead of recomputed for each of 10^8 cells.
    place_e: np.ndarray
    place_t: np.ndarray
    place_table: np.ndarray | None  # None when there are too many places
    capacity: np.ndarray
    # Org chart tour times (see `_manager_tour`) of mentees and mentors.
    tin_e: np.ndarray
    tout_e: np.ndarray
    tin_t: np.ndarray
    tout_t: np.ndarray
    locked: set[tuple[str, str]]
    blocked: set[tuple[str, str]]
    previous: set[tuple[str, str]]
    # Pairs excluded by manager chain, blocked or previous, as a sparse matrix
    # in CSR form: for mentee i, columns excluded_col[excluded_ptr[i]:excluded_ptr[i+1]].
    excluded_ptr: np.ndarray
    excluded_col: np.ndarray
    excluded_rule: np.ndarray


def _tables(problem: Problem) -> _Tables:
    tin, tout = _validated_tour(problem)
    mentees, mentors = list(problem.mentees), list(problem.mentors)
    skills = sorted(
        {s for p in mentees + mentors for s in (*p.offers, *p.wants)}
    )  # fixed order, so the same input gives the same arrays
    departments = {d: i for i, d in enumerate(sorted({p.department for p in mentees + mentors}))}
    wants_e, offers_e = (
        _skill_matrix(mentees, skills, "wants"),
        _skill_matrix(mentees, skills, "offers"),
    )
    wants_t, offers_t = (
        _skill_matrix(mentors, skills, "wants"),
        _skill_matrix(mentors, skills, "offers"),
    )
    n_e, n_t = len(mentees), len(mentors)
    tables = _Tables(
        problem=problem,
        mentee_index={p.id: i for i, p in enumerate(mentees)},
        mentor_index={p.id: i for i, p in enumerate(mentors)},
        level_e=np.array([p.level for p in mentees], dtype=np.int64),
        level_t=np.array([p.level for p in mentors], dtype=np.int64),
        offset_e=np.array([p.utc_offset for p in mentees], dtype=np.float64),
        offset_t=np.array([p.utc_offset for p in mentors], dtype=np.float64),
        department_e=np.array([departments[p.department] for p in mentees], dtype=np.int64),
        department_t=np.array([departments[p.department] for p in mentors], dtype=np.int64),
        wants_e=wants_e,
        offers_e=offers_e,
        wants_t=wants_t,
        offers_t=offers_t,
        sparse_wants_e=csr_matrix(wants_e),
        sparse_offers_e=csr_matrix(offers_e),
        offers_t_by_skill=np.ascontiguousarray(offers_t.T),
        wants_t_by_skill=np.ascontiguousarray(wants_t.T),
        learn_coef=_inverse_or_zero(5.0 * wants_e.sum(axis=1)),
        give_coef=_inverse_or_zero(5.0 * wants_t.sum(axis=1)),
        place_e=np.zeros(0, dtype=np.int64),
        place_t=np.zeros(0, dtype=np.int64),
        place_table=None,
        capacity=np.array([p.capacity for p in mentors], dtype=np.int64),
        tin_e=tin[:n_e],
        tout_e=tout[:n_e],
        tin_t=tin[n_e : n_e + n_t],
        tout_t=tout[n_e : n_e + n_t],
        locked={(e, t) for e, t in problem.locked},
        blocked={(e, t) for e, t in problem.blocked},
        previous={(e, t) for e, t in problem.previous},
        excluded_ptr=np.zeros(0, dtype=np.int64),
        excluded_col=np.zeros(0, dtype=np.int64),
        excluded_rule=np.zeros(0, dtype=np.int64),
    )
    _add_exclusions(tables, problem)
    _add_places(tables)
    return tables


def _skill_matrix(people: list[Person], skills: list[str], side: str) -> np.ndarray:
    column = {skill: j for j, skill in enumerate(skills)}
    matrix = np.zeros((len(people), len(skills)), dtype=np.float64)
    for i, person in enumerate(people):
        for skill, value in getattr(person, side).items():
            matrix[i, column[skill]] = value
    return matrix


def _inverse_or_zero(values: np.ndarray) -> np.ndarray:
    out = np.zeros_like(values)
    np.divide(1.0, values, out=out, where=values > 0)
    return out


def _add_places(t: _Tables) -> None:
    places_e, t.place_e = _places(t.offset_e, t.department_e)
    places_t, t.place_t = _places(t.offset_t, t.department_t)
    if len(places_e) * len(places_t) <= PLACE_TABLE_LIMIT:
        hours = _hours_apart(places_e[:, 0, None], places_t[None, :, 0])
        cross = places_e[:, 1, None] != places_t[None, :, 1]
        t.place_table = _place_score(t.problem.settings.weights, hours, cross)


def _places(offset: np.ndarray, department: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (offset, department) rows, and each person's row among them."""
    places, index = np.unique(np.stack([offset, department], axis=1), axis=0, return_inverse=True)
    return places, index.reshape(-1)


def _add_exclusions(tables: _Tables, problem: Problem) -> None:
    """Collect the sparse rules (manager chain, blocked, previous) into CSR arrays."""
    rows, cols, rules = _manager_chain_pairs(tables)
    for code, pairs in ((BLOCKED, problem.blocked), (PREVIOUS, problem.previous)):
        rows.append(np.array([tables.mentee_index[e] for e, _ in pairs], dtype=np.int64))
        cols.append(np.array([tables.mentor_index[t] for _, t in pairs], dtype=np.int64))
        rules.append(np.full(len(pairs), code, dtype=np.int64))
    row, col, rule = np.concatenate(rows), np.concatenate(cols), np.concatenate(rules)
    # Keep one entry per pair, the first rule in RULES order that it breaks.
    order = np.lexsort((rule, col, row))
    row, col, rule = row[order], col[order], rule[order]
    first = np.ones(len(row), dtype=bool)
    first[1:] = (row[1:] != row[:-1]) | (col[1:] != col[:-1])
    row, col, rule = row[first], col[first], rule[first]
    tables.excluded_ptr = np.searchsorted(row, np.arange(len(problem.mentees) + 1))
    tables.excluded_col = col
    tables.excluded_rule = rule


def _manager_chain_pairs(t: _Tables) -> tuple[list[Array], list[Array], list[Array]]:
    mentor_above, mentee_below = _below(t.tin_t, t.tout_t, t.tin_e)
    mentee_above, mentor_below = _below(t.tin_e, t.tout_e, t.tin_t)
    rows = [mentee_below, mentee_above]
    cols = [mentor_above, mentor_below]
    rules = [np.full(len(mentee_below) + len(mentee_above), MANAGER_CHAIN, dtype=np.int64)]
    return rows, cols, rules


def _below(tin_top: Array, tout_top: Array, tin_low: Array) -> tuple[Array, Array]:
    """All (top, low) index pairs where low is somewhere under top in the chart."""
    order = np.argsort(tin_low, kind="stable")
    starts = np.searchsorted(tin_low[order], tin_top, side="right")
    ends = np.searchsorted(tin_low[order], tout_top, side="left")
    counts = np.maximum(ends - starts, 0)
    top = np.repeat(np.arange(len(tin_top)), counts)
    return top, order[_ranges(starts, counts)]


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenation of range(start, start + count) for each pair, without a loop."""
    ends = np.cumsum(counts)
    ranges: Array = np.arange(ends[-1] if len(ends) else 0) - np.repeat(
        ends - counts - starts, counts
    )
    return ranges


# --- Scores and rules over whole blocks -------------------------------------


def _hours_apart(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    # Offsets lie in -12..14, so |a - b| <= 26 and |24 - d| is d mod 24 taken
    # around the clock, without the cost of a float modulo over 10^8 cells.
    d = np.abs(np.subtract(a, b))
    return np.minimum(d, np.abs(24.0 - d))


def _place_score(weights: Weights, hours: Array, cross: Array) -> Array:
    return np.asarray(weights.tz * (1.0 - hours / 12.0) + weights.cross * cross)


def _grid_scores(t: _Tables, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Scores of mentees `rows` x mentors `cols` (see `_pair_scores` for single pairs)."""
    weights = t.problem.settings.weights
    # Priorities and proficiencies are small integers, so these sums of
    # products are exact whatever order the matrix library adds them in.
    scores: Array = t.sparse_wants_e[rows] @ np.take(t.offers_t_by_skill, cols, axis=1)
    scores *= (weights.learn * t.learn_coef[rows])[:, None]
    given = t.sparse_offers_e[rows] @ np.take(t.wants_t_by_skill, cols, axis=1)
    given *= weights.give * t.give_coef[cols]
    scores += given
    if t.place_table is not None:
        scores += np.take(t.place_table[t.place_e[rows]], t.place_t[cols], axis=1)
    else:
        hours = _hours_apart(t.offset_e[rows, None], t.offset_t[None, cols])
        cross = t.department_e[rows, None] != t.department_t[None, cols]
        scores += _place_score(weights, hours, cross)
    return scores


def _grid_first_broken(t: _Tables, rows: Array, cols: Array, scores: Array) -> Array:
    """Per cell, the index in RULES of the first rule broken, or -1 if allowed."""
    settings = t.problem.settings
    broken = np.where(scores >= settings.min_score, -1, MIN_SCORE).astype(np.int8)
    r, c, rule = _grid_exclusions(t, rows, cols)
    broken[r, c] = rule
    broken[_grid_too_close(t, rows, cols)] = LEVEL_GAP
    return broken


def _grid_too_close(t: _Tables, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    highest_allowed = t.level_e[rows] - t.problem.settings.min_level_gap
    too_close: Array = t.level_t[cols][None, :] > highest_allowed[:, None]
    return too_close


def _grid_mark_disallowed(t: _Tables, rows: Array, cols: Array, scores: Array) -> None:
    """Set the score of every pair that is not allowed to -1, in place."""
    disallowed = _grid_too_close(t, rows, cols)
    if t.problem.settings.min_score > 0:  # scores are never negative
        disallowed |= scores < t.problem.settings.min_score
    r, c, _ = _grid_exclusions(t, rows, cols)
    disallowed[r, c] = True
    # Arithmetic rather than copyto(where=): several times faster over 10^8
    # cells, and exact (s * 1 - 0 = s, s * 0 - 1 = -1).
    scores *= ~disallowed
    scores -= disallowed


def _grid_exclusions(t: _Tables, rows: Array, cols: Array) -> tuple[Array, Array, Array]:
    """The sparse exclusions that fall in the block, in block coordinates."""
    starts = t.excluded_ptr[rows]
    counts = t.excluded_ptr[rows + 1] - starts
    entries = _ranges(starts, counts)
    position = np.full(len(t.level_t), -1, dtype=np.int64)
    position[cols] = np.arange(len(cols))
    r = np.repeat(np.arange(len(rows)), counts)
    c = position[t.excluded_col[entries]]
    inside = c >= 0
    return r[inside], c[inside], t.excluded_rule[entries][inside]


def _row_chunks(rows: np.ndarray, n_cols: int) -> Iterable[np.ndarray]:
    step = max(1, CHUNK_CELLS // max(n_cols, 1))
    for start in range(0, len(rows), step):
        yield rows[start : start + step]


# --- The optimum ------------------------------------------------------------
#
# The problem is a min-cost flow: each free mentee either takes an allowed
# mentor with free capacity at cost 2S - q (q = its score scaled to integers
# 0..S) or stays unmatched at cost D = (n + 3) S. Since D - 2S > n S, one more
# match always outweighs any difference of total score, which gives "most
# matched first, then highest score" in one objective (the solver reaches the
# same optimum as a maximum flow of least cost, see `_match`). All costs are
# integers small enough (< 2^52) that every sum below is exact in float64: no
# tie is broken by rounding noise and the optimality certificate is a proof.

# Codes of the sketch, a coarse copy of every score (see `_first_pass`).
SKETCH_TOP = 65535

# When the certificate fails, it adds to the graph the edges whose reduced
# cost may be below NEAR_MISS * S, at most NEAR_MISS_PER_MENTEE * candidates
# per mentee (see `_violations`). On 10,000 x 10,000 benchmarks with ten
# seeds, these values made nine of them end after two rounds, one after three
# (whose last round solves only what one added edge can change, see
# `_rematch`); with 3 per mentee, half took three rounds.
NEAR_MISS = 0.1
NEAR_MISS_PER_MENTEE = 8


@dataclass
class _Flow:
    """The free part of the problem: unlocked mentees, mentors with room left."""

    rows: np.ndarray  # mentee indices
    cols: np.ndarray  # mentor indices
    room: np.ndarray  # remaining capacity per column
    scale: float  # S
    unmatched_cost: float  # D
    score_to_units: float  # S / (sum of weights)


@dataclass
class _Candidates:
    """The sparse graph: edges (row, col) in flow coordinates with integer costs."""

    row: np.ndarray
    col: np.ndarray
    cost: np.ndarray

    def plus(self, other: _Candidates) -> _Candidates:
        return _Candidates(
            row=np.concatenate([self.row, other.row]),
            col=np.concatenate([self.col, other.col]),
            cost=np.concatenate([self.cost, other.cost]),
        )


def _flow(t: _Tables, rows: np.ndarray, room: np.ndarray) -> _Flow:
    cols = np.flatnonzero(room > 0)
    n, nodes = len(rows), len(rows) + len(cols) + 2
    # Shortest paths through the residual graph stay within (2n + 5) S of 0,
    # so reduced costs stay below (4n + 12) S <= 2^52: exact in float64.
    # OR-tools multiplies costs (at most 2S) by nodes + 1 and needs twice that
    # within int64; 2^4 more leaves room for its potentials as they move.
    limit = min(2.0**52 / (4 * n + 12), 2.0**57 / (nodes + 1))
    scale = 2.0 ** math.floor(math.log2(limit))
    total_weight = sum(vars(t.problem.settings.weights).values())
    return _Flow(
        rows=rows,
        cols=cols,
        room=room[cols],
        scale=scale,
        unmatched_cost=(n + 3) * scale,
        score_to_units=scale / total_weight if total_weight > 0 else 0.0,
    )


def _optimise(t: _Tables, flow: _Flow, per_mentee: int) -> np.ndarray:
    """Mentor column per flow row (-1 when unmatched), provably optimal.

    1. Solve exactly on a sparse graph of good candidate edges.
    2. Derive LP dual potentials from that optimum (shortest paths in the
       residual graph).
    3. Check every allowed edge of the full problem against them. If none has
       a negative reduced cost, the duals are feasible for the full problem and
       the sparse optimum is the global optimum. Otherwise add the most
       negative edges and solve again (see `_rematch`). Each round adds edges
       that were not in the graph yet, so this ends, at worst with every
       allowed edge in the graph.
    On the 10,000 x 10,000 benchmark it usually takes two rounds.
    """
    sketch, candidates = _first_pass(t, flow, per_mentee)
    match = _match(flow.room, candidates, len(flow.rows))
    while True:
        potentials = _potentials(flow, candidates, match)  # rows, columns, sink
        potential_row, potential_col, _ = potentials
        extra = _violations(
            t, flow, sketch, candidates, match, potential_row, potential_col, per_mentee
        )
        if extra is None:
            return match
        match = _rematch(flow, candidates, extra, match, potentials)
        candidates = candidates.plus(extra)


def _rematch(
    flow: _Flow, candidates: _Candidates, extra: _Candidates, match: Array, potentials: Potentials
) -> np.ndarray:
    """The optimum once the edges `extra` join the graph, solving only what can change.

    With the potentials of the current optimum, let `gain` be minus the sum of
    the negative reduced costs of the new edges. Any assignment beats the
    current one by at most `gain`, and each old edge it uses differently costs
    it that edge's |reduced cost|. So an old edge whose |reduced cost| exceeds
    `gain` is used in every optimum as it is now: unmatched edges that
    expensive are left out, matched ones (and mentees left unmatched at such a
    margin) stay as they are, and only the rest is solved again. When a round
    adds a handful of edges, as the last ones do, that rest is small.
    """
    potential_row, potential_col, potential_sink = potentials
    reduced = candidates.cost + potential_row[candidates.row] - potential_col[candidates.col]
    reduced_extra = extra.cost + potential_row[extra.row] - potential_col[extra.col]
    gain = -reduced_extra[reduced_extra < 0].sum()
    matched = match >= 0
    # Reduced cost of each mentee's current edge, to its mentor or to the sink.
    current = np.where(matched, 0.0, flow.unmatched_cost + potential_row - potential_sink)
    used = match[candidates.row] == candidates.col
    current[candidates.row[used]] = reduced[used]
    fixed = current < -gain
    room = flow.room - np.bincount(match[fixed & matched], minlength=len(flow.room))
    free = np.flatnonzero(~fixed)
    position = np.full(len(match), -1, dtype=np.int64)
    position[free] = np.arange(len(free))
    keep_old = (reduced <= gain) & ~fixed[candidates.row]
    keep_new = ~fixed[extra.row]
    sub = _Candidates(
        row=position[np.concatenate([candidates.row[keep_old], extra.row[keep_new]])],
        col=np.concatenate([candidates.col[keep_old], extra.col[keep_new]]),
        cost=np.concatenate([candidates.cost[keep_old], extra.cost[keep_new]]),
    )
    new_match = match.copy()
    new_match[free] = _match(room, sub, len(free))
    return new_match


def _first_pass(t: _Tables, flow: _Flow, per_mentee: int) -> tuple[np.ndarray, _Candidates]:
    """The one pass over every score: the sketch and the first sparse graph.

    The sketch keeps per cell 0 if the pair is not allowed, else a 16-bit code
    whose `code * step` bounds its scaled score from above; it lets every later
    certificate check 10^8 cells without computing a score again.

    The graph holds each mentee's `per_mentee` best mentors, plus for each
    mentor its best mentee of every block of rows, of which it keeps the best
    `per_mentee`. The mentors' side matters: when many mentees share the same
    favourite mentors, their own lists alone leave them unmatched in the
    sparse graph and the certificate would need more rounds.
    """
    n, m = len(flow.rows), len(flow.cols)
    sketch = np.zeros((n, m), dtype=np.uint16)

    def scan(rows: slice) -> _Block:
        block = _allowed_scores(t, flow, flow.rows[rows])
        sketch[rows] = _sketch_codes(flow, block)
        return _Block.of(block, rows.start, per_mentee)

    blocks = _over_row_blocks(n, m, scan)
    rows = [b.rows for b in blocks]
    cols = [b.cols for b in blocks]
    scores = [b.scores for b in blocks]
    if blocks and m:
        best = [b.best_row_per_col for b in blocks]
        r, c, score = _best_of_blocks(best, [b.best_score_per_col for b in blocks], per_mentee)
        rows.append(r)
        cols.append(c)
        scores.append(score)
    row, col, score = _concat(rows), _concat(cols), _concat(scores, np.float64)
    # Drop cells that are not allowed, and edges found from both sides.
    _, first = np.unique(row * m + col, return_index=True)
    first = first[score[first] >= 0]
    cost = 2.0 * flow.scale - np.rint(score[first] * flow.score_to_units)
    return sketch, _Candidates(row=row[first], col=col[first], cost=cost)


@dataclass
class _Block:
    """What the first pass keeps of a block of rows."""

    rows: np.ndarray  # each row's best edges, in flow row positions ...
    cols: np.ndarray
    scores: np.ndarray
    best_row_per_col: np.ndarray  # ... and each column's best row
    best_score_per_col: np.ndarray

    @classmethod
    def of(cls, block: np.ndarray, first_row: int, keep: int) -> _Block:
        best = _best_per_row(block, keep)
        r = np.repeat(np.arange(len(block)), best.shape[1])
        top = np.argmax(block, axis=0)
        return cls(
            rows=r + first_row,
            cols=best.reshape(-1),
            scores=block[r, best.reshape(-1)],
            best_row_per_col=top + first_row,
            best_score_per_col=block[top, np.arange(block.shape[1])],
        )


def _over_row_blocks(n_rows: int, n_cols: int, work: Callable[[slice], T]) -> list[T]:
    """work(rows) for each block of rows, on all cores; the results in order.

    Blocks are independent and numpy lets go of the GIL while it computes.
    """
    step = max(1, CHUNK_CELLS // max(n_cols, 1))
    blocks = [slice(start, min(start + step, n_rows)) for start in range(0, n_rows, step)]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(work, blocks))


def _best_of_blocks(
    block_best_rows: list[Array], block_best_scores: list[Array], keep: int
) -> tuple[Array, Array, Array]:
    """Per column, the `keep` best of the blocks' best rows: (rows, columns, scores)."""
    per_column = np.stack(block_best_scores, axis=1)  # mentors x blocks
    best = _best_per_row(per_column, keep)
    c = np.repeat(np.arange(len(per_column)), best.shape[1])
    block = best.reshape(-1)
    return np.stack(block_best_rows, axis=1)[c, block], c, per_column[c, block]


def _allowed_scores(t: _Tables, flow: _Flow, rows: np.ndarray) -> np.ndarray:
    """Scores of mentees `rows` against all flow columns, -1 where not allowed."""
    scores = _grid_scores(t, rows, flow.cols)
    _grid_mark_disallowed(t, rows, flow.cols, scores)
    return scores


def _sketch_step(flow: _Flow) -> float:
    return flow.scale / (SKETCH_TOP - 1)


def _sketch_codes(flow: _Flow, scores: np.ndarray) -> np.ndarray:
    """0 where the score is -1 (not allowed), else a code with code * step >= units - 1/2.

    (The half unit is rint's; the check that reads the sketch has a margin for it.)
    """
    codes = scores * (flow.score_to_units / _sketch_step(flow))
    codes += 1.0  # then truncating to an integer rounds up
    np.clip(codes, 1, SKETCH_TOP, out=codes)
    codes *= scores >= 0  # faster than copyto(where=), as in `_grid_mark_disallowed`
    return codes.astype(np.uint16)


def _best_per_row(values: np.ndarray, keep: int) -> np.ndarray:
    """Column indices of the `keep` highest values of each row, in no order."""
    if keep >= values.shape[1]:
        return np.broadcast_to(np.arange(values.shape[1]), values.shape)
    return np.argpartition(-values, keep - 1, axis=1)[:, :keep]


def _concat(parts: list[Array], dtype: type[np.generic] = np.int64) -> Array:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _match(room: np.ndarray, candidates: _Candidates, n: int) -> np.ndarray:
    """Exact optimum on a sparse graph: a maximum flow of least cost.

    Source -> each of the n mentees (capacity 1) -> candidate mentors
    (capacity 1, the edge's cost) -> sink (capacity: the mentor's room).
    OR-tools' min-cost flow (cost-scaling push-relabel, exact on integer
    costs) first finds how many mentees can be matched at most, then the
    cheapest way to match that many, which is "most matched first, then
    highest score" without the unmatched cost D (whose range its integer
    arithmetic could not hold). Returns each mentee's mentor column, or -1.
    """
    m = len(room)
    match = np.full(n, -1, dtype=np.int64)
    n_edges = len(candidates.row)
    if n_edges == 0:
        return match
    source, sink = n + m, n + m + 1
    solver = min_cost_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([candidates.row, np.full(n, source), n + np.arange(m)]),
        np.concatenate([n + candidates.col, np.arange(n), np.full(m, sink)]),
        np.concatenate([np.ones(n_edges + n, dtype=np.int64), room]),
        np.concatenate([candidates.cost.astype(np.int64), np.zeros(n + m, dtype=np.int64)]),
    )
    solver.set_node_supply(source, n)
    solver.set_node_supply(sink, -n)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"the min-cost flow solver stopped with status {status}")
    used = solver.flows(arcs[:n_edges]) > 0
    match[candidates.row[used]] = candidates.col[used]
    return match


def _potentials(flow: _Flow, candidates: _Candidates, match: Array) -> Potentials:
    """Shortest-path distances in the residual graph of the optimal flow.

    Nodes: rows 0..n-1, mentor columns n..n+m-1 and the sink, each reachable
    at 0 from a virtual source. At an optimum there is no negative cycle, and
    these distances satisfy dist[v] <= dist[u] + cost(u, v) on every residual
    edge: they are optimal dual values.
    """
    n, m = len(flow.rows), len(flow.cols)
    sink = n + m
    load = np.bincount(match[match >= 0], minlength=m)
    used = match[candidates.row] == candidates.col
    matched, unmatched = np.flatnonzero(match >= 0), np.flatnonzero(match < 0)
    with_room, with_load = np.flatnonzero(load < flow.room), np.flatnonzero(load > 0)
    edges = [  # (tail, head, cost)
        (candidates.row[~used], n + candidates.col[~used], candidates.cost[~used]),
        (n + candidates.col[used], candidates.row[used], -candidates.cost[used]),
        (matched, sink, flow.unmatched_cost),
        (sink, unmatched, -flow.unmatched_cost),
        (n + with_room, sink, 0.0),
        (sink, n + with_load, 0.0),
    ]
    tail, head, cost = (
        np.concatenate(parts) for parts in zip(*map(_edge_arrays, edges), strict=True)
    )
    dist = _shortest_distances(n + m + 1, tail, head, cost)
    return dist[:n], dist[n : n + m], float(dist[sink])


def _edge_arrays(edge: tuple[Any, Any, Any]) -> tuple[Array, Array, Array]:
    tail, head, cost = np.broadcast_arrays(*edge)
    return tail.astype(np.int64), head.astype(np.int64), cost.astype(np.float64)


def _shortest_distances(n_nodes: int, tail: Array, head: Array, cost: Array) -> Array:
    """Bellman-Ford from a virtual source joined to every node at cost 0.

    Each round relaxes, with numpy, only the edges out of the nodes whose
    distance changed in the round before (at first, all of them). After a few
    rounds only some hundreds of nodes still change, so this costs a few
    passes over all edges, where relaxing every edge in every round took
    over a hundred (and scipy's bellman_ford always runs |V| rounds).
    """
    order = np.argsort(tail, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    first_out = np.searchsorted(tail, np.arange(n_nodes + 1))
    dist = np.zeros(n_nodes)
    changed = np.arange(n_nodes)
    for _ in range(n_nodes + 1):
        out = _ranges(first_out[changed], first_out[changed + 1] - first_out[changed])
        reached = dist[tail[out]] + cost[out]
        better = reached < dist[head[out]]
        if not better.any():
            return dist
        np.minimum.at(dist, head[out][better], reached[better])
        changed = np.unique(head[out][better])
    raise RuntimeError("negative cycle in the residual graph: the matching is not optimal")


def _violations(
    t: _Tables,
    flow: _Flow,
    sketch: np.ndarray,
    candidates: _Candidates,
    match: np.ndarray,
    potential_row: np.ndarray,
    potential_col: np.ndarray,
    per_mentee: int,
) -> _Candidates | None:
    """Edges to add to the graph, or None when no allowed edge has a negative reduced cost.

    Reduced cost of edge (i, j): cost + dist_i - dist_j. It is >= 0 on every
    unmatched edge of the graph (those are residual edges) and <= 0 on matched
    ones (their residual edge runs backwards), which are skipped. The sketch
    gives a lower bound for every cell; only cells where that bound is not
    enough get their exact cost computed.

    When some edge is negative, the next solve will move the potentials, so
    edges that are nearly negative come along too (see NEAR_MISS). A mentee
    left unmatched in the sparse graph can make thousands of its edges
    negative, so only the lowest few per mentee are added.
    """
    n, m = sketch.shape
    known = np.sort(candidates.row * m + candidates.col)
    cells = _Cells(t, flow, sketch, match, known, potential_row, potential_col)

    def scan(rows: slice) -> tuple[bool, Array, Array, Array]:
        row, col, bound = cells.maybe_below(rows, NEAR_MISS * flow.scale)
        maybe = bound < 0
        negative = bool((cells.exact(row[maybe], col[maybe])[1] < 0).any())
        # The edges to add are ranked by the sketch's bound, which is within a
        # sketch step of the exact reduced cost: good enough to choose, and
        # much cheaper.
        picked = _lowest_per_row(row, col, bound, NEAR_MISS_PER_MENTEE * per_mentee)
        row, col = row[picked], col[picked]
        return negative, row, col, cells.exact(row, col)[0]

    found = _over_row_blocks(n, m, scan)
    if not any(negative for negative, *_ in found):
        return None
    row, col, cost = (
        np.concatenate(parts) for parts in zip(*(edges for _, *edges in found), strict=True)
    )
    return _Candidates(row=row, col=col, cost=cost)


@dataclass
class _Cells:
    """Reduced costs of the cells outside the sparse graph, through the sketch."""

    t: _Tables
    flow: _Flow
    sketch: np.ndarray
    match: np.ndarray
    known: np.ndarray  # row * m + col of the graph's edges, sorted
    potential_row: np.ndarray
    potential_col: np.ndarray

    def maybe_below(self, rows: slice, limit: float) -> tuple[np.ndarray, ...]:
        """Allowed cells of flow rows `rows` outside the graph whose reduced cost
        may be below `limit`: rows, columns and a lower bound of that cost."""
        flow, m = self.flow, self.sketch.shape[1]
        codes = self.sketch[rows]
        # The reduced cost is at least 2S + dist_i - dist_j - code * step - 1/2
        # (the half unit is rint's). 1.5 more units of margin cover the
        # rounding of this bound, which is far below a unit.
        bound = (2.0 * flow.scale - 2.0) + self.potential_row[rows, None] - self.potential_col
        bound -= codes * _sketch_step(flow)
        r, c = np.nonzero((bound < limit) & (codes > 0))
        row, col = r + rows.start, c
        outside = (self.match[row] != col) & ~_is_in_sorted(row * m + col, self.known)
        return row[outside], col[outside], bound[r[outside], c[outside]]

    def exact(self, row: np.ndarray, col: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Exact costs and reduced costs of cells (row[k], col[k])."""
        flow = self.flow
        scores = _pair_scores(self.t, flow.rows[row], flow.cols[col])[-1]
        cost = 2.0 * flow.scale - np.rint(scores * flow.score_to_units)
        return cost, cost + self.potential_row[row] - self.potential_col[col]


def _is_in_sorted(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    # np.isin re-sorts its second argument on every call.
    if len(sorted_values) == 0:
        return np.zeros(len(values), dtype=bool)
    position = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
    found: Array = sorted_values[position] == values
    return found


def _lowest_per_row(row: np.ndarray, col: np.ndarray, value: np.ndarray, keep: int) -> np.ndarray:
    """Indices of the `keep` lowest values of each row (ties: lower column first)."""
    order = np.lexsort((col, value, row))
    row_sorted = row[order]
    first_of_row = np.searchsorted(row_sorted, row_sorted, side="left")
    return order[np.arange(len(order)) - first_of_row < keep]


# --- Public API -------------------------------------------------------------


def solve(problem: Problem, *, candidates: int = DEFAULT_CANDIDATES) -> Result:
    """The optimal pairs for `problem`; raises `ProblemError` if it is malformed.

    `candidates` is a speed knob only (edges per mentee the sparse solve starts
    with); the result is optimal for any value >= 1.
    """
    started = time.perf_counter()
    t = _tables(problem)
    locked = {t.mentee_index[e]: t.mentor_index[m] for e, m in problem.locked}
    free = np.array([i for i in range(len(t.level_e)) if i not in locked], dtype=np.int64)
    taken = np.bincount(np.array(list(locked.values()), dtype=np.int64), minlength=len(t.level_t))
    flow = _flow(t, free, t.capacity - taken)
    match = _optimise(t, flow, max(1, candidates))
    mentor_of = dict(locked)
    mentor_of.update(
        zip(free[match >= 0].tolist(), flow.cols[match[match >= 0]].tolist(), strict=True)
    )
    rows = sorted(mentor_of)
    pairs = _pairs(t, rows, [mentor_of[i] for i in rows])
    unmatched_rows = np.array(
        [i for i in range(len(t.level_e)) if i not in mentor_of], dtype=np.int64
    )
    return Result(
        pairs=pairs,
        unmatched=_unmatched(t, unmatched_rows),
        matched=len(pairs),
        total_score=math.fsum(pair.score for pair in pairs),
        seconds=time.perf_counter() - started,
    )


def best_alternatives(
    problem: Problem, mentee_id: str, k: int = 5, exclude: Iterable[str] = ()
) -> list[Pair]:
    """The k best allowed mentors for one mentee, best first, ignoring capacity.

    Pass the mentee's current mentor in `exclude` to get the *other* options.
    Ties keep the mentors' input order.
    """
    return best_for_mentee(problem, mentee_id, k=k, exclude=exclude)[0]


def best_excluded(problem: Problem, mentee_id: str, k: int = 5) -> list[Pair]:
    """The k best-scoring mentors the rules do not allow for one mentee, best first, each
    with every rule it breaks: the obvious choices HR may wonder about on the board."""
    return best_for_mentee(problem, mentee_id, k=k)[1]


def best_for_mentee(
    problem: Problem, mentee_id: str, k: int = 5, exclude: Iterable[str] = ()
) -> tuple[list[Pair], list[Pair]]:
    """`best_alternatives` and `best_excluded` of one mentee, from one build of the tables."""
    t = _tables(problem)
    row = np.array([_index_of(t.mentee_index, mentee_id, "mentee")])
    cols = np.arange(len(t.level_t))
    scores = _grid_scores(t, row, cols)
    excluded = _grid_first_broken(t, row, cols, scores)[0] >= 0
    order = np.argsort(-scores[0], kind="stable")
    _grid_mark_disallowed(t, row, cols, scores)  # in place; the order is the raw scores'
    allowed = scores[0] >= 0
    for mentor_id in exclude:
        allowed[_index_of(t.mentor_index, mentor_id, "mentor")] = False
    best = order[allowed[order]][:k]
    ruled_out = order[excluded[order]][:k]
    mentee_row = int(row[0])
    return (
        _pairs(t, [mentee_row] * len(best), best.tolist()),
        _pairs(t, [mentee_row] * len(ruled_out), ruled_out.tolist()),
    )


def score_pair(problem: Problem, mentee_id: str, mentor_id: str) -> Pair:
    """Score one given pair, with its parts, reasons and every rule it breaks.

    For HR assigning a pair by hand: `breaks` is empty when the pair is allowed.
    """
    t = _tables(problem)
    row = _index_of(t.mentee_index, mentee_id, "mentee")
    col = _index_of(t.mentor_index, mentor_id, "mentor")
    return _pairs(t, [row], [col])[0]


def _index_of(index: dict[str, int], person_id: str, role: str) -> int:
    if person_id not in index:
        raise ProblemError(f"unknown {role} '{person_id}'")
    return index[person_id]


# --- Explaining pairs and unmatched mentees ---------------------------------


def _pairs(t: _Tables, rows: list[int], cols: list[int]) -> list[Pair]:
    learn, give, hours, cross, scores = _pair_scores(t, np.array(rows), np.array(cols))
    pairs = []
    for k, (i, j) in enumerate(zip(rows, cols, strict=True)):
        mentee, mentor = t.problem.mentees[i], t.problem.mentors[j]
        pairs.append(
            Pair(
                mentee=mentee.id,
                mentor=mentor.id,
                score=float(scores[k]),
                parts=Parts(
                    float(learn[k]), float(give[k]), 1.0 - float(hours[k]) / 12.0, float(cross[k])
                ),
                locked=(mentee.id, mentor.id) in t.locked,
                breaks=_breaks(t, i, j, float(scores[k])),
                learn=_skill_matches(mentee.wants, mentor.offers),
                give=_skill_matches(mentor.wants, mentee.offers),
                hours_apart=float(hours[k]),
            )
        )
    return pairs


def _pair_scores(t: _Tables, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, ...]:
    """learn, give, hours apart, cross and score of pairs (rows[k], cols[k]).

    Bit for bit the numbers of `_grid_scores`, so that a reported score is the
    optimised one: the same integer sums, then the same operations in the same
    order on the same values.
    """
    weights = t.problem.settings.weights
    r, c = rows.astype(np.int64), cols.astype(np.int64)
    learned = np.einsum("ij,ij->i", t.wants_e[r], t.offers_t[c])
    given = np.einsum("ij,ij->i", t.offers_e[r], t.wants_t[c])
    hours = _hours_apart(t.offset_e[r], t.offset_t[c])
    cross = t.department_e[r] != t.department_t[c]
    place = _place_score(weights, hours, cross)
    scores = learned * (weights.learn * t.learn_coef[r])
    scores += given * (weights.give * t.give_coef[c])
    scores += place
    return learned * t.learn_coef[r], given * t.give_coef[c], hours, cross, scores


def _skill_matches(wants: Mapping[str, int], offers: Mapping[str, int]) -> tuple[SkillMatch, ...]:
    """Skills on both lists, the biggest contribution first."""
    shared = sorted(set(wants) & set(offers), key=lambda s: (-wants[s] * offers[s], s))
    return tuple(SkillMatch(s, wants[s], offers[s]) for s in shared)


def _breaks(t: _Tables, row: int, col: int, score: float) -> tuple[str, ...]:
    """Every rule the pair breaks, in RULES order."""
    problem = t.problem
    pair = (problem.mentees[row].id, problem.mentors[col].id)
    tin_e, tout_e, tin_t, tout_t = t.tin_e[row], t.tout_e[row], t.tin_t[col], t.tout_t[col]
    broken = {
        "level_gap": t.level_e[row] - t.level_t[col] < problem.settings.min_level_gap,
        "manager_chain": tin_e < tin_t < tout_e or tin_t < tin_e < tout_t,
        "blocked": pair in t.blocked,
        "previous": pair in t.previous,
        "min_score": score < problem.settings.min_score,
    }
    return tuple(rule for rule in RULES if broken[rule])


def _unmatched(t: _Tables, rows: np.ndarray) -> list[Unmatched]:
    cols = np.arange(len(t.level_t))
    found = []
    for chunk in _row_chunks(rows, len(cols)):
        broken = _grid_first_broken(t, chunk, cols, _grid_scores(t, chunk, cols))
        allowed = (broken < 0).sum(axis=1)
        counts = np.stack([(broken == rule).sum(axis=1) for rule in range(len(RULES))], axis=1)
        for i, n_allowed, row_counts in zip(
            chunk.tolist(), allowed.tolist(), counts.tolist(), strict=True
        ):
            excluded = dict(zip(RULES, row_counts, strict=True))
            found.append(
                Unmatched(
                    mentee=t.problem.mentees[i].id,
                    reason=_reason(n_allowed, excluded),
                    allowed=n_allowed,
                    excluded=excluded,
                )
            )
    return found


_RULE_PHRASES = {
    "level_gap": "too close in level",
    "manager_chain": "in the manager chain",
    "blocked": "blocked",
    "previous": "paired before",
    "min_score": "below the minimum score",
}


def _reason(allowed: int, excluded: dict[str, int]) -> str:
    if allowed:
        # The optimum matches as many as possible, so a mentee left out with
        # allowed mentors can only be one whose allowed mentors are all full.
        return f"all {allowed} allowed mentors are full"
    if not any(excluded.values()):
        return "no allowed mentor: there are no mentors"
    because = ", ".join(f"{n} {_RULE_PHRASES[rule]}" for rule, n in excluded.items() if n)
    return f"no allowed mentor: {because}"


# --- JSON -------------------------------------------------------------------


def result_to_dict(result: Result) -> dict[str, Any]:
    """The result in the JSON shape of docs/pairing.md."""
    return {
        "pairs": [_pair_to_dict(pair) for pair in result.pairs],
        "unmatched": [
            {"mentee": u.mentee, "reason": u.reason, "allowed": u.allowed, "excluded": u.excluded}
            for u in result.unmatched
        ],
        "matched": result.matched,
        "total_score": result.total_score,
        "seconds": result.seconds,
    }


def _pair_to_dict(pair: Pair) -> dict[str, Any]:
    return {
        "mentee": pair.mentee,
        "mentor": pair.mentor,
        "score": pair.score,
        "parts": vars(pair.parts),
        "locked": pair.locked,
        "breaks": list(pair.breaks),
        "skills": {
            "learn": [vars(match) for match in pair.learn],
            "give": [vars(match) for match in pair.give],
        },
        "hours_apart": pair.hours_apart,
    }


def _read_json(path: str) -> Any:
    try:
        if path == "-":
            return json.load(sys.stdin)
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except OSError as error:
        raise ProblemError(f"cannot read {path}: {error.strerror}") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ProblemError(f"{path} is not valid JSON: {error}") from error


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pairing.engine", description="Print the optimal pairs for a problem."
    )
    parser.add_argument("problem", help="problem JSON file, or - for standard input")
    args = parser.parse_args(argv)
    try:
        result = solve(problem_from_dict(_read_json(args.problem)))
    except ProblemError as error:
        message = " ".join(str(error).split())  # one line, whatever the cause
        print(f"error: {message}", file=sys.stderr)
        return 2
    json.dump(result_to_dict(result), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
