"""The pairing engine against docs/pairing.md: rules, scores, optimum, errors, JSON face.

No database: the engine is pure computation.
"""

import itertools
import json
import math
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from pairing import engine
from pairing.engine import (
    Person,
    Problem,
    ProblemError,
    Settings,
    Weights,
    best_alternatives,
    problem_from_dict,
    result_to_dict,
    score_pair,
    solve,
)

ROOT = Path(__file__).resolve().parents[2]


def mentee(id, level=8, **fields):
    return Person(id=id, level=level, department=fields.pop("department", "Sales"), **fields)


def mentor(id, level=2, **fields):
    return Person(id=id, level=level, department=fields.pop("department", "Data"), **fields)


def problem(mentees, mentors, **fields):
    return Problem(mentees=mentees, mentors=mentors, **fields)


def paired(result):
    return {(pair.mentee, pair.mentor) for pair in result.pairs}


# --- Which pairs are allowed ------------------------------------------------


def test_mentor_must_be_junior_by_the_level_gap():
    p = problem([mentee("e", level=5)], [mentor("t", level=5)])
    result = solve(p)
    assert result.matched == 0
    assert result.unmatched[0].excluded["level_gap"] == 1
    gap_zero = replace(p, settings=Settings(min_level_gap=0))
    assert paired(solve(gap_zero)) == {("e", "t")}


def test_level_gap_is_inclusive():
    p = problem([mentee("e", level=5)], [mentor("t", level=3)], settings=Settings(min_level_gap=2))
    assert paired(solve(p)) == {("e", "t")}


def test_direct_manager_is_not_allowed_either_way():
    boss_mentor = problem([mentee("e", manager="t")], [mentor("t")])
    boss_mentee = problem([mentee("e")], [mentor("t", manager="e")])
    for p in (boss_mentor, boss_mentee):
        assert solve(p).matched == 0
        assert score_pair(p, "e", "t").breaks == ("manager_chain",)


def test_manager_of_manager_is_not_allowed():
    # e manages m, m manages t: e is above t in the chain.
    p = problem([mentee("e"), mentee("m", manager="e")], [mentor("t", manager="m")])
    assert score_pair(p, "e", "t").breaks == ("manager_chain",)
    assert score_pair(p, "m", "t").breaks == ("manager_chain",)
    assert solve(p).matched == 0


def test_mentee_below_mentor_in_the_chain_is_not_allowed():
    p = problem([mentee("e", manager="m")], [mentor("t")], people=[Person(id="m", manager="t")])
    assert score_pair(p, "e", "t").breaks == ("manager_chain",)


def test_manager_chain_runs_through_people_not_enrolled():
    p = problem(
        [mentee("ceo")],
        [mentor("junior", manager="lead")],
        people=[Person(id="lead", manager="vp"), Person(id="vp", manager="ceo")],
    )
    result = solve(p)
    assert result.matched == 0
    assert result.unmatched[0].excluded["manager_chain"] == 1


def test_colleagues_under_the_same_manager_are_allowed():
    p = problem(
        [mentee("e", manager="boss")],
        [mentor("t", manager="boss")],
        people=[Person(id="boss")],
    )
    assert paired(solve(p)) == {("e", "t")}


def test_blocked_pair_is_not_allowed():
    p = problem([mentee("e")], [mentor("t")], blocked=[("e", "t")])
    assert solve(p).matched == 0
    assert solve(p).unmatched[0].excluded == {
        "level_gap": 0,
        "manager_chain": 0,
        "blocked": 1,
        "previous": 0,
        "min_score": 0,
    }


def test_previous_pair_is_not_allowed_again():
    p = problem([mentee("e")], [mentor("t"), mentor("u")], previous=[("e", "t")])
    assert paired(solve(p)) == {("e", "u")}


def test_pair_below_min_score_is_not_allowed():
    # Same department, 12 hours apart, no skills: score 0.
    p = problem(
        [mentee("e", department="A", utc_offset=0)],
        [mentor("t", department="A", utc_offset=12)],
        settings=Settings(min_score=0.01),
    )
    result = solve(p)
    assert result.matched == 0
    assert result.unmatched[0].excluded["min_score"] == 1
    assert result.unmatched[0].reason == "no allowed mentor: 1 below the minimum score"


