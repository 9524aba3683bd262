"""Every change that concerns someone reaches them once, by e-mail and the bell as they prefer:
enrolment approved or declined, a pair published (or a new one), a pairing ended, a program
closed (issue 14, item 2 and "What employees get")."""

import pytest

from accounts.tests.factories import UserFactory
from mentoring.models import OutboxMessage
from notifications.models import Notification, Preference, Reminder
from notifications.tasks import notify
from pairing.models import PairingRun
from pairing.services import pairing_end, pairing_run_execute, pairings_publish
from pairing.tests.conftest import enrol
from programs.models import EnrolmentStatus, Phase, Role
from programs.services import enrolments_decide
from programs.tests.factories import EnrolmentFactory, ProgramFactory
from sessions_log.models import Meeting
from sessions_log.services import program_close
from sessions_log.tests.conftest import make_meeting, make_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return UserFactory(hr_admin=True)


@pytest.fixture
def effects(django_capture_on_commit_callbacks):
    """Run what a change queued (the outbox, in-process), as a worker would after the commit."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def mails_to(mailoutbox, user) -> list:
    return [m for m in mailoutbox if m.to == [user.email]]


def retry_every_notice() -> None:
    """What a worker that runs a task twice would do: every notify row again."""
    for row in OutboxMessage.objects.filter(task="notifications.tasks.notify"):
        notify.apply(kwargs=row.kwargs)


def test_approved_and_declined_people_are_told_once_with_hrs_reason(mailoutbox, effects, hr):
    program = ProgramFactory(name="Digital Leaders", requires_approval=True)
    yes = EnrolmentFactory(program=program, status=EnrolmentStatus.PENDING, role=Role.MENTOR)
    no = EnrolmentFactory(program=program, status=EnrolmentStatus.PENDING)
    effects(
        enrolments_decide,
        enrolments=program.enrolments.filter(pk=yes.pk),
        approve=True,
        reason="",
        by=hr,
    )
    effects(
        enrolments_decide,
        enrolments=program.enrolments.filter(pk=no.pk),
        approve=False,
        reason="Full this time, next cohort in May",
        by=hr,
    )
    [approved] = mails_to(mailoutbox, yes.user)
    assert approved.subject.endswith("You are in: Digital Leaders")
    assert "HR approved your enrolment as a mentor." in approved.body
    [declined] = mails_to(mailoutbox, no.user)
    assert declined.subject.endswith("Your enrolment in Digital Leaders is declined")
    assert "HR's reason: Full this time, next cohort in May." in declined.body
    bell = Notification.objects.get(recipient=no.user)
    assert bell.title == "Your enrolment in Digital Leaders is declined"
    assert "Full this time" in bell.body

    retry_every_notice()
    assert len(mailoutbox) == 2 and Notification.objects.count() == 2


def test_deciding_again_the_same_way_tells_nobody_a_second_time(mailoutbox, effects, hr):
    program = ProgramFactory(requires_approval=True)
    enrolment = EnrolmentFactory(program=program, status=EnrolmentStatus.PENDING)
    for _ in range(2):
        effects(
            enrolments_decide, enrolments=program.enrolments.all(), approve=True, reason="", by=hr
        )
    assert len(mails_to(mailoutbox, enrolment.user)) == 1


@pytest.mark.parametrize("channel", ["app", "off"])
def test_a_person_who_chose_the_app_gets_the_bell_and_no_email(mailoutbox, effects, hr, channel):
    program = ProgramFactory(requires_approval=True)
    enrolment = EnrolmentFactory(program=program, status=EnrolmentStatus.PENDING)
    Preference.objects.create(user=enrolment.user, kind="enrolment_decision", channel=channel)
    effects(
        enrolments_decide, enrolments=program.enrolments.all(), approve=False, reason="No", by=hr
    )
    assert mailoutbox == []  # "off" cannot silence a decision: it moves to the app
    assert Notification.objects.filter(recipient=enrolment.user).count() == 1


@pytest.fixture
def matched(hr):
    """A matching program with two proposed pairs (the pairing's own test cohort)."""
    program = ProgramFactory(name="Spring 2026", phase=Phase.MATCHING, default_capacity=2)
    people = {
        "ceo": enrol(program, role=Role.MENTEE, level=10, department="Finance",
                     wants=["Generative AI assistants"], user__first_name="Ada"),
        "cfo": enrol(program, role=Role.MENTEE, level=9, department="Sales",
                     wants=["Social media for leaders"], user__first_name="Bob"),
        "ai": enrol(program, role=Role.MENTOR, level=2, department="Technology",
                    offers=["Generative AI assistants"], capacity=2, user__first_name="Cy"),
        "social": enrol(program, role=Role.MENTOR, level=3, department="Marketing",
                        offers=["Social media for leaders"], capacity=2, user__first_name="Di"),
    }  # fmt: skip
    pairing_run_execute(run=PairingRun.objects.create(program=program, started_by=hr))
    return program, people


def test_publishing_introduces_both_people_by_email_and_the_bell(mailoutbox, effects, hr, matched):
    program, people = matched
    effects(pairings_publish, program=program, by=hr)
    ceo, ai = people["ceo"].user, people["ai"].user
    [mail] = mails_to(mailoutbox, ceo)
    assert mail.subject.endswith(f"Your mentor in Spring 2026: {ai.display_name}")
    assert ai.email in mail.body and "ground rules" in mail.body  # the introduction
    [bell] = Notification.objects.filter(recipient=ai)
    assert bell.title == f"Your mentee in Spring 2026: {ceo.display_name}"
    assert len(mailoutbox) == 4

    retry_every_notice()
    assert len(mailoutbox) == 4


def test_ending_a_pairing_tells_both_what_happens_to_meetings_and_notes(
    mailoutbox, effects, hr, matched
):
    program, people = matched
    effects(pairings_publish, program=program, by=hr)
    pairing = program.pairings.get(mentee=people["cfo"])
    coming = [make_meeting(pairing, days=days) for days in (3, 17)]
    past = make_meeting(pairing, days=-4)
    mailoutbox.clear()

    effects(pairing_end, pairing=pairing, reason="Bob moved to the Tokyo office", by=hr)

    for meeting in coming:
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.CANCELLED and meeting.sequence == 1
    past.refresh_from_db()
    assert past.status == Meeting.Status.SCHEDULED  # the history stays as it was
    [to_mentor] = mails_to(mailoutbox, people["social"].user)
    assert to_mentor.subject.endswith(
        f"Your pairing with {people['cfo'].user.display_name} has ended"
    )
    body = " ".join(to_mentor.body.split())
    assert "HR ended your pairing in Spring 2026: Bob moved to the Tokyo office." in body
    assert "2 future meetings" in body and "cancelled and taken off your calendar" in body
    assert "private notes for you alone" in body
    [to_mentee] = mails_to(mailoutbox, people["cfo"].user)
    assert "HR will tell you if they find you a new mentor." in " ".join(to_mentee.body.split())
    assert len(mailoutbox) == 2  # the meetings were cancelled without a mail each

    retry_every_notice()
    assert len(mailoutbox) == 2


def test_a_new_pair_after_an_ended_one_is_announced_as_new(mailoutbox, effects, hr, matched):
    program, people = matched
    effects(pairings_publish, program=program, by=hr)
    program.phase = Phase.RUNNING
    program.save()
    effects(pairing_end, pairing=program.pairings.get(mentee=people["cfo"]), reason="No fit", by=hr)
    run = PairingRun.objects.create(program=program, started_by=hr, keep_active=True)
    pairing_run_execute(run=run)
    mailoutbox.clear()
    effects(pairings_publish, program=program, by=hr)
    [mail] = mails_to(mailoutbox, people["cfo"].user)
    new_mentor = people["ai"].user.display_name
    assert mail.subject.endswith(f"Your new mentor in Spring 2026: {new_mentor}")


def test_closing_a_program_tells_everyone_enrolled_once_with_their_meetings(
    mailoutbox, effects, hr
):
    pairing = make_pair(name="Autumn pilot")
    program = pairing.program
    make_meeting(pairing, days=2)
    make_meeting(pairing, days=-2)
    unmatched = EnrolmentFactory(program=program)
    withdrawn = EnrolmentFactory(program=program, status=EnrolmentStatus.WITHDRAWN)

    effects(program_close, program=program, by=hr)

    mentee_mail = " ".join(mails_to(mailoutbox, pairing.mentee.user)[0].body.split())
    assert "Autumn pilot has closed" in mentee_mail
    assert "Your 1 future meeting is cancelled and taken off your calendar." in mentee_mail
    assert "can no longer be changed" in mentee_mail
    unmatched_mail = " ".join(mails_to(mailoutbox, unmatched.user)[0].body.split())
    assert "Thank you for taking part." in unmatched_mail and "meeting" not in unmatched_mail
    assert mails_to(mailoutbox, withdrawn.user) == []
    assert len(mailoutbox) == 3
    assert set(Reminder.objects.values_list("kind", flat=True)) == {"program_closed"}

    retry_every_notice()
    assert len(mailoutbox) == 3


def test_notices_keep_their_words_when_hr_types_a_full_stop(effects, hr):
    program = ProgramFactory(requires_approval=True)
    enrolment = EnrolmentFactory(program=program, status=EnrolmentStatus.PENDING)
    effects(
        enrolments_decide,
        enrolments=program.enrolments.all(),
        approve=False,
        reason="Only Finance this time.",
        by=hr,
    )
    body = Notification.objects.get(recipient=enrolment.user).body
    assert body == "HR's reason: Only Finance this time."


def test_someone_who_left_the_company_is_not_written_to(mailoutbox, effects, hr):
    pairing = make_pair()
    leaver = pairing.mentor.user
    leaver.is_active = False
    leaver.save()
    effects(pairing_end, pairing=pairing, reason="Leo left the company", by=hr)
    assert [m.to for m in mailoutbox] == [[pairing.mentee.user.email]]
