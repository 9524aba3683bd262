"""Runs, the board's changes, publishing and ending (pairing/services.py)."""

import pytest

from pairing.models import Pairing, PairingRun, PairRule
from pairing.services import (
    PairingError,
    pair_allow_again,
    pair_assign,
    pair_block,
    pair_lock,
    pair_rule_undo,
    pairing_end,
    pairing_run_execute,
    pairing_run_start,
    pairings_publish,
)
from pairing.tasks import send_introductions
from programs.models import Phase, Role
from programs.services import ProgramError, program_move_phase

from .conftest import enrol

pytestmark = pytest.mark.django_db


def run(program, hr, **kwargs) -> PairingRun:
    return pairing_run_execute(
        run=PairingRun.objects.create(program=program, started_by=hr, **kwargs)
    )


def pairs(program, status="proposed") -> set[tuple[str, str]]:
    return {
        (p.mentee.user.email, p.mentor.user.email)
        for p in program.pairings.filter(status=status).select_related(
            "mentee__user", "mentor__user"
        )
    }


def test_a_run_proposes_the_best_pairs_and_is_kept(program, cohort, hr):
    done = run(program, hr)
    assert done.status == "done" and done.matched == 2
    assert pairs(program) == {
        (cohort["ceo"].user.email, cohort["ai"].user.email),
        (cohort["cfo"].user.email, cohort["social"].user.email),
    }
    best = program.pairings.get(mentee=cohort["ceo"])
    assert best.parts["learn"] == 1.0 and best.parts["give"] == 1.0 and best.parts["cross"] == 1
    assert best.reasons["learn"][0]["skill"] == "Generative AI assistants"
    assert done.total_score == pytest.approx(sum(p.score for p in program.pairings.all()))
    assert done.seconds is not None and done.mentees == 2 and done.mentors == 2