def test_pair_at_exactly_min_score_is_allowed():
    p = problem(
        [mentee("e", department="A", utc_offset=0)],
        [mentor("t", department="B", utc_offset=12)],
        settings=Settings(min_score=0.1),
    )
    assert solve(p).pairs[0].score == 0.1


def test_excluded_counts_each_mentor_under_its_first_broken_rule():
    p = problem(
        [mentee("e", level=5, manager="t1")],
        [
            mentor("t1", level=5),  # level gap and manager chain: counted as level_gap
            mentor("t2", level=2, manager="e"),
            mentor("t3", level=2),
            mentor("t4", level=2),
        ],
        blocked=[("e", "t3"), ("e", "t4")],
        previous=[("e", "t4")],
    )
    unmatched = solve(p).unmatched[0]
    assert unmatched.allowed == 0
    assert unmatched.excluded == {
        "level_gap": 1,
        "manager_chain": 1,
        "blocked": 2,
        "previous": 0,
        "min_score": 0,
    }
    assert unmatched.reason == (
        "no allowed mentor: 1 too close in level, 1 in the manager chain, 2 blocked"
    )


def test_unmatched_mentee_whose_mentors_are_taken_is_told_they_are_full():
    p = problem([mentee("e1"), mentee("e2")], [mentor("t")])
    result = solve(p)
    assert result.matched == 1
    assert result.unmatched[0].allowed == 1
    assert result.unmatched[0].reason == "all 1 allowed mentors are full"


def test_no_mentors_at_all_is_explained():
    result = solve(problem([mentee("e")], []))
    assert result.unmatched[0].reason == "no allowed mentor: there are no mentors"


# --- Score of a pair --------------------------------------------------------


def test_score_parts_match_hand_computation():
    e = mentee(
        "e",
        department="Sales",
        utc_offset=1,
        wants={"ai": 3, "cloud": 1, "video": 2},
        offers={"finance": 4, "strategy": 5},
    )
    t = mentor(
        "t",
        department="Data",
        utc_offset=-5,
        offers={"ai": 5, "cloud": 2},
        wants={"finance": 2, "hiring": 1},
    )
    pair = score_pair(problem([e], [t]), "e", "t")
    # learn: (3*5 + 1*2) / (5 * (3+1+2)) = 17/30
    assert pair.parts.learn == pytest.approx(17 / 30)
    # give: (2*4) / (5 * (2+1)) = 8/15
    assert pair.parts.give == pytest.approx(8 / 15)
    # tz: 6 hours apart -> 1 - 6/12
    assert pair.parts.tz == pytest.approx(0.5)
    assert pair.parts.cross == 1.0
    assert pair.hours_apart == 6.0
    expected = 0.6 * 17 / 30 + 0.2 * 8 / 15 + 0.1 * 0.5 + 0.1 * 1
    assert pair.score == pytest.approx(expected, abs=1e-15)
    assert [m.skill for m in pair.learn] == ["ai", "cloud"]
    assert (pair.learn[0].priority, pair.learn[0].proficiency) == (3, 5)
    assert [(m.skill, m.priority, m.proficiency) for m in pair.give] == [("finance", 2, 4)]
    assert pair.breaks == ()
    assert pair.locked is False


def test_learn_and_give_are_zero_when_nothing_is_wanted():
    pair = score_pair(problem([mentee("e", offers={"x": 5})], [mentor("t")]), "e", "t")
    assert (pair.parts.learn, pair.parts.give) == (0.0, 0.0)


def test_same_department_gives_no_cross_part():
    p = problem([mentee("e", department="A")], [mentor("t", department="A")])
    assert score_pair(p, "e", "t").parts.cross == 0.0


