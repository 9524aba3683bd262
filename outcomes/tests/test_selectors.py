"""The figures of the outcomes page: right on small hand-made examples, hidden below five."""

import datetime

import pytest

from accounts.tests.factories import ProfileFactory
from outcomes import selectors
from outcomes.models import Answer, FitCheck, Moment
from outcomes.selectors import MIN_ANSWERS, add_months
from outcomes.services import survey_for
from pairing.models import Pairing
from programs.models import Phase, Role
from programs.tests.factories import EnrolmentFactory
from sessions_log.models import Goal, Meeting

from .conftest import held_meeting, make_pairs, rate, running_program, today

pytestmark = pytest.mark.django_db


def test_the_minimum_group_is_five():
    assert MIN_ANSWERS == 5
    assert not selectors.enough(4) and selectors.enough(5)


@pytest.mark.parametrize("people, shown", [(4, False), (5, True)])
def test_skill_growth_is_hidden_below_five_answers(program, people, shown):
    pairings = make_pairs(program, people)
    for index, pairing in enumerate(pairings):
        rate(pairing.mentee, "Social media for leaders", start=1, midpoint=2 + index % 2)
    [row] = selectors.skill_growth(program)
    assert (row.role, row.skill, row.answered, row.shown) == (
        Role.MENTEE, "Social media for leaders", people, shown
    )  # fmt: skip
    if shown:
        assert row.start == 1 and row.now == pytest.approx(2.4) and row.improved == 1
        assert row.change == pytest.approx(1.4)
    else:
        assert row.start is row.now is row.improved is None


def test_skill_growth_counts_both_directions_and_takes_the_end_over_the_midpoint(program):
    pairings = make_pairs(program, 5)
    for pairing in pairings:
        rate(pairing.mentee, "Generative AI assistants", start=2, midpoint=3, end=4)
        rate(pairing.mentor, "Negotiation", start=3, end=3)
    rate(pairings[0].mentor, "Executive communication", start=1)  # no later level: not counted
    rows = {(r.role, r.skill): r for r in selectors.skill_growth(program)}
    executives = rows[(Role.MENTEE, "Generative AI assistants")]
    juniors = rows[(Role.MENTOR, "Negotiation")]
    assert (executives.start, executives.now, executives.improved) == (2, 4, 1)
    assert (juniors.start, juniors.now, juniors.improved) == (3, 3, 0)
    assert (Role.MENTOR, "Executive communication") not in rows


def _answer(question, n: int, *, scale=None, text=""):
    Answer.objects.bulk_create(
        Answer(question=question, role=Role.MENTEE, scale=scale, text=text) for _ in range(n)
    )


@pytest.mark.parametrize("people, shown", [(4, False), (5, True)])
def test_survey_answers_and_free_text_are_hidden_below_five(program, people, shown):
    survey = survey_for(program=program, moment=Moment.MIDPOINT)
    scale = survey.questions.filter(kind="scale").first()
    text = survey.questions.get(kind="text")
    _answer(scale, people - 1, scale=4)
    _answer(scale, 1, scale=2)
    _answer(text, people, text="More time with the CEO")
    results = {r.text: r for r in selectors.survey_results(program)}
    assert results[scale.text].shown is shown and results[text.text].shown is shown
    if shown:
        assert results[scale.text].average == pytest.approx(3.6)
        assert results[scale.text].counts == [0, 1, 0, 4, 0]
        assert results[scale.text].favourable == pytest.approx(0.8)
        assert results[text.text].texts == ["More time with the CEO"] * 5
    else:
        assert results[scale.text].average is None and results[text.text].texts == []


@pytest.mark.parametrize("people, shown", [(4, False), (5, True)])
def test_fit_results_are_hidden_below_five(program, people, shown):
    for pairing in make_pairs(program, people):
        FitCheck.objects.create(pairing=pairing, role=Role.MENTEE, fit=4, learning=5)
    fit, learning = selectors.fit_results(program)
    assert fit.shown is learning.shown is shown
    assert learning.average == (5 if shown else None)


def test_poor_fit_lists_the_pair_whichever_side_answered(program):
    calm, poor_mentee, poor_mentor = make_pairs(program, 3)
    FitCheck.objects.create(pairing=calm, role=Role.MENTEE, fit=4, learning=4)
    FitCheck.objects.create(pairing=poor_mentee, role=Role.MENTEE, fit=2, learning=4)
    FitCheck.objects.create(pairing=poor_mentor, role=Role.MENTOR, fit=5, learning=1)
    assert set(selectors.poor_fit(program)) == {poor_mentee, poor_mentor}


def test_meetings_are_counted_per_fortnight_from_the_start(program):
    [pairing] = make_pairs(program, 1)
    held_meeting(pairing, days_ago=59)  # first fortnight
    held_meeting(pairing, days_ago=58, held=False)
    cancelled = held_meeting(pairing, days_ago=44)  # second fortnight
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    fortnights = selectors.meetings_by_fortnight(program)
    assert [(f.held, f.missed, f.cancelled) for f in fortnights[:2]] == [(1, 1, 0), (0, 0, 1)]
    assert fortnights[1].starts == program.starts_on + datetime.timedelta(days=14)
    assert len(fortnights) == 60 // 14 + 1  # up to today


