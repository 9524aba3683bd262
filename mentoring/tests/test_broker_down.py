"""Redis unreachable (the app pointed at a closed port; the shared server keeps running) while
HR starts a pairing run and publishes, and a mentor schedules a meeting: every request
succeeds at once, and every effect happens once the broker is reachable again, on a real
Celery worker."""

import datetime
import time

import pytest
from celery import Celery
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from mentoring import outbox
from mentoring.models import OutboxMessage
from pairing.models import Pairing, PairingRun
from pairing.tests.conftest import enrol
from programs.models import Phase, Role
from programs.tests.factories import ProgramFactory

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there


def unreachable_broker() -> Celery:
    down = Celery("broker-down", broker=CLOSED_PORT, set_as_current=False)
    down.conf.update(
        task_always_eager=False,
        broker_connection_timeout=1.0,
        broker_transport_options={"socket_connect_timeout": 1},
    )
    return down


def wait_for(condition, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def broker_back(monkeypatch) -> None:
    monkeypatch.undo()
    outbox.dispatch()  # what the periodic dispatcher does every minute
    assert wait_for(lambda: not OutboxMessage.objects.pending().exists()), list(
        OutboxMessage.objects.pending().values_list("task", "last_error")
    )


@pytest.mark.celery_worker
def test_requests_succeed_without_the_broker_and_their_effects_follow(
    celery_worker, client, monkeypatch, mailoutbox
):
    program = ProgramFactory(phase=Phase.MATCHING, default_capacity=2)
    ceo = enrol(program, role=Role.MENTEE, level=10, wants=["Generative AI assistants"])
    enrol(program, role=Role.MENTOR, level=2, offers=["Generative AI assistants"], capacity=2)
    hr = UserFactory(hr_admin=True)
    client.force_login(hr)

    # 1. HR starts a pairing run while the broker is unreachable.
    monkeypatch.setattr(outbox, "current_app", unreachable_broker())
    monkeypatch.setattr(outbox, "_broker_down_until", 0.0)
    response, seconds = timed(lambda: client.post(reverse("pairing:run", args=[program.pk])))
    assert response.status_code == 302 and seconds < 5
    run = PairingRun.objects.get()
    assert run.status == "queued"
    broker_back(monkeypatch)
    run.refresh_from_db()
    assert run.status == "done" and program.pairings.proposed().count() == 1

    # 2. HR publishes, and 3. the executive schedules a meeting, the broker unreachable.
    monkeypatch.setattr(outbox, "current_app", unreachable_broker())
    monkeypatch.setattr(outbox, "_broker_down_until", 0.0)
    response, seconds = timed(lambda: client.post(reverse("pairing:publish", args=[program.pk])))
    assert response.status_code == 302 and seconds < 5
    pairing = Pairing.objects.get(status=Pairing.Status.ACTIVE)
    client.force_login(ceo.user)
    day = timezone.localdate() + datetime.timedelta(days=3)
    response, seconds = timed(
        lambda: client.post(
            reverse("sessions_log:meeting_new", args=[pairing.pk]),
            {"day": day.isoformat(), "time": "10:00", "minutes": "45", "place": "Room 4"},
        )
    )
    assert response.status_code == 302 and seconds < 5
    assert pairing.meetings.count() == 1
    assert not mailoutbox  # nothing could be sent yet

    broker_back(monkeypatch)
    mentor_email = pairing.mentor.user.email
    assert wait_for(lambda: len(mailoutbox) >= 3)
    time.sleep(1)  # nothing more arrives: each effect happened once
    received = sorted((m.to[0], m.subject) for m in mailoutbox)
    assert sum(to == ceo.user.email for to, _ in received) == 1  # introduced once
    assert sum(to == mentor_email for to, _ in received) == 2  # introduced, and the meeting
