"""Each HR action leaves one entry, written by the service that performs it: the right actor,
the action, the object and, for a change, before → after."""

import pytest

from accounts.importing import employee_import_apply, employee_import_create
from accounts.models import Profile, Skill, User
from accounts.roles import (
    hr_role_grant,
    hr_role_revoke,
    program_manager_grant,
    program_manager_revoke,
)
from accounts.services import skill_merge, skill_set_retired
from accounts.tests.factories import ProfileFactory, UserFactory
from api.services import token_create, token_revoke
from audit.models import Action, AuditEntry
from concerns.services import concern_acknowledge, concern_raise, concern_resolve
from pairing.models import Pairing, PairRule
from pairing.services import (
    pair_allow_again,
    pair_assign,
    pair_block,
    pair_lock,
    pair_rule_undo,
    pair_unlock,
    pairing_end,
    pairing_run_start,
    pairings_publish,
)
from programs.models import Phase, Program, Role
from programs.services import (
    enrolments_decide,
    program_copy,
    program_invite,
    program_move_phase,
    program_save,
)
from programs.tests.factories import EnrolmentFactory, ProgramFactory
from sessions_log.services import program_close
from sessions_log.tests.conftest import make_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return UserFactory(email="helen@example.com", hr_admin=True)


def only(action: Action) -> AuditEntry:
    [entry] = AuditEntry.objects.filter(action=action)
    return entry


def proposed(program: Program) -> Pairing:
    mentee = EnrolmentFactory(program=program, role=Role.MENTEE)
    mentor = EnrolmentFactory(program=program, role=Role.MENTOR)
    return Pairing.objects.create(program=program, mentee=mentee, mentor=mentor, score=0.5)


def test_an_applied_import_is_recorded_with_its_counts_and_each_change(hr):
    Profile.objects.create(user=UserFactory(email="ann@example.com"), title="Analyst")
    header = "email,first_name,last_name,title,level,department,manager_email,timezone,location"
    text = f"{header}\nann@example.com,Ann,Lee,Manager,,,,,\nbo@example.com,Bo,Ek,,,,,,\n"
    upload = employee_import_create(file_name="hr.csv", text=text, uploaded_by=hr)

    employee_import_apply(employee_import=upload, send_invitations=False, by=hr)

    applied = only(Action.IMPORT_APPLIED)
    assert (applied.actor, applied.object_label) == (hr, "file hr.csv")
    assert applied.details["created"] == 1 and applied.details["updated"] == 1
    changed = only(Action.EMPLOYEE_CHANGED)
    assert changed.actor == hr
    assert changed.object_id == str(User.objects.get(email="ann@example.com").pk)
    assert changed.changes["title"] == ["Analyst", "Manager"]


def test_creating_and_editing_a_program_is_recorded_with_the_settings_changed(hr):
    program = program_save(program=Program(name="Cohort A", default_capacity=2), by=hr)
    assert only(Action.PROGRAM_CREATED).actor == hr

    program.name, program.default_capacity = "Cohort B", 3
    program_save(program=program, by=hr)

    edited = only(Action.PROGRAM_EDITED)
    assert (edited.actor, edited.program_id) == (hr, program.pk)
    assert edited.changes == {"name": ["Cohort A", "Cohort B"], "default_capacity": [2, 3]}


def test_a_copy_is_recorded(hr):
    program = ProgramFactory(name="Cohort A")
    copy = program_copy(program=program, by=hr)
    entry = only(Action.PROGRAM_COPIED)
    assert (entry.actor, entry.object_id, entry.details) == (
        hr,
        str(copy.pk),
        {"copied from": "Cohort A"},
    )


def test_a_phase_move_is_recorded_before_and_after(hr):
    program = ProgramFactory(phase=Phase.DRAFT)
    program_move_phase(program=program, to=Phase.ENROLLING, by=hr)
    entry = only(Action.PHASE_MOVED)
    assert entry.actor == hr
    assert entry.changes == {"phase": ["Draft", "Enrolling"]}


def test_invitations_and_announcements_are_recorded_with_counts(hr):
    program = ProgramFactory()
    people = [ProfileFactory().user for _ in range(3)]
    program_invite(program=program, users=people[:1], by=hr)
    program_invite(program=program, users=people, by=hr, announce=True)

    assert only(Action.INVITATIONS_SENT).details == {"invited": 1}
    announced = only(Action.PROGRAM_ANNOUNCED)
    assert (announced.actor, announced.details) == (hr, {"invited": 2})


def test_enrolment_decisions_are_recorded_with_the_count_and_reason(hr):
    program = ProgramFactory()
    for _ in range(2):
        EnrolmentFactory(program=program, status="pending")
    enrolments_decide(enrolments=program.enrolments.all(), approve=False, reason="Full", by=hr)
    entry = only(Action.ENROLMENTS_DECIDED)
    assert (entry.actor, entry.program_id) == (hr, program.pk)
    assert entry.details == {"decision": "declined", "enrolments changed": 2, "reason": "Full"}


def test_a_pairing_run_is_recorded(hr):
    program = ProgramFactory(phase=Phase.MATCHING)
    run = pairing_run_start(program=program, by=hr)
    entry = only(Action.PAIRING_RUN)
    assert (entry.actor, entry.object_id, entry.program_id) == (hr, str(run.pk), program.pk)


