"""Reminders the executive shares reach their delegate: time and place, a link to the
delegate's own page; once; not after the delegation ends; not to a delegate who left."""

import pytest

from notifications.models import Notification, Reminder
from notifications.rules import run_rules

from .conftest import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon(pair):
    return make_meeting(pair, days=0.5, place="Room 4")


def test_the_delegate_is_reminded_of_the_time_and_place(
    pair, soon, assistant, delegation, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        assert run_rules()["assist_meeting_soon"] == 1
        assert run_rules()["assist_meeting_soon"] == 0  # once
    [note] = Notification.objects.filter(recipient=assistant)
    assert note.title == "Margaret Okafor's mentoring meeting is coming"
    assert note.body.startswith("Margaret Okafor meets Leo Park on ") and "(Room 4)" in note.body
    assert note.link == f"/assist/pairs/{pair.pk}/#meeting-{soon.pk}"
    [mail] = [m for m in mailoutbox if m.to == [assistant.email]]
    assert f"/assist/pairs/{pair.pk}/#meeting-{soon.pk}" in mail.body


def test_a_delegate_who_left_is_not_reminded(pair, soon, assistant, delegation):
    assistant.is_active = False
    assistant.save()
    assert run_rules()["assist_meeting_soon"] == 0


def test_a_moved_meeting_is_reminded_again_and_the_old_reminder_dropped(
    pair, soon, assistant, delegation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as first:
        run_rules()
    soon.starts_at = soon.starts_at.replace(minute=(soon.starts_at.minute + 30) % 60)
    soon.ends_at = soon.starts_at + (soon.ends_at - soon.starts_at)
    soon.save()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in first:
            callback()
    old = Reminder.objects.get(kind="assist_meeting_soon", recipient=assistant)
    assert old.status == Reminder.Status.WITHDRAWN
    assert run_rules()["assist_meeting_soon"] == 1
