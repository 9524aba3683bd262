"""The engine's problem, built from the database."""

import datetime
import time

import pytest
from django.core.cache import cache

from accounts.models import Skill, SkillOffered
from accounts.tests.factories import ProfileFactory
from pairing.models import Pairing, PairRule
from pairing.problem import build_problem, person_id, utc_offset
from programs.models import Role
from programs.tests.factories import EnrolmentFactory, ProgramFactory

from .conftest import enrol

pytestmark = pytest.mark.django_db


def ids(people) -> set[str]:
    return {p.id for p in people}


def test_approved_enrolments_become_mentees_and_mentors_with_skills(program, cohort):
    built = build_problem(program)
    ceo = next(p for p in built.problem.mentees if p.id == person_id(cohort["ceo"].user_id))
    assert ceo.level == 10 and ceo.wants == {"Generative AI assistants": 3}
    assert ceo.offers == {"Negotiation": 5}
    assert ids(built.problem.mentors) == {
        person_id(cohort["ai"].user_id),
        person_id(cohort["social"].user_id),
    }
    assert built.enrolments[person_id(cohort["ai"].user_id)].pk == cohort["ai"].pk


def test_pending_and_withdrawn_enrolments_stay_out(program, cohort):
    EnrolmentFactory(program=program, status="pending")
    EnrolmentFactory(program=program, status="withdrawn", role=Role.MENTOR)
    assert len(build_problem(program).problem.mentees) == 2


def test_the_org_chart_includes_managers_who_did_not_enrol(program):
    boss = ProfileFactory(level=8)
    junior = enrol(program, role=Role.MENTOR, level=2, manager=boss.user)
    built = build_problem(program)
    mentor = built.problem.mentors[0]
    assert mentor.id == person_id(junior.user_id)
    assert mentor.manager == person_id(boss.user_id)
    assert person_id(boss.user_id) in ids(built.problem.people)


def test_the_org_chart_keeps_whole_reporting_lines_and_leaves_out_people_on_none(program):
    top = ProfileFactory(level=9)
    boss = ProfileFactory(level=8, manager=top.user)
    bystander = ProfileFactory(level=8, manager=top.user)  # on no enrolled person's line
    enrol(program, role=Role.MENTOR, level=2, manager=boss.user)
    people = ids(build_problem(program).problem.people)
    assert {person_id(boss.user_id), person_id(top.user_id)} <= people  # two levels up
    assert person_id(bystander.user_id) not in people


def test_pairs_of_earlier_programs_are_previous_unless_repeats_are_allowed(program, cohort):
    earlier = ProgramFactory(phase="closed")
    old_mentee = EnrolmentFactory(program=earlier, user=cohort["ceo"].user)
    old_mentor = EnrolmentFactory(program=earlier, user=cohort["ai"].user, role=Role.MENTOR)
    Pairing.objects.create(
        program=earlier, mentee=old_mentee, mentor=old_mentor, status="ended", score=0.5
    )
    pair = (person_id(cohort["ceo"].user_id), person_id(cohort["ai"].user_id))
    assert build_problem(program).problem.previous == [pair]
    program.allow_repeat_pairs = True
    assert build_problem(program).problem.previous == []


def test_locks_and_blocks_come_from_hrs_rules(program, cohort):
    PairRule.objects.create(program=program, mentee=cohort["ceo"], mentor=cohort["ai"], kind="lock")
    PairRule.objects.create(
        program=program, mentee=cohort["cfo"], mentor=cohort["ai"], kind="block"
    )
    problem = build_problem(program).problem
    assert problem.locked == [(person_id(cohort["ceo"].user_id), person_id(cohort["ai"].user_id))]
    assert problem.blocked == [(person_id(cohort["cfo"].user_id), person_id(cohort["ai"].user_id))]


def test_someone_without_a_level_is_skipped_with_a_reason(program, cohort):
    nobody = EnrolmentFactory(program=program)
    nobody.user.profile.level = None
    nobody.user.profile.save()
    built = build_problem(program)
    assert built.skipped == {nobody.pk: "The profile does not say the person's level."}


def test_utc_offsets_follow_daylight_saving():
    winter = datetime.datetime(2026, 1, 15, tzinfo=datetime.UTC)
    summer = datetime.datetime(2026, 7, 15, tzinfo=datetime.UTC)
    assert utc_offset("Europe/London", winter) == 0
    assert utc_offset("Europe/London", summer) == 1
    assert utc_offset("Asia/Kolkata", summer) == 5.5
    assert utc_offset("Not/AZone", summer) == 0


def test_the_kept_mentors_key_changes_with_the_shape_of_what_is_kept(monkeypatch):
    """An entry pickled by the code before a deploy is not read by code whose people have
    other fields (it would unpickle without them and fail, or score on a missing field)."""
    from dataclasses import dataclass

    from pairing import engine, problem

    before = problem._shape_of_kept()

    @dataclass(frozen=True)
    class Person(engine.Person):
        languages: tuple[str, ...] = ()

    monkeypatch.setattr(engine, "Person", Person)
    assert problem._shape_of_kept() != before


def _offers_of_ai(program, cohort) -> dict[str, int]:
    built = build_problem(program, mentee=cohort["ceo"])
    ai = person_id(cohort["ai"].user_id)
    return next(p.offers for p in built.problem.mentors if p.id == ai)


def _ai_learns_negotiation(cohort) -> None:
    """The mentor edits their own profile: nothing HR did, so the kept mentors' key stays."""
    user = cohort["ai"].user
    SkillOffered.objects.create(
        user=user, skill=Skill.objects.get(name="Negotiation"), proficiency=4
    )


def test_one_mentee_against_every_mentor_reads_the_mentors_kept_a_minute(
    program, cohort, monkeypatch
):
    from pairing import problem

    assert "Negotiation" not in _offers_of_ai(program, cohort)
    _ai_learns_negotiation(cohort)
    assert "Negotiation" not in _offers_of_ai(program, cohort)  # this process's copy, a minute
    read_at = time.time()
    monkeypatch.setattr(time, "time", lambda: read_at + problem.MENTORS_KEPT_SECONDS + 1)
    assert "Negotiation" in _offers_of_ai(program, cohort)  # a minute later it is read again


def test_clearing_the_cache_clears_the_mentors_kept_in_the_process(program, cohort):
    _offers_of_ai(program, cohort)
    _ai_learns_negotiation(cohort)
    cache.clear()
    assert "Negotiation" in _offers_of_ai(program, cohort)


def test_a_mentor_approved_by_hr_is_among_every_mentor_at_once(program, cohort):
    build_problem(program, mentee=cohort["ceo"])
    late = enrol(program, role=Role.MENTOR, level=2, offers=["Generative AI assistants"])
    mentors = build_problem(program, mentee=cohort["ceo"]).problem.mentors
    assert person_id(late.user_id) in ids(mentors)