@pytest.mark.parametrize(
    ("a", "b", "hours"),
    [
        (13, -11, 0.0),  # 24 hours apart is the same time of day
        (14, -12, 2.0),  # 26 hours apart is 2 around the clock
        (-10, 10, 4.0),
        (0, 12, 12.0),
        (5.5, -3, 8.5),
        (5.75, 5.75, 0.0),
    ],
)
def test_time_difference_is_taken_around_the_clock(a, b, hours):
    p = problem([mentee("e", utc_offset=a)], [mentor("t", utc_offset=b)])
    pair = score_pair(p, "e", "t")
    assert pair.hours_apart == hours
    assert pair.parts.tz == pytest.approx(1 - hours / 12)


def test_weights_change_the_score():
    p = problem(
        [mentee("e", wants={"ai": 1})],
        [mentor("t", offers={"ai": 5})],
        settings=Settings(weights=Weights(learn=2, give=0, tz=0, cross=0)),
    )
    assert score_pair(p, "e", "t").score == pytest.approx(2 * 1.0)


# --- The optimum ------------------------------------------------------------


def test_more_matches_beat_a_higher_score():
    # e1 fits t1 far better, but only e1-t2 + e2-t1 matches both.
    p = problem(
        [mentee("e1", wants={"ai": 1}), mentee("e2")],
        [mentor("t1", offers={"ai": 5}), mentor("t2", department="Sales")],
        blocked=[("e2", "t2")],
        settings=Settings(weights=Weights(learn=1, give=0, tz=0, cross=0)),
    )
    assert paired(solve(p)) == {("e1", "t2"), ("e2", "t1")}


def test_highest_total_score_among_full_matchings():
    p = problem(
        [mentee("e1", wants={"ai": 1}), mentee("e2", wants={"ai": 1, "sql": 1})],
        [mentor("t1", offers={"ai": 5, "sql": 5}), mentor("t2", offers={"ai": 5})],
    )
    # e1 is equally served by both, e2 needs t1 for sql.
    assert paired(solve(p)) == {("e1", "t2"), ("e2", "t1")}


def test_mentor_takes_up_to_its_capacity():
    p = problem([mentee("e1"), mentee("e2"), mentee("e3")], [mentor("t", capacity=2)])
    result = solve(p)
    assert result.matched == 2
    assert len(result.unmatched) == 1


def test_locked_pair_is_kept_even_when_it_breaks_rules():
    p = problem(
        [mentee("e", level=3, manager="t")],
        [mentor("t", level=3), mentor("u")],
        locked=[("e", "t")],
        blocked=[("e", "t")],
    )
    result = solve(p)
    assert paired(result) == {("e", "t")}
    pair = result.pairs[0]
    assert pair.locked is True
    assert pair.breaks == ("level_gap", "manager_chain", "blocked")


def test_locked_pair_uses_up_mentor_capacity():
    p = problem(
        [mentee("e1"), mentee("e2", wants={"ai": 3})],
        [mentor("t", offers={"ai": 5}), mentor("u")],
        locked=[("e1", "t")],
    )
    result = solve(p)
    assert paired(result) == {("e1", "t"), ("e2", "u")}
    assert [pair.locked for pair in result.pairs] == [True, False]


def test_allowed_locked_pair_breaks_nothing():
    result = solve(problem([mentee("e")], [mentor("t")], locked=[("e", "t")]))
    assert result.pairs[0].locked and result.pairs[0].breaks == ()


def test_total_score_is_the_sum_of_pair_scores():
    result = solve(random_problem(np.random.default_rng(1), 30, 25))
    assert result.total_score == pytest.approx(sum(p.score for p in result.pairs), abs=1e-12)
    assert result.matched == len(result.pairs)


def test_same_input_gives_same_pairs():
    p = random_problem(np.random.default_rng(7), 80, 60, capacity=2)
    first, second = solve(p), solve(p)
    assert [(x.mentee, x.mentor, x.score) for x in first.pairs] == [
        (x.mentee, x.mentor, x.score) for x in second.pairs
    ]


def test_pairs_and_unmatched_come_in_mentee_order():
    p = random_problem(np.random.default_rng(3), 40, 10)
    result = solve(p)
    order = {person.id: i for i, person in enumerate(p.mentees)}
    assert [order[x.mentee] for x in result.pairs] == sorted(order[x.mentee] for x in result.pairs)
    assert len(result.pairs) + len(result.unmatched) == len(p.mentees)


