import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import ProfileFactory
from delegates.models import MAX_DELEGATES, Delegation
from delegates.services import (
    DelegationError,
    delegate_meeting_cancel,
    delegate_meeting_reschedule,
    delegate_meeting_schedule,
    delegation_answer,
    delegation_end,
    delegation_invite,
)
from notifications.models import Notification, Reminder
from sessions_log.models import Meeting, TopicTemplate
from sessions_log.services import SessionsError, meeting_schedule

from .conftest import make_delegation, make_meeting

pytestmark = pytest.mark.django_db


def in_days(days: int) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=days)).replace(second=0, microsecond=0)


def test_naming_a_delegate_invites_them_and_they_hear_it(
    executive, assistant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delegation = delegation_invite(executive=executive, email=assistant.email.upper())
    assert delegation.status == Delegation.Status.INVITED
    assert delegation.delegate == assistant
    [note] = Notification.objects.filter(recipient=assistant)
    assert note.title == "Margaret Okafor asks you to be their delegate"
    assert note.link == f"/delegates/invitations/{delegation.pk}/"
    [mail] = mailoutbox
    assert mail.to == [assistant.email] and f"/delegates/invitations/{delegation.pk}/" in mail.body


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("nobody@example.com", "Nobody in the company has this e-mail address."),
        ("EXECUTIVE", "You cannot be your own delegate."),
        ("MENTOR", "Leo Park is in a pair with you already."),
    ],
)
def test_a_delegate_must_be_another_employee_outside_the_pair(executive, mentor, email, message):
    email = {"EXECUTIVE": executive.email, "MENTOR": mentor.email}.get(email, email)
    with pytest.raises(DelegationError, match=message):
        delegation_invite(executive=executive, email=email)
    assert not Delegation.objects.exists()


def test_someone_is_invited_once_while_the_invitation_is_open(executive, assistant):
    delegation_invite(executive=executive, email=assistant.email)
    with pytest.raises(DelegationError, match="already your delegate or invited"):
        delegation_invite(executive=executive, email=assistant.email)
    assert Delegation.objects.count() == 1


def test_an_executive_has_five_delegates_at_most(executive):
    for _ in range(MAX_DELEGATES):
        delegation_invite(executive=executive, email=ProfileFactory().user.email)
    with pytest.raises(DelegationError, match="5 delegates at most"):
        delegation_invite(executive=executive, email=ProfileFactory().user.email)


def test_a_deactivated_employee_cannot_be_named(executive, assistant):
    assistant.is_active = False
    assistant.save()
    with pytest.raises(DelegationError, match="Nobody"):
        delegation_invite(executive=executive, email=assistant.email)


@pytest.mark.parametrize(("accept", "status"), [(True, "accepted"), (False, "declined")])
def test_the_executive_hears_the_answer(
    executive, assistant, accept, status, django_capture_on_commit_callbacks
):
    delegation = make_delegation(executive, assistant, status=Delegation.Status.INVITED)
    with django_capture_on_commit_callbacks(execute=True):
        delegation_answer(delegation=delegation, accept=accept)
    delegation.refresh_from_db()
    assert delegation.status == status
    [note] = Notification.objects.filter(recipient=executive)
    assert note.title.startswith("Anna Assistant ")
    with pytest.raises(DelegationError):
        delegation_answer(delegation=delegation, accept=True)


