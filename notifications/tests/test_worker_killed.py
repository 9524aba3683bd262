"""A real Celery worker, in its own process, killed (SIGKILL) in the middle of a sweep's
deliveries: after a restart every reminder is e-mailed, none twice."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import ProfileFactory, UserFactory
from conftest import skip_or_fail
from mentoring import outbox
from mentoring.celery import app
from notifications.models import Reminder
from notifications.rules import run_rules
from programs.tests.factories import ProgramFactory

ROOT = Path(__file__).resolve().parents[2]
QUEUE = "sigkill-test"
PEOPLE = 150


def start_worker(mail_folder: Path) -> subprocess.Popen:
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        "EMAIL_URL": f"file://{mail_folder}",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "mentoring", "worker", "--pool=solo",
         "-Q", QUEUE, "--without-mingle", "--without-gossip", "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait_for(condition, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def count(status: str) -> int:
    return Reminder.objects.filter(status=status).count()


@pytest.fixture
def broker_queue(reference_data):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url or connection.vendor != "postgresql":
        skip_or_fail("a real worker in a subprocess needs REDIS_URL and PostgreSQL")
    import redis

    redis.Redis.from_url(redis_url).delete(QUEUE)
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    app.conf.update(task_always_eager=False, task_default_queue=QUEUE, broker_url=redis_url)
    yield
    app.conf.update(saved)
    redis.Redis.from_url(redis_url).delete(QUEUE)


def test_a_worker_killed_mid_sweep_leaves_nothing_pending_and_sends_nothing_twice(
    broker_queue, tmp_path, client
):
    ProgramFactory(enrolment_opens=timezone.localdate())
    people = [ProfileFactory(level=9).user for _ in range(PEOPLE)]
    assert run_rules()["enrolment_open"] == PEOPLE  # committed, handed to the queue
    worker = start_worker(tmp_path)
    try:
        assert wait_for(lambda: count("sent") >= 10), "the worker sent nothing"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    sent_before = count("sent")
    assert sent_before < PEOPLE, "the sweep finished before the kill: make it longer"
    assert count("pending") > 0  # stranded: in the dead worker's hands or still queued

    # The dispatcher hands over again what was handed over and never done (normally after
    # outbox.STUCK_AFTER; at once here), and a new worker starts.
    assert outbox.dispatch(stuck_after=datetime.timedelta(0)) > 0
    worker = start_worker(tmp_path)
    try:
        assert wait_for(lambda: count("pending") == 0), "reminders stayed pending"
        time.sleep(1)  # any duplicate hand-over still queued is taken and skipped
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    mails = "".join(path.read_text() for path in tmp_path.iterdir())
    sent = Reminder.objects.filter(status="sent")
    unconfirmed = Reminder.objects.filter(status="sending")
    # At most the one reminder claimed at the moment of the kill may be unconfirmed (the
    # worker ran one task at a time); HR sees it. Every other reminder went out exactly once.
    assert unconfirmed.count() <= 1
    assert sent.count() + unconfirmed.count() == PEOPLE
    for person in people:
        times = mails.count(f"To: {person.email}\n")
        assert times <= 1, f"{person.email} got {times} e-mails"
        if sent.filter(recipient=person).exists():
            assert times == 1, f"{person.email} got no e-mail"
    Reminder.objects.filter(status="sending").update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    client.force_login(UserFactory(hr_admin=True))
    listed = client.get(reverse("notifications:failed")).context["page"]
    assert [r.pk for r in listed] == [r.pk for r in unconfirmed]
