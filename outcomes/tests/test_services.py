"""Check-ins, the fit check, recognition, certificates and leavers."""

import datetime

import pytest
from django.core import mail
from django.db import transaction

from accounts.importing import COLUMNS, employee_import_apply, employee_import_create
from accounts.models import Skill, SkillWanted
from accounts.tests.factories import ProfileFactory
from mentoring.models import OutboxMessage
from outcomes.certificates import certificate_pdf, manager_note
from outcomes.models import Answer, CheckIn, Moment, Recognition, SkillLevel, Thanks
from outcomes.selectors import recognition
from outcomes.services import (
    OutcomesError,
    baseline_record,
    check_in_submit,
    fit_check_submit,
    recognition_deliver,
    recognition_send,
    survey_for,
)
from pairing.models import Pairing
from programs.models import Phase, Role
from programs.services import EnrolmentData, enrolment_save
from programs.tests.factories import ProgramFactory, days
from sessions_log.models import Goal, Meeting, SessionLog

from .conftest import held_meeting

pytestmark = pytest.mark.django_db


def test_enrolling_asks_for_the_levels_now_to_be_kept_as_the_start():
    program = ProgramFactory()
    user = ProfileFactory(level=8).user
    enrolment = enrolment_save(
        program=program,
        user=user,
        data=EnrolmentData("mentee", "", [], 1, accepts_ground_rules=True),
    )
    message = OutboxMessage.objects.get(task="outcomes.tasks.record_baseline")
    assert message.kwargs == {"enrolment_id": enrolment.pk}


def test_the_start_is_the_profiles_level_now_and_is_kept_once(pair):
    skill = Skill.objects.get(name="Social media for leaders")
    assert baseline_record(enrolment=pair.mentee) == 1
    SkillWanted.objects.filter(user=pair.mentee.user).update(current_level=4)
    assert baseline_record(enrolment=pair.mentee) == 0
    assert SkillLevel.objects.get(enrolment=pair.mentee, skill=skill).level == 2


def test_a_check_in_records_levels_updates_the_profile_and_keeps_answers_without_names(pair):
    skill = Skill.objects.get(name="Social media for leaders")
    survey = survey_for(program=pair.program, moment=Moment.MIDPOINT)
    useful = survey.questions.first()
    taken = check_in_submit(
        enrolment=pair.mentee, moment=Moment.MIDPOINT, levels={skill.pk: 4},
        answers={useful.pk: 5, survey.questions.get(kind="text").pk: ""},
    )  # fmt: skip
    assert taken
    levels = dict(SkillLevel.objects.filter(enrolment=pair.mentee).values_list("moment", "level"))
    assert levels == {"start": 2, "midpoint": 4}
    assert SkillWanted.objects.get(user=pair.mentee.user).current_level == 4
    answer = Answer.objects.get()
    assert (answer.question, answer.scale, answer.role) == (useful, 5, Role.MENTEE)
    assert {f.name for f in Answer._meta.get_fields()} == {
        "id",
        "question",
        "role",
        "scale",
        "text",
    }


def test_a_second_check_in_corrects_levels_but_never_adds_survey_answers(pair):
    skill = Skill.objects.get(name="Social media for leaders")
    useful = survey_for(program=pair.program, moment=Moment.MIDPOINT).questions.first()
    for level in (3, 4):
        check_in_submit(
            enrolment=pair.mentee, moment=Moment.MIDPOINT, levels={skill.pk: level},
            answers={useful.pk: level},
        )  # fmt: skip
    assert SkillLevel.objects.get(enrolment=pair.mentee, moment="midpoint").level == 4
    assert Answer.objects.count() == 1 and CheckIn.objects.count() == 1


def test_the_default_survey_asks_what_the_issue_names():
    program = ProgramFactory()
    texts = " ".join(
        survey_for(program=program, moment="end").questions.values_list("text", flat=True)
    )
    for words in ("useful", "recommend", "pair work", "visibility"):
        assert words in texts
    assert survey_for(program=program, moment="end").questions.count() == 6  # made once