# --- Exactness: brute force and an independent dense solver ----------------


def brute_force(p: Problem) -> tuple[int, float]:
    """Best (matched, total score) over every assignment, by enumeration."""
    scores = {(e.id, t.id): score_pair(p, e.id, t.id) for e in p.mentees for t in p.mentors}
    locked = dict(p.locked)
    options = []
    for e in p.mentees:
        if e.id in locked:
            options.append([locked[e.id]])
        else:
            allowed = [t.id for t in p.mentors if not scores[e.id, t.id].breaks]
            options.append([None, *allowed])
    capacity = {t.id: t.capacity for t in p.mentors}
    best = (0, -math.inf)
    for choice in itertools.product(*options):
        chosen = [t for t in choice if t is not None]
        if any(chosen.count(t) > capacity[t] for t in set(chosen)):
            continue
        total = math.fsum(
            scores[e.id, t].score for e, t in zip(p.mentees, choice, strict=True) if t
        )
        best = max(best, (len(chosen), total))
    return best


def dense_reference(p: Problem) -> tuple[int, float]:
    """(matched, total) from scipy's dense assignment over mentor slots, no locks."""
    assert not p.locked
    big = len(p.mentees) * 10.0 + 10.0
    value = np.zeros((len(p.mentees), len(p.mentors)))
    column = {t.id: j for j, t in enumerate(p.mentors)}
    for i, e in enumerate(p.mentees):
        for pair in best_alternatives(p, e.id, k=len(p.mentors)):  # every allowed mentor
            value[i, column[pair.mentor]] = big + pair.score
    # A mentor with capacity c is c identical columns.
    value = np.repeat(value, [t.capacity for t in p.mentors], axis=1)
    rows, cols = linear_sum_assignment(value, maximize=True)
    taken = value[rows, cols] > 0
    return int(taken.sum()), float(value[rows, cols][taken].sum() - big * taken.sum())


SKILLS = ["ai", "cloud", "sql", "sales", "finance"]
OFFSETS = [-12, -11, -5, 0, 1, 5.5, 9, 13, 14]


@st.composite
def small_problems(draw, max_mentees=5, max_mentors=4):
    n_e = draw(st.integers(0, max_mentees))
    n_t = draw(st.integers(0, max_mentors))
    n_people = draw(st.integers(0, 2))
    ids = [f"e{i}" for i in range(n_e)] + [f"t{j}" for j in range(n_t)]
    ids += [f"p{k}" for k in range(n_people)]
    order = draw(st.permutations(ids))
    # Each person's manager comes earlier in `order`: an org chart without cycles.
    manager = {
        pid: draw(st.one_of(st.none(), st.sampled_from(order[:k]))) if k else None
        for k, pid in enumerate(order)
    }

    def skills(values):
        return draw(st.dictionaries(st.sampled_from(SKILLS), values, max_size=3))

    def person(pid, low, high, capacity=1):
        return Person(
            id=pid,
            level=draw(st.integers(low, high)),
            department=draw(st.sampled_from("AB")),
            manager=manager[pid],
            utc_offset=draw(st.sampled_from(OFFSETS)),
            offers=skills(st.integers(1, 5)),
            wants=skills(st.integers(1, 3)),
            capacity=capacity,
        )

    mentees = [person(f"e{i}", 3, 10) for i in range(n_e)]
    mentors = [person(f"t{j}", 1, 6, draw(st.integers(1, 2))) for j in range(n_t)]
    people = [Person(id=f"p{k}", manager=manager[f"p{k}"]) for k in range(n_people)]
    all_pairs = [(e.id, t.id) for e in mentees for t in mentors]
    pair_lists = st.lists(st.sampled_from(all_pairs), max_size=3) if all_pairs else st.just([])
    locked = []
    load: dict[str, int] = {}
    for e, t in draw(pair_lists):
        if e not in dict(locked) and load.get(t, 0) < next(
            m.capacity for m in mentors if m.id == t
        ):
            locked.append((e, t))
            load[t] = load.get(t, 0) + 1
    weights = Weights(*(draw(st.sampled_from([0, 0.1, 0.25, 0.6, 1])) for _ in range(4)))
    return Problem(
        mentees=mentees,
        mentors=mentors,
        people=people,
        settings=Settings(
            min_level_gap=draw(st.integers(0, 3)),
            min_score=draw(st.sampled_from([0.0, 0.1, 0.3, 0.5])),
            weights=weights,
        ),
        locked=locked,
        blocked=draw(pair_lists),
        previous=draw(pair_lists),
    )