def test_cadence_counts_each_pair_up_to_what_the_rhythm_asks(program):
    keen, silent = make_pairs(program, 2)  # published 50 days ago, a meeting every 2 weeks: 3
    for days_ago in (45, 40, 30, 20, 10):
        held_meeting(keen, days_ago=days_ago)
    cadence = selectors.cadence(program)
    assert (cadence.pairs, cadence.expected, cadence.held, cadence.on_rhythm) == (2, 6, 3, 1)
    assert cadence.adherence == pytest.approx(0.5)


def test_goals_are_counted_per_direction_without_dropped_ones(program):
    [pairing] = make_pairs(program, 1)
    Goal.objects.create(pairing=pairing, title="a", status="achieved", progress=100)
    Goal.objects.create(pairing=pairing, title="b", progress=40)
    Goal.objects.create(pairing=pairing, title="c", status="dropped")
    Goal.objects.create(pairing=pairing, title="d", direction="mentor", progress=10)
    executives, juniors = selectors.goals(program)
    assert (executives.total, executives.achieved, executives.progress) == (2, 1, 70)
    assert (juniors.total, juniors.achieved) == (1, 0)


def test_add_months_keeps_the_day_or_takes_the_last_of_a_short_month():
    assert add_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2025, 1, 15), 12) == datetime.date(2026, 1, 15)


def _employee(level: int, department: str, left_on=None):
    return ProfileFactory(level=level, department=department, left_on=left_on).user


def test_retention_against_a_matched_comparison_group_on_a_hand_made_example():
    """Known answer, by hand. Start 1 Jan 2025; 6 months: 1 Jul 2025; 12 months: 1 Jan 2026.

    Mentors: cell (3, Sales) 4 people, one left 1 Mar 2025; cell (2, Legal) 2 people, both
    stay; one mentor in (4, Finance), a cell without comparison people: not matched.
    Comparison: (3, Sales) 10 people, 5 left 1 Mar 2025, 1 more left 1 Sep 2025;
    (2, Legal) 5 people, none left; (1, Sales) 3 people: no mentor in that cell, not used;
    someone who left before the start and someone who took part are never counted.

    6 months: mentors 5/6; comparison = 4/6 * 5/10 + 2/6 * 5/5 = 1/3 + 1/3 = 2/3.
    12 months: mentors 5/6; comparison = 4/6 * 4/10 + 2/6 * 1 = 4/15 + 5/15 = 3/5.
    """
    start = datetime.date(2025, 1, 1)
    program = running_program(
        phase=Phase.CLOSED, starts_on=start, ends_on=datetime.date(2025, 6, 30)
    )
    march, september = datetime.date(2025, 3, 1), datetime.date(2025, 9, 1)
    mentors = [_employee(3, "Sales", march)] + [_employee(3, "Sales") for _ in range(3)]
    mentors += [_employee(2, "Legal") for _ in range(2)] + [_employee(4, "Finance")]
    for user in mentors:
        pairing = make_pairs(program, 1)[0]
        mentor = EnrolmentFactory(program=program, user=user, role=Role.MENTOR)
        Pairing.objects.filter(pk=pairing.pk).update(mentor=mentor)
    comparison = [_employee(3, "Sales", march) for _ in range(5)] + [
        _employee(3, "Sales", september)
    ]
    comparison += [_employee(3, "Sales") for _ in range(4)] + [
        _employee(2, "Legal") for _ in range(5)
    ]
    comparison += [_employee(1, "Sales") for _ in range(3)]
    _employee(3, "Sales", datetime.date(2024, 12, 1))  # left before the start
    took_part = _employee(3, "Sales")
    EnrolmentFactory(program=running_program(), user=took_part, role=Role.MENTOR)

    six, twelve = selectors.retention(program, today=datetime.date(2026, 3, 1))
    assert (six.mentors, six.comparison) == (6, 15)
    assert six.shown and twelve.shown
    assert six.mentors_rate == pytest.approx(5 / 6)
    assert six.comparison_rate == pytest.approx(2 / 3)
    assert twelve.mentors_rate == pytest.approx(5 / 6)
    assert twelve.comparison_rate == pytest.approx(3 / 5)


def test_retention_waits_for_its_date_and_for_five_people_in_each_group():
    program = running_program(starts_on=today() - datetime.timedelta(days=200))
    for pairing in make_pairs(program, 4):  # four mentors (level 3, Marketing)
        assert pairing.mentor.user.profile.level == 3
    for _ in range(6):
        _employee(3, "Marketing")
    six, twelve = selectors.retention(program)
    assert six.due and not six.shown  # four mentors: too few
    assert not twelve.due and twelve.on > today()


def test_summaries_of_closed_programs_need_five_people_for_the_growth_share():
    closed = running_program(phase=Phase.CLOSED)
    pairings = make_pairs(closed, 5)
    for index, pairing in enumerate(pairings):
        rate(pairing.mentee, "Social media for leaders", start=2, end=3 if index else 2)
        held_meeting(pairing, days_ago=10)
    running = running_program()
    summary = selectors.summaries([closed, running])
    assert list(summary) == [closed.pk]
    assert (summary[closed.pk].held, summary[closed.pk].improved_share) == (5, 0.8)
