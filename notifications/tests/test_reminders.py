"""Reminders are created once, delivered once, and never lost quietly."""

import datetime
import smtplib

import pytest
from django.utils import timezone

from accounts.tests.factories import ProfileFactory, UserFactory
from notifications import services
from notifications.models import Notification, Preference, Reminder
from notifications.rules import enrolment_open, hr_digest, program_ending, run_rules
from notifications.services import Due, reminders_create, reminders_withdraw
from notifications.tasks import MAX_RETRIES, deliver_reminder
from programs.models import Phase
from programs.services import program_invite
from programs.tests.factories import EnrolmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)  # a Monday


@pytest.fixture
def retries_run_in_process():
    """Eager Celery runs each retry at once, in the same call; errors stay in the result."""
    from mentoring.celery import app

    propagates = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = propagates


def due(user, occurrence="1", kind="no_meeting") -> Due:
    return Due(kind, "pairing:7", user.pk, occurrence, {"title": "Plan your next meeting"})


def test_the_same_reminder_is_created_once_however_often_the_sweep_runs():
    user = UserFactory()
    first = reminders_create([due(user)], enqueue=False)
    second = reminders_create([due(user), due(user)], enqueue=False)
    assert len(first) == 1 and second == []
    assert Reminder.objects.count() == 1
    reminders_create([due(user, occurrence="2")], enqueue=False)
    assert Reminder.objects.count() == 2  # a new occurrence is a new reminder


def test_a_reminder_is_sent_by_email_and_in_the_app(mailoutbox, django_capture_on_commit_callbacks):
    user = ProfileFactory(timezone="Asia/Tokyo").user
    with django_capture_on_commit_callbacks(execute=True):
        [pk] = reminders_create([due(user)])
    reminder = Reminder.objects.get(pk=pk)
    assert reminder.status == "sent" and reminder.sent_at is not None
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject.endswith("Plan your next meeting")
    assert message.extra_headers["Message-ID"] == f"<reminder-{pk}@localhost>"
    assert message.alternatives[0][1] == "text/html"
    assert Notification.objects.get(recipient=user).title == "Plan your next meeting"


def test_a_retry_after_a_crash_between_sending_and_recording_sends_nothing_more(
    mailoutbox, monkeypatch
):
    user = UserFactory()
    [pk] = reminders_create([due(user)], enqueue=False)

    def crash(reminder):
        raise SystemExit("worker killed after the mail went out")

    monkeypatch.setattr("notifications.tasks.reminder_record_sent", crash)
    with pytest.raises(SystemExit):
        deliver_reminder.apply(args=[pk], throw=True)
    assert len(mailoutbox) == 1
    monkeypatch.undo()
    assert deliver_reminder.apply(args=[pk]).get() == "skipped"  # acks_late: the task again
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(recipient=user).count() == 1


def test_a_mail_server_failure_is_retried_and_finally_shown_to_hr(
    mailoutbox, monkeypatch, retries_run_in_process
):
    user = UserFactory()
    [pk] = reminders_create([due(user)], enqueue=False)
    attempts = []

    def refuse(**kwargs):
        attempts.append(1)
        raise smtplib.SMTPServerDisconnected("mail server went away")

    monkeypatch.setattr(services, "send_templated_mail", refuse)
    assert deliver_reminder.apply(args=[pk]).get() == "failed"
    reminder = Reminder.objects.get(pk=pk)
    assert len(attempts) == MAX_RETRIES + 1  # the first try and every retry
    assert reminder.status == "failed" and "went away" in reminder.last_error
    assert Notification.objects.filter(recipient=user).count() == 1  # the app still has it


def test_a_failure_then_success_sends_once(mailoutbox, monkeypatch, retries_run_in_process):
    user = UserFactory()
    [pk] = reminders_create([due(user)], enqueue=False)
    real = services.send_templated_mail
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionRefusedError("no route")
        real(**kwargs)

    monkeypatch.setattr(services, "send_templated_mail", flaky)
    assert deliver_reminder.apply(args=[pk]).get() == "sent"
    assert len(calls) == 2
    assert len(mailoutbox) == 1


def test_app_only_reminders_send_no_email(mailoutbox):
    user = UserFactory()
    Preference.objects.create(user=user, kind="no_meeting", channel="app")
    [pk] = reminders_create([due(user)], enqueue=False)
    deliver_reminder.apply(args=[pk])
    assert mailoutbox == [] and Notification.objects.filter(recipient=user).exists()


