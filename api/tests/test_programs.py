"""Programs through the API, for HR: the list, one program, its counts, enrolments and the
decisions on them, and its published pairs (never a word of what a pair says)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import ProfileFactory
from pairing.models import Pairing
from programs.models import EnrolmentStatus, Phase, Role
from programs.tests.factories import EnrolmentFactory, ProgramFactory
from sessions_log.models import AgendaItem, Meeting, SessionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(db):
    return ProgramFactory(name="Digital Leaders 2027", requires_approval=True)


def test_hr_lists_programs_and_filters_by_phase(hr_api, program):
    draft = ProgramFactory(phase=Phase.DRAFT)
    body = hr_api.get("/api/v1/programs/").json()
    assert {p["id"] for p in body["results"]} == {program.pk, draft.pk}
    drafts = hr_api.get("/api/v1/programs/", {"phase": "draft"}).json()["results"]
    assert [p["id"] for p in drafts] == [draft.pk]
    assert hr_api.get("/api/v1/programs/", {"phase": "nope"}).status_code == 400


def test_hr_reads_one_program(hr_api, program):
    body = hr_api.get(f"/api/v1/programs/{program.pk}/").json()
    assert body["name"] == "Digital Leaders 2027"
    assert body["phase"] == "enrolling"
    assert body["requires_approval"] is True
    assert hr_api.get("/api/v1/programs/999999/").status_code == 404


def test_counts_by_role_and_status_are_the_dashboards(hr_api, program):
    EnrolmentFactory(program=program, role=Role.MENTEE, status=EnrolmentStatus.PENDING)
    EnrolmentFactory(program=program, role=Role.MENTOR, status=EnrolmentStatus.APPROVED)
    EnrolmentFactory(program=program, role=Role.MENTOR, status=EnrolmentStatus.WITHDRAWN)
    body = hr_api.get(f"/api/v1/programs/{program.pk}/counts/").json()
    assert body["mentee"] == {"pending": 1, "approved": 0, "declined": 0, "withdrawn": 0}
    assert body["mentor"] == {"pending": 0, "approved": 1, "declined": 0, "withdrawn": 1}
    assert body["capacity"] == {"mentor_slots": 1, "mentees": 1}


def test_enrolments_list_with_the_dashboards_filters_in_fixed_queries(hr_api, program):
    def count_queries(**params) -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as queries:
            body = hr_api.get(f"/api/v1/programs/{program.pk}/enrolments/", params).json()
        return len(queries), body

    mentee = EnrolmentFactory(program=program, role=Role.MENTEE, status=EnrolmentStatus.PENDING)
    EnrolmentFactory(program=program, role=Role.MENTOR)
    count_queries()
    few, body = count_queries()
    assert body["count"] == 2
    for _ in range(20):
        EnrolmentFactory(program=program, role=Role.MENTOR)
    assert count_queries()[0] == few
    _, pending = count_queries(status="pending")
    [only] = pending["results"]
    assert only["id"] == mentee.pk and only["person"]["email"] == mentee.user.email
    assert only["level"] == 8
    bad_role = hr_api.get(f"/api/v1/programs/{program.pk}/enrolments/", {"role": "x"})
    assert bad_role.status_code == 400


def test_hr_decides_enrolments_as_on_the_dashboard(hr_api, hr, program):
    waiting = [EnrolmentFactory(program=program, status=EnrolmentStatus.PENDING) for _ in range(2)]
    withdrawn = EnrolmentFactory(program=program, status=EnrolmentStatus.WITHDRAWN)
    url = f"/api/v1/programs/{program.pk}/decisions/"
    response = hr_api.post(
        url, {"enrolments": [e.pk for e in [*waiting, withdrawn]], "decision": "approve"}
    )
    assert response.json() == {"decided": 2, "decision": "approve"}
    for enrolment in waiting:
        enrolment.refresh_from_db()
        assert enrolment.status == EnrolmentStatus.APPROVED and enrolment.decided_by == hr
    withdrawn.refresh_from_db()
    assert withdrawn.status == EnrolmentStatus.WITHDRAWN


def test_declining_needs_a_reason_and_enrolments_of_the_program(hr_api, program):
    enrolment = EnrolmentFactory(program=program, status=EnrolmentStatus.PENDING)
    elsewhere = EnrolmentFactory(status=EnrolmentStatus.PENDING)
    url = f"/api/v1/programs/{program.pk}/decisions/"
    no_reason = hr_api.post(url, {"enrolments": [enrolment.pk], "decision": "decline"})
    assert no_reason.json()["errors"] == [
        {"field": "reason", "row": None, "message": "Say why: the employee sees the reason."}
    ]
    other_program = hr_api.post(url, {"enrolments": [elsewhere.pk], "decision": "approve"})
    assert other_program.json()["errors"][0]["field"] == "enrolments"
    typed = hr_api.post(url, {"enrolments": [enrolment.pk, "x"], "decision": "approve"})
    assert typed.json()["errors"][0] == {
        "field": "enrolments",
        "row": 2,
        "message": "A valid integer is required.",
    }
    beyond = hr_api.post(url, {"enrolments": [enrolment.pk, 10**33], "decision": "approve"})
    assert beyond.status_code == 400
    assert beyond.json()["errors"][0] == {
        "field": "enrolments",
        "row": 2,
        "message": "Ensure this value is less than or equal to 9223372036854775807.",
    }
    enrolment.refresh_from_db()
    elsewhere.refresh_from_db()
    assert enrolment.status == elsewhere.status == EnrolmentStatus.PENDING
    declined = hr_api.post(
        url, {"enrolments": [enrolment.pk], "decision": "decline", "reason": "Full this time"}
    )
    assert declined.json()["decided"] == 1
    enrolment.refresh_from_db()
    assert enrolment.decision_reason == "Full this time"


def test_published_pairs_show_who_and_when_never_what_they_said(hr_api, program):
    mentee = EnrolmentFactory(program=program, role=Role.MENTEE)
    mentor = EnrolmentFactory(program=program, role=Role.MENTOR)
    published = Pairing.objects.create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        status=Pairing.Status.ACTIVE,
        score=0.8,
        published_at=timezone.now(),
    )
    Pairing.objects.create(
        program=program,
        mentee=EnrolmentFactory(program=program, role=Role.MENTEE),
        mentor=mentor,
        status=Pairing.Status.PROPOSED,
        score=0.5,
    )
    start = timezone.now() - datetime.timedelta(days=2)
    meeting = Meeting.objects.create(
        pairing=published, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    AgendaItem.objects.create(meeting=meeting, title="SECRET AGENDA")
    SessionLog.objects.create(meeting=meeting, held=True, summary="SECRET SUMMARY")
    response = hr_api.get(f"/api/v1/programs/{program.pk}/pairings/")
    [pair] = response.json()["results"]
    assert pair["id"] == published.pk and pair["status"] == "active"
    assert pair["mentee"]["email"] == mentee.user.email
    assert pair["mentor"]["email"] == mentor.user.email
    assert b"SECRET" not in response.content


def test_hr_is_an_outsider_to_a_pair_s_own_endpoints(hr_api, program):
    pairing = Pairing.objects.create(
        program=program,
        mentee=EnrolmentFactory(program=program, role=Role.MENTEE),
        mentor=EnrolmentFactory(program=program, role=Role.MENTOR, user=ProfileFactory().user),
        status=Pairing.Status.ACTIVE,
        score=0.8,
        published_at=timezone.now(),
    )
    assert hr_api.get(f"/api/v1/me/pairs/{pairing.pk}/").status_code == 404
    assert hr_api.get("/api/v1/me/meetings/", {"pair": pairing.pk}).status_code == 404
