"""The rules of programs and enrolments (mentoring/services.py)."""

import pytest

from accounts.tests.factories import ProfileFactory, UserFactory
from programs.models import Enrolment, EnrolmentStatus, Phase, Role
from programs.services import (
    EnrolmentData,
    ProgramError,
    eligibility_problems,
    enrolment_save,
    enrolment_withdraw,
    enrolments_decide,
    phase_blockers,
    program_copy,
    program_move_phase,
)

from .factories import EnrolmentFactory, ProgramFactory, days

pytestmark = pytest.mark.django_db


def enrol(program, user, role=Role.MENTEE, accept=True, capacity=1):
    data = EnrolmentData(
        role=role, hopes="", availability=["tue-morning"], capacity=capacity,
        accepts_ground_rules=accept,
    )  # fmt: skip
    return enrolment_save(program=program, user=user, data=data)


# Phases


def test_a_draft_without_dates_cannot_open_enrolment():
    program = ProgramFactory(phase=Phase.DRAFT, enrolment_opens=None)
    with pytest.raises(ProgramError, match="Set all four dates"):
        program_move_phase(program=program, to=Phase.ENROLLING)
    program.refresh_from_db()
    assert program.phase == Phase.DRAFT


def test_dates_in_the_wrong_order_are_named():
    program = ProgramFactory(phase=Phase.DRAFT, starts_on=days(300))
    assert phase_blockers(program, Phase.ENROLLING) == ["The program must end after it starts."]


def test_a_draft_with_dates_opens_enrolment():
    program = ProgramFactory(phase=Phase.DRAFT)
    assert program_move_phase(program=program, to=Phase.ENROLLING).phase == Phase.ENROLLING


def test_phases_cannot_be_skipped():
    program = ProgramFactory(phase=Phase.DRAFT)
    with pytest.raises(ProgramError, match="cannot go from Draft to Running"):
        program_move_phase(program=program, to=Phase.RUNNING)


def test_matching_needs_a_mentee_and_a_mentor_and_no_waiting_enrolment():
    program = ProgramFactory()
    assert set(phase_blockers(program, Phase.MATCHING)) == {
        "No mentee is approved yet.",
        "No mentor is approved yet.",
    }
    EnrolmentFactory(program=program, role=Role.MENTEE)
    EnrolmentFactory(program=program, role=Role.MENTOR)
    pending = EnrolmentFactory(program=program, role=Role.MENTOR, status=EnrolmentStatus.PENDING)
    assert phase_blockers(program, Phase.MATCHING) == [
        "Approve or decline the enrolments that are still waiting."
    ]
    pending.delete()
    assert program_move_phase(program=program, to=Phase.MATCHING).phase == Phase.MATCHING


def test_matching_can_step_back_to_enrolling():
    program = ProgramFactory(phase=Phase.MATCHING)
    assert program_move_phase(program=program, to=Phase.ENROLLING).phase == Phase.ENROLLING


def test_copying_a_program_keeps_the_settings_and_no_one_is_enrolled():
    program = ProgramFactory(min_level_gap=3, weight_learn=0.9, departments=["Finance"])
    EnrolmentFactory(program=program)
    copy = program_copy(program=program, by=UserFactory())
    assert copy.phase == Phase.DRAFT and copy.copied_from == program
    assert (copy.min_level_gap, copy.weight_learn, copy.departments) == (3, 0.9, ["Finance"])
    assert copy.starts_on is None and not copy.enrolments.exists()


# Eligibility and enrolment


def test_eligibility_follows_the_program_levels_and_departments():
    program = ProgramFactory(mentee_min_level=7, mentor_max_level=4, departments=["Finance"])
    analyst = ProfileFactory(level=3, department="Finance").user
    director = ProfileFactory(level=7, department="Marketing").user
    assert eligibility_problems(program=program, user=analyst, role=Role.MENTOR) == []
    assert eligibility_problems(program=program, user=analyst, role=Role.MENTEE) == [
        "Mentees in this program are from level 7 up."
    ]
    assert eligibility_problems(program=program, user=director, role=Role.MENTEE) == [
        "This program is for Finance."
    ]
    nobody = UserFactory()
    assert (
        "does not say your level"
        in eligibility_problems(program=program, user=nobody, role=Role.MENTOR)[0]
    )