def assert_same_optimum(result, expected):
    assert result.matched == expected[0]
    assert result.total_score == pytest.approx(expected[1], abs=1e-9)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_result_is_the_brute_force_optimum(p):
    result = solve(p)
    assert_same_optimum(result, brute_force(p))
    for pair in result.pairs:
        assert pair.locked or pair.breaks == ()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_sparse_graph_with_one_candidate_is_still_optimal(p):
    # One edge per mentee: the certificate must find and add whatever else the
    # optimum needs.
    assert_same_optimum(solve(p, candidates=1), brute_force(p))


def random_problem(rng, n_mentees, n_mentors, capacity=1, **fields) -> Problem:
    def person(prefix, i, low, high, cap):
        return Person(
            id=f"{prefix}{i}",
            level=int(rng.integers(low, high + 1)),
            department=str(rng.choice(["A", "B", "C"])),
            utc_offset=float(rng.choice(OFFSETS)),
            offers={s: int(rng.integers(1, 6)) for s in rng.choice(SKILLS, 2, replace=False)},
            wants={s: int(rng.integers(1, 4)) for s in rng.choice(SKILLS, 2, replace=False)},
            capacity=cap,
        )

    return Problem(
        mentees=[person("e", i, 4, 10, 1) for i in range(n_mentees)],
        mentors=[person("t", j, 1, 6, capacity) for j in range(n_mentors)],
        **fields,
    )


@pytest.mark.parametrize(("seed", "capacity"), [(0, 1), (1, 1), (2, 2), (3, 3), (4, 1)])
def test_sparse_and_certified_equals_dense_reference_on_larger_problems(seed, capacity):
    p = random_problem(
        np.random.default_rng(seed), 60, 45, capacity, settings=Settings(min_score=0.3)
    )
    expected = dense_reference(p)
    for candidates in (1, 2, 5, 1000):
        assert_same_optimum(solve(p, candidates=candidates), expected)


def test_certificate_adds_the_edges_a_tiny_sparse_graph_misses(monkeypatch):
    added = []
    violations = engine._violations

    def counting(*args):
        extra = violations(*args)
        added.append(0 if extra is None else len(extra.row))
        return extra

    monkeypatch.setattr(engine, "_violations", counting)
    p = random_problem(np.random.default_rng(5), 60, 45, settings=Settings(min_score=0.3))
    assert_same_optimum(solve(p, candidates=1), dense_reference(p))
    assert added[0] > 0  # the first sparse optimum was not the global one
    assert added[-1] == 0  # and the last round proved optimality