def test_locks_unlocks_blocks_and_undos_are_recorded(hr):
    program = ProgramFactory(phase=Phase.MATCHING)
    pairing = proposed(program)
    pairing_id = str(pairing.pk)
    pair_lock(pairing=pairing, by=hr)
    pair_unlock(pairing=pairing, by=hr)
    pair_block(pairing=pairing, by=hr)
    pair_rule_undo(rule=PairRule.objects.get(), by=hr)

    for action in [Action.PAIR_LOCKED, Action.PAIR_UNLOCKED, Action.PAIR_BLOCKED]:
        entry = only(action)
        assert (entry.actor, entry.object_id, entry.program_id) == (hr, pairing_id, program.pk)
    assert only(Action.RULE_UNDONE).object_label.startswith("Blocked: ")


def test_a_hand_assignment_is_recorded(hr):
    program = ProgramFactory(phase=Phase.MATCHING)
    mentee = EnrolmentFactory(program=program, role=Role.MENTEE)
    mentor = EnrolmentFactory(program=program, role=Role.MENTOR, capacity=1)
    done = pair_assign(program=program, mentee=mentee, mentor=mentor, by=hr, confirm=True)
    entry = only(Action.PAIR_ASSIGNED)
    assert (entry.actor, entry.object_id) == (hr, str(done.pairing.pk))


def test_publishing_is_recorded_with_the_number_of_pairs(hr):
    program = ProgramFactory(phase=Phase.MATCHING)
    proposed(program)
    proposed(program)
    pairings_publish(program=program, by=hr, introduce=False)
    entry = only(Action.PAIRS_PUBLISHED)
    assert (entry.actor, entry.details["pairs"]) == (hr, 2)


def test_ending_a_pairing_and_allowing_the_two_again_are_recorded(hr):
    pairing = make_pair()
    pairing_end(pairing=pairing, reason="A poor fit", by=hr)
    pair_allow_again(pairing=Pairing.objects.get(pk=pairing.pk), by=hr)

    ended = only(Action.PAIRING_ENDED)
    assert ended.actor == hr
    assert ended.changes == {"status": ["Published", "Ended"]}
    assert ended.details == {"reason": "A poor fit"}
    assert only(Action.PAIR_ALLOWED).actor == hr


def test_closing_a_program_is_recorded_with_what_it_did(hr):
    pairing = make_pair()
    program_close(program=pairing.program, by=hr)
    assert only(Action.PHASE_MOVED).changes == {"phase": ["Running", "Closed"]}
    closed = only(Action.PROGRAM_CLOSED)
    assert (closed.actor, closed.details["people told"]) == (hr, 2)


def test_role_grants_and_revocations_are_recorded(hr):
    person = UserFactory(email="sam@example.com")
    program = ProgramFactory(name="Cohort A")
    hr_role_grant(user=person, by=hr)
    hr_role_revoke(user=person, by=hr)
    program_manager_grant(user=person, program=program, by=hr)
    program_manager_revoke(user=person, program=program, by=hr)

    granted = AuditEntry.objects.filter(action=Action.ROLE_GRANTED).order_by("pk")
    revoked = AuditEntry.objects.filter(action=Action.ROLE_REVOKED).order_by("pk")
    assert [e.changes["role"] for e in granted] == [
        ["Employee", "HR admin"],
        ["Employee", "Program manager of Cohort A"],
    ]
    assert [e.changes["role"] for e in revoked] == [
        ["HR admin", "Employee"],
        ["Program manager of Cohort A", "Employee"],
    ]
    assert {e.actor for e in [*granted, *revoked]} == {hr}
    assert {e.object_id for e in [*granted, *revoked]} == {str(person.pk)}


def test_skill_merges_and_retirements_are_recorded(hr):
    source, target = Skill.objects.order_by("pk")[:2]
    skill_set_retired(skill=target, retired=True, by=hr)
    skill_merge(source=source, target=target, by=hr)
    assert only(Action.SKILL_RETIRED).changes == {"retired": [False, True]}
    merged = only(Action.SKILL_MERGED)
    assert (merged.actor, merged.changes) == (hr, {"merged into": [None, target.name]})


def test_concern_steps_are_recorded_without_who_raised_it(hr):
    pairing = make_pair()
    authorship = concern_raise(
        pairing=pairing, by=pairing.mentor.user, category="other", text="Hard to say", named=True
    )
    concern_acknowledge(concern=authorship.concern, by=hr)
    concern_resolve(concern=authorship.concern, by=hr, outcome="talked")

    assert only(Action.CONCERN_ACKNOWLEDGED).changes == {"status": ["New", "Acknowledged"]}
    resolved = only(Action.CONCERN_RESOLVED)
    assert (resolved.actor, resolved.changes) == (hr, {"status": ["Acknowledged", "Resolved"]})


def test_api_tokens_created_and_revoked_are_recorded(hr):
    token, secret = token_create(user=hr, name="HR sync", scope="read", days=30)
    token_revoke(token=token, by=hr)
    created, revoked = only(Action.API_TOKEN_CREATED), only(Action.API_TOKEN_REVOKED)
    assert (created.actor, created.object_id, created.details["scope"]) == (
        hr,
        str(token.pk),
        "read",
    )
    assert (revoked.actor, revoked.object_id) == (hr, str(token.pk))
    assert secret not in created.object_label + str(created.details)  # never the secret