def test_essential_reminders_cannot_be_switched_off_only_moved_to_the_app(mailoutbox):
    user = UserFactory()
    Preference.objects.create(user=user, kind="no_meeting", channel="off")
    Preference.objects.create(user=user, kind="enrolment_open", channel="off")
    essential = reminders_create([due(user)], enqueue=False)[0]
    optional = reminders_create([due(user, kind="enrolment_open")], enqueue=False)[0]
    deliver_reminder.apply(args=[essential])
    deliver_reminder.apply(args=[optional])
    assert mailoutbox == []
    assert Reminder.objects.get(pk=essential).status == "sent"  # in the app
    assert Reminder.objects.get(pk=optional).status == "withdrawn"
    assert Notification.objects.filter(recipient=user).count() == 1


def test_withdrawn_reminders_are_not_sent(mailoutbox):
    user = UserFactory()
    [pk] = reminders_create([due(user)], enqueue=False)
    assert reminders_withdraw(subject="pairing:7") == 1
    assert deliver_reminder.apply(args=[pk]).get() == "skipped"
    assert mailoutbox == []


# Rules, with the clock set


def test_enrolment_open_goes_to_eligible_people_not_already_invited():
    program = ProgramFactory(
        enrolment_opens=NOW.date(), enrolment_closes=NOW.date() + datetime.timedelta(days=9)
    )
    executive, junior, middle = (ProfileFactory(level=n).user for n in (8, 2, 5))
    invited = ProfileFactory(level=9).user
    program_invite(program=program, users=[invited], by=UserFactory())
    recipients = {d.recipient_id for d in enrolment_open(NOW)}
    assert recipients == {executive.pk, junior.pk}
    run_rules(NOW, rules={"open": enrolment_open})
    assert list(enrolment_open(NOW)) == []  # told once: not even offered again


def test_program_ending_is_told_two_weeks_before_to_people_still_paired():
    program = ProgramFactory(phase=Phase.RUNNING, ends_on=NOW.date() + datetime.timedelta(days=14))
    paired = EnrolmentFactory(program=program, paired_count=1)
    EnrolmentFactory(program=program, paired_count=0)
    assert [d.recipient_id for d in program_ending(NOW)] == [paired.user_id]
    assert list(program_ending(NOW - datetime.timedelta(days=1))) == []  # 15 days before


def test_the_hr_digest_goes_once_a_week():
    hr = UserFactory(hr_admin=True)
    UserFactory()
    EnrolmentFactory()
    dues = list(hr_digest(NOW))
    assert [d.recipient_id for d in dues] == [hr.pk]
    assert dues[0].occurrence == "2026-W10" and dues[0].context["enrolments"] == 1
    run_rules(NOW, rules={"digest": hr_digest})
    run_rules(NOW + datetime.timedelta(days=2), rules={"digest": hr_digest})
    assert Reminder.objects.filter(kind="hr_digest").count() == 1


def test_messages_are_written_in_the_recipients_time_zone():
    user = ProfileFactory(timezone="America/New_York").user
    at = datetime.datetime(2026, 3, 9, 15, 0, tzinfo=datetime.UTC)  # after the DST change
    reminders_create(
        [
            Due(
                "meeting_soon",
                "meeting:1",
                user.pk,
                context={"title": "Tomorrow", "body": "At {at}", "at": at.isoformat()},
            )
        ],
        enqueue=False,
    )
    message = services._message(Reminder.objects.get())
    assert message.body == "At Monday 9 March, 11:00 EDT"


def test_the_schedules_are_installed_for_beat(db):
    from django_celery_beat.models import PeriodicTask

    tasks = dict(PeriodicTask.objects.values_list("name", "task"))
    assert tasks["Reminders: sweep for what is due"] == "notifications.tasks.sweep"
    assert tasks["Reminders: weekly digest for HR admins"] == "notifications.tasks.weekly_digest"


def test_send_reminders_dry_run_prints_and_sends_nothing(capsys):
    from django.core.management import call_command

    program = ProgramFactory(enrolment_opens=timezone.localdate())
    person = ProfileFactory(level=9).user
    call_command("send_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert f"would send enrolment_open (program:{program.pk}, #1) to {person.email}" in out
    assert not Reminder.objects.exists()