def _flow_problem(rng, max_score):
    """A random sparse flow problem: graph edges, extra edges and the flow."""
    n, m = int(rng.integers(1, 16)), int(rng.integers(1, 10))
    scale = 64.0
    flow = engine._Flow(
        rows=np.arange(n),
        cols=np.arange(m),
        room=rng.integers(1, 3, m),
        scale=scale,
        unmatched_cost=(n + 3) * scale,
        score_to_units=scale,
    )
    cells = rng.permutation(n * m)[: int(rng.integers(1, n * m + 1))]
    cost = 2 * scale - rng.integers(0, max_score + 1, len(cells)).astype(float)
    edges = engine._Candidates(row=cells // m, col=cells % m, cost=cost)
    split = int(rng.integers(0, len(cells) + 1))
    graph = engine._Candidates(edges.row[:split], edges.col[:split], edges.cost[:split])
    extra = engine._Candidates(edges.row[split:], edges.col[split:], edges.cost[split:])
    return flow, graph, extra


def _objective(match, edges):
    cost = {(r, c): x for r, c, x in zip(edges.row, edges.col, edges.cost, strict=True)}
    return int((match >= 0).sum()), sum(cost[r, c] for r, c in enumerate(match) if c >= 0)


@pytest.mark.parametrize("seed", range(200))
def test_solving_again_only_what_can_change_gives_the_same_optimum(seed):
    # `_rematch` keeps the edges whose reduced cost settles them and solves the
    # rest; it must reach the optimum of solving the enlarged graph from scratch.
    # Scores 0..3 make many ties, 0..64 few.
    rng = np.random.default_rng(seed)
    flow, graph, extra = _flow_problem(rng, max_score=3 if seed % 2 else 64)
    n = len(flow.rows)
    match = engine._match(flow.room, graph, n)
    potentials = engine._potentials(flow, graph, match)
    rematched = engine._rematch(flow, graph, extra, match, potentials)
    enlarged = graph.plus(extra)
    assert (
        np.bincount(rematched[rematched >= 0], minlength=len(flow.room)).max(initial=0)
        <= flow.room.max()
    )
    assert _objective(rematched, enlarged) == _objective(
        engine._match(flow.room, enlarged, n), enlarged
    )


def test_later_rounds_solve_less_than_the_whole_graph(monkeypatch):
    rounds = []  # (edges in the graph, edges solved again) per round after the first
    match, rematch = engine._match, engine._rematch

    def recording_match(room, candidates, n):
        if rounds:
            rounds[-1][1] = len(candidates.row)
        return match(room, candidates, n)

    def recording_rematch(flow, graph, extra, *args):
        rounds.append([len(graph.row) + len(extra.row), None])
        return rematch(flow, graph, extra, *args)

    monkeypatch.setattr(engine, "_match", recording_match)
    monkeypatch.setattr(engine, "_rematch", recording_rematch)
    p = random_problem(np.random.default_rng(5), 60, 45, settings=Settings(min_score=0.3))
    assert_same_optimum(solve(p, candidates=1), dense_reference(p))
    assert any(solved < whole for whole, solved in rounds)


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("CHUNK_CELLS", 7),  # one row per block
        ("CHUNK_CELLS", 200),  # a few rows per block
        ("PLACE_TABLE_LIMIT", 0),  # tz and cross computed per cell, not looked up
        ("THREADS", 1),
    ],
)
def test_tuning_constants_do_not_change_the_optimum(monkeypatch, setting, value):
    p = random_problem(np.random.default_rng(6), 50, 40, 2, settings=Settings(min_score=0.2))
    monkeypatch.setattr(engine, setting, value)
    assert_same_optimum(solve(p, candidates=3), dense_reference(p))


@pytest.mark.parametrize(("setting", "value"), [("PLACE_TABLE_LIMIT", 0), ("THREADS", 1)])
def test_scores_are_the_same_bits_however_they_are_computed(monkeypatch, setting, value):
    p = random_problem(np.random.default_rng(8), 50, 40, 2)
    expected = [(x.mentee, x.mentor, x.score) for x in solve(p).pairs]
    monkeypatch.setattr(engine, setting, value)
    assert [(x.mentee, x.mentor, x.score) for x in solve(p).pairs] == expected


# --- Review board helpers ---------------------------------------------------


def test_best_alternatives_are_allowed_mentors_best_first():
    p = problem(
        [mentee("e", wants={"ai": 1})],
        [
            mentor("weak", offers={"ai": 1}),
            mentor("strong", offers={"ai": 5}),
            mentor("blocked", offers={"ai": 5}),
            mentor("middle", offers={"ai": 3}),
        ],
        blocked=[("e", "blocked")],
    )
    assert [x.mentor for x in best_alternatives(p, "e", k=2)] == ["strong", "middle"]
    others = best_alternatives(p, "e", k=5, exclude=["strong"])
    assert [x.mentor for x in others] == ["middle", "weak"]