def test_enrolling_keeps_the_time_the_ground_rules_were_accepted():
    program = ProgramFactory()
    enrolment = enrol(program, ProfileFactory(level=8).user)
    assert enrolment.ground_rules_accepted_at is not None
    assert enrolment.status == EnrolmentStatus.APPROVED  # no approval asked


def test_enrolling_without_accepting_the_ground_rules_is_refused():
    program = ProgramFactory()
    with pytest.raises(ProgramError, match="Accept the ground rules"):
        enrol(program, ProfileFactory(level=8).user, accept=False)
    assert not Enrolment.objects.exists()


def test_an_ineligible_role_is_refused_with_the_reason():
    program = ProgramFactory()
    with pytest.raises(ProgramError, match="Mentors in this program are up to level 4"):
        enrol(program, ProfileFactory(level=8).user, role=Role.MENTOR)


def test_enrolment_is_closed_outside_its_dates():
    program = ProgramFactory(enrolment_closes=days(-1), enrolment_opens=days(-9))
    with pytest.raises(ProgramError, match="closed"):
        enrol(program, ProfileFactory(level=8).user)


def test_one_role_per_program_and_changing_it_replaces_the_enrolment():
    program = ProgramFactory(mentee_min_level=3, mentor_max_level=5)
    user = ProfileFactory(level=4).user
    enrol(program, user, role=Role.MENTEE)
    enrol(program, user, role=Role.MENTOR, capacity=2)
    enrolment = Enrolment.objects.get(program=program, user=user)
    assert (enrolment.role, enrolment.capacity) == (Role.MENTOR, 2)


def test_mentor_capacity_is_capped_at_the_programs():
    program = ProgramFactory(default_capacity=2)
    enrolment = enrol(program, ProfileFactory(level=3).user, role=Role.MENTOR, capacity=5)
    assert enrolment.capacity == 2


def test_an_employee_may_be_mentee_in_one_program_and_mentor_in_another():
    user = ProfileFactory(level=5).user
    first = ProgramFactory(mentee_min_level=5)
    second = ProgramFactory(mentor_max_level=5)
    assert enrol(first, user, role=Role.MENTEE).role == Role.MENTEE
    assert enrol(second, user, role=Role.MENTOR).role == Role.MENTOR


def test_when_hr_approves_enrolments_wait_for_a_decision():
    program = ProgramFactory(requires_approval=True)
    enrolment = enrol(program, ProfileFactory(level=8).user)
    assert enrolment.status == EnrolmentStatus.PENDING


def test_withdraw_before_matching_starts():
    program = ProgramFactory()
    enrolment = enrol(program, ProfileFactory(level=8).user)
    enrolment_withdraw(enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_no_withdraw_once_matching_has_started():
    enrolment = EnrolmentFactory(program=ProgramFactory(phase=Phase.MATCHING))
    with pytest.raises(ProgramError, match="Matching has started"):
        enrolment_withdraw(enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.APPROVED


def test_enrolling_again_after_withdrawing_asks_hr_again():
    program = ProgramFactory(requires_approval=True)
    user = ProfileFactory(level=8).user
    enrolment = EnrolmentFactory(program=program, user=user, status=EnrolmentStatus.WITHDRAWN)
    enrol(program, user)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.PENDING


def test_hr_decides_many_enrolments_at_once_with_a_reason():
    program = ProgramFactory(requires_approval=True)
    waiting = [EnrolmentFactory(program=program, status=EnrolmentStatus.PENDING) for _ in range(3)]
    withdrawn = EnrolmentFactory(program=program, status=EnrolmentStatus.WITHDRAWN)
    hr = UserFactory(hr_admin=True)
    count = enrolments_decide(
        enrolments=program.enrolments.all(), approve=False, reason="Full this time", by=hr
    )
    assert count == 3
    for enrolment in waiting:
        enrolment.refresh_from_db()
        assert (enrolment.status, enrolment.decision_reason) == ("declined", "Full this time")
        assert enrolment.decided_by == hr
    withdrawn.refresh_from_db()
    assert withdrawn.status == EnrolmentStatus.WITHDRAWN