def test_the_executive_removes_their_delegate_and_the_delegate_is_told(
    executive, assistant, delegation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delegation_end(delegation=delegation, by=executive)
    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.ENDED and delegation.ended_by == executive
    [note] = Notification.objects.filter(recipient=assistant)
    assert note.title == "You are no longer Margaret Okafor's delegate"
    with pytest.raises(DelegationError, match="ended already"):
        delegation_end(delegation=delegation, by=executive)


def test_a_delegate_steps_down_and_the_executive_is_told(
    executive, assistant, delegation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delegation_end(delegation=delegation, by=assistant)
    [note] = Notification.objects.filter(recipient=executive)
    assert note.title == "Anna Assistant is no longer your delegate"


def test_an_invited_delegate_answers_rather_than_ends(executive, assistant):
    delegation = make_delegation(executive, assistant, status=Delegation.Status.INVITED)
    with pytest.raises(DelegationError, match="Accept or decline"):
        delegation_end(delegation=delegation, by=assistant)


def test_an_invitation_withdrawn_before_delivery_is_not_sent(
    executive, assistant, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delegation = delegation_invite(executive=executive, email=assistant.email)
    delegation_end(delegation=delegation, by=executive)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    invited = Reminder.objects.get(kind="delegate_invited")
    assert invited.status == Reminder.Status.WITHDRAWN
    assert [m.subject for m in mailoutbox if "asks you" in m.subject] == []


# Meetings on the executive's behalf ------------------------------------------------------------


def test_a_delegate_schedules_and_both_people_hear_who_did_it_for_whom(
    pair, executive, mentor, assistant, delegation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = delegate_meeting_schedule(
            pairing=pair, delegate=assistant, starts_at=in_days(3), minutes=45, place="Room 4"
        )
    assert meeting.created_by == assistant
    mails = {mail.to[0]: mail for mail in mailoutbox}
    assert set(mails) == {mentor.email, executive.email}
    to_mentor = mails[mentor.email]
    assert "Anna Assistant scheduled a meeting for Margaret Okafor" in to_mentor.subject
    assert (
        "Anna Assistant scheduled a reverse-mentoring meeting with you on behalf of Margaret Okafor"
        in to_mentor.body
    )
    to_executive = mails[executive.email]
    assert (
        "Anna Assistant, your delegate, scheduled your reverse-mentoring meeting with Leo Park"
        in to_executive.body
    )
    for mail in mailoutbox:
        assert mail.attachments[0][0] == "meeting.ics"


def test_a_delegate_moves_and_cancels_on_the_executives_behalf(
    pair, executive, mentor, assistant, delegation, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = make_meeting(pair, days=3)
    with django_capture_on_commit_callbacks(execute=True):
        delegate_meeting_reschedule(
            meeting=meeting,
            delegate=assistant,
            starts_at=in_days(4),
            minutes=60,
            place="Room 5",
            video_url="",
        )
        delegate_meeting_cancel(meeting=meeting, delegate=assistant, reason="Board meeting")
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancelled_by == assistant and meeting.sequence == 2
    subjects = sorted(mail.subject for mail in mailoutbox if mail.to == [mentor.email])
    assert [s.split("] ")[-1] for s in subjects] == [
        "Anna Assistant cancelled a meeting for Margaret Okafor",
        "Anna Assistant moved a meeting for Margaret Okafor",
    ]


def test_someone_no_longer_a_delegate_cannot_schedule(pair, executive, assistant, delegation):
    delegation_end(delegation=delegation, by=executive)
    with pytest.raises(DelegationError, match="not the delegate"):
        delegate_meeting_schedule(
            pairing=pair, delegate=assistant, starts_at=in_days(3), minutes=45
        )
    assert not Meeting.objects.exists()


def test_an_invited_delegate_cannot_schedule_yet(pair, executive, assistant):
    make_delegation(executive, assistant, status=Delegation.Status.INVITED)
    with pytest.raises(DelegationError):
        delegate_meeting_schedule(
            pairing=pair, delegate=assistant, starts_at=in_days(3), minutes=45
        )


def test_the_meeting_services_refuse_someone_acting_for_a_stranger_to_the_pair(
    pair, assistant, outsider
):
    with pytest.raises(SessionsError, match="Only the two people"):
        meeting_schedule(
            pairing=pair, by=assistant, on_behalf_of=outsider, starts_at=in_days(3), minutes=45
        )


def test_a_delegate_sets_no_agenda(pair, executive, assistant, delegation):
    topic = TopicTemplate.objects.create(title="AI assistants", items=[{"title": "Try one"}])
    with pytest.raises(SessionsError, match="the agenda is the pair's"):
        meeting_schedule(
            pairing=pair,
            by=assistant,
            on_behalf_of=executive,
            starts_at=in_days(3),
            minutes=45,
            topic=topic,
        )
    assert not Meeting.objects.exists()