def test_reported_scores_are_the_ones_optimised():
    # Whole score matrices and single pairs are computed by different code;
    # the scores must agree to the last bit or a pair at exactly min_score
    # could be optimised as allowed and reported as breaking the rule.
    p = random_problem(np.random.default_rng(9), 30, 30, settings=Settings(min_score=0.35))
    for e in p.mentees:
        for pair in best_alternatives(p, e.id, k=30):
            assert pair.breaks == ()
            assert pair.score == score_pair(p, e.id, pair.mentor).score
        scores = [pair.score for pair in best_alternatives(p, e.id, k=30)]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("place_table_limit", [0, 1 << 22])
def test_grid_and_single_pair_scores_are_the_same_bits(monkeypatch, place_table_limit):
    monkeypatch.setattr(engine, "PLACE_TABLE_LIMIT", place_table_limit)
    p = random_problem(np.random.default_rng(10), 40, 35)
    t = engine._tables(p)
    rows, cols = np.arange(40), np.arange(35)
    grid = engine._grid_scores(t, rows, cols)
    r, c = np.meshgrid(rows, cols, indexing="ij")
    single = engine._pair_scores(t, r.ravel(), c.ravel())[-1]
    assert np.array_equal(grid.ravel(), single)


def test_best_alternatives_of_unknown_mentee_is_an_error():
    with pytest.raises(ProblemError, match="unknown mentee 'nobody'"):
        best_alternatives(problem([mentee("e")], [mentor("t")]), "nobody")


def test_score_pair_lists_every_rule_a_hand_made_pair_breaks():
    p = problem(
        [mentee("e", level=2)],
        [mentor("t", level=2)],
        previous=[("e", "t")],
        settings=Settings(min_score=0.99),
    )
    assert score_pair(p, "e", "t").breaks == ("level_gap", "previous", "min_score")


# --- Errors -----------------------------------------------------------------


def valid_data():
    return {
        "mentees": [
            {"id": "e1", "level": 8, "department": "Sales", "utc_offset": 1, "manager": "p1"},
            {"id": "e2", "level": 7, "department": "Sales", "utc_offset": 1},
        ],
        "mentors": [
            {"id": "t1", "level": 2, "department": "Data", "utc_offset": 0, "capacity": 1},
            {"id": "t2", "level": 3, "department": "Data", "utc_offset": 0, "capacity": 2},
        ],
        "people": [{"id": "p1", "manager": None}],
    }


def with_change(change):
    data = json.loads(json.dumps(valid_data()))
    change(data)
    return data


def set_path(*path_and_value):
    *path, value = path_and_value

    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


BAD_PROBLEMS = [
    (set_path("mentors", 0, "id", "e1"), "duplicate id 'e1' (as mentee and mentor)"),
    (set_path("people", 0, "id", "t2"), "duplicate id 't2' (as mentor and person)"),
    (set_path("mentees", 1, "manager", "ghost"), "mentee 'e2': unknown manager 'ghost'"),
    (set_path("people", 0, "manager", "e1"), "managers form a cycle: "),
    (set_path("mentees", 1, "manager", "e2"), "managers form a cycle: e2 -> e2"),
    (set_path("mentees", 0, "level", 11), "mentee 'e1': level 11 is out of range 1..10"),
    (set_path("mentors", 1, "level", 0), "mentor 't2': level 0 is out of range 1..10"),
    (set_path("mentees", 0, "utc_offset", 14.5), "mentee 'e1': utc_offset 14.5 is out of range"),
    (set_path("mentors", 0, "offers", {"ai": 6}), "mentor 't1': proficiency of 'ai' 6 is out"),
    (set_path("mentees", 0, "wants", {"ai": 0}), "mentee 'e1': priority of 'ai' 0 is out"),
    (set_path("mentors", 0, "capacity", 0), "mentor 't1': capacity 0 must be at least 1"),
    (set_path("settings", {"weights": {"tz": -0.1}}), "settings.weights.tz must be"),
    (set_path("settings", {"weights": {"fun": 1}}), "settings.weights: unknown field 'fun'"),
    (set_path("settings", {"min_level_gap": 10}), "settings.min_level_gap 10 is out of range"),
    (set_path("settings", {"min_score": -1}), "settings.min_score must be"),
    (set_path("locked", [["e1", "t9"]]), "locked pair ['e1', 't9']: unknown mentor 't9'"),
    (set_path("blocked", [["t1", "e1"]]), "blocked pair ['t1', 'e1']: unknown mentee 't1'"),
    (set_path("previous", [["e9", "t1"]]), "previous pair ['e9', 't1']: unknown mentee 'e9'"),
    (
        set_path("locked", [["e1", "t1"], ["e1", "t2"]]),
        "mentee 'e1' is locked twice: to 't1' and to 't2'",
    ),
    (
        set_path("locked", [["e1", "t1"], ["e2", "t1"]]),
        "locked pair ['e2', 't1']: mentor 't1' has more locked mentees than its capacity 1",
    ),
    (set_path("mentees", 0, "level", "8"), "mentee 'e1': 'level' must be an integer"),
    (set_path("mentees", 0, "level", True), "mentee 'e1': 'level' must be an integer"),
    (lambda d: d["mentors"][0].pop("utc_offset"), "mentor 't1': missing 'utc_offset'"),
    (lambda d: d.pop("mentors"), "the problem has no 'mentors' list"),
]