def test_the_fit_check_is_answered_once_per_side(pair):
    fit_check_submit(pairing=pair, role=Role.MENTEE, fit=2, learning=4)
    fit_check_submit(pairing=pair, role=Role.MENTOR, fit=5, learning=5)
    with pytest.raises(OutcomesError):
        fit_check_submit(pairing=pair, role=Role.MENTEE, fit=5, learning=5)


def _close_with_sessions(pair):
    pair.program.phase = Phase.CLOSED
    pair.program.save()
    meeting = held_meeting(pair, days_ago=20)
    meeting.log.skills_covered.set([Skill.objects.get(name="Social media for leaders")])
    held_meeting(pair, days_ago=5, held=False)
    Thanks.objects.create(pairing=pair, text="Leo made LinkedIn make sense.")


def test_recognition_is_written_from_the_figures_and_never_from_session_content(pair):
    _close_with_sessions(pair)
    SessionLog.objects.update(summary="SECRET SESSION CONTENT")
    figures = recognition(pair.mentor)
    assert (figures.sessions, figures.executives, figures.skills) == (
        1, 1, ["Social media for leaders"]
    )  # fmt: skip
    note = manager_note(figures, manager_name="Sam", include_thanks=True)
    assert "1 session held" in note and "social media for leaders" in note
    assert "Leo made LinkedIn make sense." in note and "SECRET" not in note
    pdf = certificate_pdf(figures, include_thanks=True, issuer="Reverse Mentoring")
    assert pdf.startswith(b"%PDF") and b"SECRET" not in pdf


def test_the_note_goes_to_the_manager_once(pair):
    _close_with_sessions(pair)
    manager = ProfileFactory(title="Head of Marketing").user
    pair.mentor.user.profile.manager = manager
    pair.mentor.user.profile.save()
    recognition_send(enrolment=pair.mentor, include_thanks=False)
    with pytest.raises(OutcomesError):
        recognition_send(enrolment=pair.mentor, include_thanks=True)
    record = Recognition.objects.get()
    assert recognition_deliver(recognition=record)
    record.refresh_from_db()
    assert not recognition_deliver(recognition=record)  # a retried task sends nothing
    [message] = mail.outbox
    assert message.to == [manager.email] and "Leo made" not in message.body


def test_an_executive_gets_no_note_of_recognition(pair):
    with pytest.raises(OutcomesError):
        recognition_send(enrolment=pair.mentee, include_thanks=False)


def test_a_leavers_pair_ends_with_the_reason_and_their_data_stays(
    pair, django_capture_on_commit_callbacks
):
    leaver = pair.mentor.user
    held_meeting(pair, days_ago=10)
    Goal.objects.create(pairing=pair, title="Post weekly")
    row = {c: "" for c in COLUMNS} | {
        "email": leaver.email, "first_name": leaver.first_name, "last_name": leaver.last_name,
        "title": "Analyst", "level": "3", "department": "Marketing",
        "timezone": "Europe/London", "left_on": (days(-3)).isoformat(),
    }  # fmt: skip
    text = ",".join([*COLUMNS, "left_on"]) + "\n" + ",".join(row[c] for c in [*COLUMNS, "left_on"])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        upload = employee_import_create(file_name="hr.csv", text=text, uploaded_by=None)
        assert employee_import_apply(employee_import=upload, send_invitations=False).is_valid
    pair.refresh_from_db()
    leaver.refresh_from_db()
    assert pair.status == Pairing.Status.ENDED and pair.end_reason == "left the company"
    assert not leaver.is_active and leaver.profile.left_on == days(-3)
    assert Meeting.objects.filter(pairing=pair).count() == 1 and Goal.objects.count() == 1
    assert pair.mentee.user.is_active  # the partner stays, free to be paired again


def test_a_leaver_cannot_log_in(client):
    user = ProfileFactory(left_on=datetime.date(2025, 1, 31)).user
    user.is_active = False
    user.save()
    assert not client.login(email=user.email, password="a long pass phrase 42")
