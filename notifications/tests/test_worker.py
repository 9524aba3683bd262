"""A due reminder goes from the beat task to the outbox through a real worker on Redis."""

import time

import pytest
from django.utils import timezone

from accounts.tests.factories import ProfileFactory
from notifications.models import Reminder
from notifications.tasks import sweep
from programs.tests.factories import ProgramFactory


@pytest.mark.celery_worker
def test_the_sweep_on_a_worker_delivers_a_due_reminder(celery_worker, mailoutbox):
    program = ProgramFactory(enrolment_opens=timezone.localdate())
    person = ProfileFactory(level=9).user
    assert sweep.delay().get(timeout=30)["enrolment_open"] == 1
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not mailoutbox:
        time.sleep(0.2)
    assert [m.to for m in mailoutbox] == [[person.email]]
    assert program.name in mailoutbox[0].subject
    assert Reminder.objects.get().status == "sent"
    assert sweep.delay().get(timeout=30)["enrolment_open"] == 0  # a second sweep: nothing