@pytest.mark.parametrize(("change", "message"), BAD_PROBLEMS)
def test_bad_problem_is_rejected_with_a_message_naming_it(change, message):
    with pytest.raises(ProblemError) as error:
        solve(problem_from_dict(with_change(change)))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_valid_problem_is_accepted():
    assert solve(problem_from_dict(valid_data())).matched == 2


# --- The JSON face ----------------------------------------------------------


def run_cli(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "pairing.engine", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_prints_the_result_json(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(valid_data()))
    done = run_cli(str(path))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"pairs", "unmatched", "matched", "total_score", "seconds"}
    assert result["matched"] == 2
    pair = result["pairs"][0]
    assert set(pair) >= {"mentee", "mentor", "score", "parts", "locked", "breaks"}
    assert set(pair["parts"]) == {"learn", "give", "tz", "cross"}
    assert result["total_score"] == pytest.approx(sum(p["score"] for p in result["pairs"]))


def test_cli_reads_standard_input():
    done = run_cli("-", stdin=json.dumps(valid_data()))
    assert done.returncode == 0
    assert json.loads(done.stdout)["matched"] == 2


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (json.dumps(with_change(set_path("mentees", 0, "level", 0))), "mentee 'e1': level 0"),
        (json.dumps(with_change(set_path("mentors", 0, "id", "e1"))), "duplicate id 'e1'"),
        (json.dumps(with_change(set_path("people", 0, "manager", "e1"))), "managers form a cycle"),
        ('{"mentees": [', "- is not valid JSON"),
        ("[]", "the problem must be a JSON object"),
    ],
)
def test_cli_rejects_bad_problem_with_one_line_and_status_2(stdin, message):
    done = run_cli("-", stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert message in done.stderr


def test_cli_reports_a_missing_file(tmp_path):
    done = run_cli(str(tmp_path / "nope.json"))
    assert (done.returncode, done.stdout) == (2, "")
    assert (
        done.stderr == f"error: cannot read {tmp_path / 'nope.json'}: No such file or directory\n"
    )


def test_result_to_dict_carries_the_reasons():
    p = problem(
        [mentee("e", wants={"ai": 2}, offers={"finance": 3}), mentee("f", level=1)],
        [mentor("t", offers={"ai": 4}, wants={"finance": 1}, utc_offset=3)],
    )
    data = result_to_dict(solve(p))
    assert data["pairs"][0]["skills"] == {
        "learn": [{"skill": "ai", "priority": 2, "proficiency": 4}],
        "give": [{"skill": "finance", "priority": 1, "proficiency": 3}],
    }
    assert data["pairs"][0]["hours_apart"] == 3.0
    assert data["unmatched"] == [
        {
            "mentee": "f",
            "reason": "no allowed mentor: 1 too close in level",
            "allowed": 0,
            "excluded": {
                "level_gap": 1,
                "manager_chain": 0,
                "blocked": 0,
                "previous": 0,
                "min_score": 0,
            },
        }
    ]
    json.dumps(data)  # plain JSON types only