def test_starting_a_run_through_the_task_finishes_it(
    program, cohort, hr, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = pairing_run_start(program=program, by=hr)
    started.refresh_from_db()
    assert started.status == "done" and started.progress == "Done"
    assert program.pairings.proposed().count() == 2


def test_a_run_needs_the_matching_phase(cohort, hr, program):
    program.phase = Phase.ENROLLING
    with pytest.raises(PairingError, match="while the program is matching"):
        pairing_run_start(program=program, by=hr)


def test_unmatched_mentees_come_with_the_reason(program, cohort, hr):
    lonely = enrol(program, role=Role.MENTEE, level=2)  # below every mentor: level gap
    done = run(program, hr)
    assert [u["enrolment"] for u in done.unmatched] == [lonely.pk]
    assert "level" in done.unmatched[0]["reason"]


def test_running_again_keeps_the_locks(program, cohort, hr):
    run(program, hr)
    worse = program.pairings.get(mentee=cohort["cfo"])
    assigned = pair_assign(program=program, mentee=cohort["cfo"], mentor=cohort["ai"], by=hr)
    assert assigned.pairing and assigned.breaks == []
    run(program, hr)
    assert program.pairings.get(mentee=cohort["cfo"]).mentor == cohort["ai"]
    assert not Pairing.objects.filter(pk=worse.pk).exists()


def test_locking_a_proposed_pair_makes_it_survive_a_rerun(program, cohort, hr):
    run(program, hr)
    pair_lock(pairing=program.pairings.get(mentee=cohort["ceo"]), by=hr)
    assert PairRule.objects.filter(kind="lock", mentee=cohort["ceo"], mentor=cohort["ai"]).exists()
    run(program, hr)
    assert program.pairings.get(mentee=cohort["ceo"]).mentor == cohort["ai"]


def test_a_blocked_pair_is_never_proposed_again(program, cohort, hr):
    run(program, hr)
    pair_block(pairing=program.pairings.get(mentee=cohort["ceo"]), by=hr)
    run(program, hr)
    assert program.pairings.get(mentee=cohort["ceo"]).mentor == cohort["social"]


def test_assigning_by_hand_respects_capacity(program, cohort, hr):
    cohort["ai"].capacity = 1
    cohort["ai"].save()
    run(program, hr)
    with pytest.raises(PairingError, match="has no free place"):
        pair_assign(program=program, mentee=cohort["cfo"], mentor=cohort["ai"], by=hr)


def test_assigning_a_pair_that_breaks_a_rule_warns_first(program, cohort, hr):
    manager_mentor = enrol(program, role=Role.MENTOR, level=4)
    profile = cohort["cfo"].user.profile
    profile.manager = manager_mentor.user  # the junior manages the executive: odd, but a rule
    profile.save()
    run(program, hr)
    warned = pair_assign(program=program, mentee=cohort["cfo"], mentor=manager_mentor, by=hr)
    assert warned.pairing is None and warned.breaks == ["manager_chain"]
    assert program.pairings.get(mentee=cohort["cfo"]).mentor == cohort["social"]
    done = pair_assign(
        program=program, mentee=cohort["cfo"], mentor=manager_mentor, by=hr, confirm=True
    )
    assert done.pairing.breaks == ["manager_chain"] and done.pairing.by_hand


def test_publishing_turns_proposals_into_pairings_and_counts_places(program, cohort, hr):
    run(program, hr)
    assert pairings_publish(program=program, by=hr) == 2
    assert program.pairings.active().count() == 2
    cohort["ai"].refresh_from_db()
    assert cohort["ai"].paired_count == 1
    with pytest.raises(PairingError, match="no proposed pair"):
        pairings_publish(program=program, by=hr)


def test_publishing_introduces_each_pair_once(
    program, cohort, hr, mailoutbox, django_capture_on_commit_callbacks
):
    run(program, hr)
    with django_capture_on_commit_callbacks(execute=True):
        pairings_publish(program=program, by=hr)
    assert len(mailoutbox) == 4  # both people of both pairs
    ceo_mail = next(m for m in mailoutbox if m.to == [cohort["ceo"].user.email])
    assert cohort["ai"].user.email in ceo_mail.body  # contact details, now that it is published
    assert "Confidentiality" in ceo_mail.body
    send_introductions(list(program.pairings.values_list("pk", flat=True)))  # a retry
    assert len(mailoutbox) == 4


def test_the_database_refuses_a_mentor_over_capacity(program, cohort, hr):
    cohort["ai"].capacity = 1
    cohort["ai"].save()
    Pairing.objects.create(program=program, mentee=cohort["ceo"], mentor=cohort["ai"], score=1)
    Pairing.objects.create(program=program, mentee=cohort["cfo"], mentor=cohort["ai"], score=1)
    with pytest.raises(PairingError, match="over capacity"):
        pairings_publish(program=program, by=hr)
    assert not program.pairings.active().exists()
    cohort["ai"].refresh_from_db()
    assert cohort["ai"].paired_count == 0


def test_a_program_runs_only_once_pairs_are_published(program, cohort, hr):
    with pytest.raises(ProgramError, match="Publish the pairs first"):
        program_move_phase(program=program, to=Phase.RUNNING)
    run(program, hr)
    pairings_publish(program=program, by=hr)
    assert program_move_phase(program=program, to=Phase.RUNNING).phase == Phase.RUNNING


def test_ending_a_pairing_frees_the_places_and_late_joiners_get_paired(program, cohort, hr):
    run(program, hr)
    pairings_publish(program=program, by=hr)
    program.phase = Phase.RUNNING
    program.save()
    ended = program.pairings.get(mentee=cohort["cfo"])
    pairing_end(pairing=ended, reason="Moved abroad", by=hr)
    ended.refresh_from_db()
    assert (ended.status, ended.end_reason) == ("ended", "Moved abroad")
    late = enrol(program, role=Role.MENTEE, level=8, wants=["Social media for leaders"])
    done = run(program, hr, keep_active=True)
    assert done.status == "done"
    proposed = {p.mentee for p in program.pairings.proposed()}
    assert proposed == {late, cohort["cfo"]}  # the late joiner and the one whose pairing ended
    assert program.pairings.active().get().mentee == cohort["ceo"]  # kept as it was
    assert program.pairings.proposed().get(mentee=cohort["cfo"]).mentor == cohort["ai"]


def ended_then_late_joiners(program, cohort, hr) -> Pairing:
    run(program, hr)
    pairings_publish(program=program, by=hr, introduce=False)
    program.phase = Phase.RUNNING
    program.save()
    ended = program.pairings.get(mentee=cohort["cfo"])
    pairing_end(pairing=ended, reason="Not a good fit", by=hr)
    run(program, hr, keep_active=True)
    ended.refresh_from_db()
    return ended


def test_pair_late_joiners_does_not_propose_an_ended_pair_again(program, cohort, hr):
    ended_then_late_joiners(program, cohort, hr)
    # Di (social media) suits Bob best, but HR ended that pairing: Cy is proposed instead.
    assert program.pairings.proposed().get(mentee=cohort["cfo"]).mentor == cohort["ai"]


def test_an_ended_pair_stays_apart_in_every_later_run(program, cohort, hr):
    ended_then_late_joiners(program, cohort, hr)
    cohort["ai"].capacity = 1  # no other mentor left for Bob
    cohort["ai"].save()
    done = run(program, hr, keep_active=True)
    assert not program.pairings.proposed().filter(mentee=cohort["cfo"]).exists()
    [left_out] = [u for u in done.unmatched if u["enrolment"] == cohort["cfo"].pk]
    assert left_out["excluded"]["blocked"] == 1


def test_hr_can_allow_an_ended_pair_again(program, cohort, hr):
    ended = ended_then_late_joiners(program, cohort, hr)
    assert pair_allow_again(pairing=ended) == 1
    run(program, hr, keep_active=True)
    assert program.pairings.proposed().get(mentee=cohort["cfo"]).mentor == cohort["social"]


def test_pairing_an_ended_pair_by_hand_warns_then_lifts_the_block(program, cohort, hr):
    ended = ended_then_late_joiners(program, cohort, hr)
    warned = pair_assign(program=program, mentee=cohort["cfo"], mentor=cohort["social"], by=hr)
    assert warned.pairing is None and warned.breaks == ["blocked"]
    pair_assign(program=program, mentee=cohort["cfo"], mentor=cohort["social"], by=hr, confirm=True)
    ended.refresh_from_db()
    assert ended.may_pair_again
    run(program, hr, keep_active=True)
    assert program.pairings.proposed().get(mentee=cohort["cfo"]).mentor == cohort["social"]


def test_a_lock_or_a_block_can_be_undone(program, cohort, hr):
    run(program, hr)
    pair_block(pairing=program.pairings.get(mentee=cohort["cfo"]), by=hr)
    pair_rule_undo(rule=PairRule.objects.get(kind="block"))
    run(program, hr)
    assert program.pairings.get(mentee=cohort["cfo"]).mentor == cohort["social"]
