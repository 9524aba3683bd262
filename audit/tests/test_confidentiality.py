"""What the audit log never holds: the content of sessions (0003) and who raised a concern
(0008). Marker strings are written everywhere a pair writes, then HR does all it can."""

import json

import pytest

from accounts.tests.factories import UserFactory
from audit.models import Action, AuditEntry
from concerns.services import (
    concern_acknowledge,
    concern_note_add,
    concern_raise,
    concern_resolve,
)
from pairing.models import Pairing
from pairing.services import pair_allow_again, pairing_end
from programs.services import program_move_phase
from sessions_log.services import agenda_item_add, goal_create, program_close, session_log_save
from sessions_log.tests.conftest import add_pair, make_meeting, make_pair

pytestmark = pytest.mark.django_db

MARKERS = {
    "agenda": "MARKER-AGENDA-7f3a",
    "agenda details": "MARKER-AGENDA-DETAILS-19c2",
    "summary": "MARKER-SUMMARY-4be1",
    "private note": "MARKER-PRIVATE-NOTE-88d0",
    "goal": "MARKER-GOAL-2c6e",
    "concern": "MARKER-CONCERN-5a9f",
    "hr note": "MARKER-HR-NOTE-0b7d",
}


def everything_in_the_log() -> str:
    return json.dumps(
        [
            [
                e.actor_label,
                e.object_type,
                e.object_id,
                e.object_label,
                e.program_label,
                e.changes,
                e.details,
            ]
            for e in AuditEntry.objects.all()
        ]  # fmt: skip
    )


def test_no_entry_holds_session_content_or_concern_text():
    hr = UserFactory(hr_admin=True)
    pairing = make_pair()
    executive, junior = pairing.mentee.user, pairing.mentor.user
    meeting = make_meeting(pairing, days=-1)
    agenda_item_add(
        meeting=meeting, by=junior, title=MARKERS["agenda"], details=MARKERS["agenda details"]
    )
    goal_create(pairing=pairing, by=executive, title=MARKERS["goal"])
    session_log_save(
        meeting=meeting, by=junior, version=0, base="", held=True,
        summary=MARKERS["summary"], private_note=MARKERS["private note"],
    )  # fmt: skip
    authorship = concern_raise(
        pairing=pairing, by=junior, category="other", text=MARKERS["concern"], named=True
    )
    concern = authorship.concern
    concern_acknowledge(concern=concern, by=hr)
    concern_note_add(concern=concern, by=hr, text=MARKERS["hr note"])
    concern_resolve(concern=concern, by=hr, outcome="ended")
    pairing_end(pairing=pairing, reason="Ended after a concern", by=hr)
    pair_allow_again(pairing=Pairing.objects.get(pk=pairing.pk), by=hr)
    program_close(program=pairing.program, by=hr)

    log = everything_in_the_log()
    assert AuditEntry.objects.count() >= 6
    assert [name for name, marker in MARKERS.items() if marker in log] == []


def test_no_entry_names_who_raised_a_concern():
    hr = UserFactory(hr_admin=True)
    pairing = make_pair()
    raiser = add_pair(pairing.program).mentor.user  # a pair HR takes no action on
    raised = concern_raise(
        pairing=raiser.enrolments.get().pairings_as_mentor.get(),
        by=raiser,
        category="other",
        text="Something is wrong",
        named=False,
    ).concern
    concern_acknowledge(concern=raised, by=hr)
    concern_resolve(concern=raised, by=hr, outcome="talked")
    program_move_phase(program=pairing.program, to="closed", by=hr)

    log = everything_in_the_log()
    concern_entries = AuditEntry.objects.filter(
        action__in=[Action.CONCERN_ACKNOWLEDGED, Action.CONCERN_RESOLVED]
    )
    assert concern_entries.count() == 2
    for trace in [raiser.email, raiser.first_name, raiser.last_name, raiser.display_name]:
        assert trace not in log
    assert all(entry.actor == hr for entry in concern_entries)
