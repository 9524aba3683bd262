"""The audit log: append-only, HR's page and CSV, retention, and what it never holds."""

import csv
import datetime
import io

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.tests.factories import UserFactory
from accounts.views import audit as audit_views
from audit.models import Action, AppendOnly, AuditEntry
from audit.services import entries_purge, record
from audit.tasks import purge_expired_entries
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return UserFactory(email="helen@example.com", hr_admin=True)


def test_entries_cannot_be_changed_or_deleted(hr):
    entry = record(actor=hr, action=Action.PROGRAM_CREATED)
    entry.action = Action.PROGRAM_EDITED
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.update(actor_label="someone else")
    assert AuditEntry.objects.get().action == Action.PROGRAM_CREATED


def test_the_admin_site_shows_entries_read_only(hr):
    model_admin = admin.site._registry[AuditEntry]
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_retention_removes_old_entries_only_and_says_so(hr, settings):
    old = record(actor=hr, action=Action.PROGRAM_CREATED)
    with connection.cursor() as cursor:  # the app cannot age an entry: plain SQL does
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET created_at = %s WHERE id = %s",
            [timezone.now() - datetime.timedelta(days=365 * 3), old.pk],
        )
    recent = record(actor=hr, action=Action.PROGRAM_EDITED)
    settings.AUDIT_RETENTION_YEARS = 2

    assert purge_expired_entries() == 1

    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        Action.PROGRAM_EDITED,
        Action.ENTRIES_PURGED,
    }
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    assert entries_purge(older_than_years=2) == 0


def test_hr_browses_the_log_with_filters(client, hr):
    program = ProgramFactory(name="Cohort A")
    other = UserFactory(email="omar@example.com", hr_admin=True)
    record(actor=hr, action=Action.PROGRAM_CREATED, obj=program, program=program)
    record(actor=other, action=Action.ROLE_GRANTED, obj=hr)
    client.force_login(hr)
    url = reverse("accounts:audit_log")

    def shown(**filters: object) -> str:
        page = client.get(url, filters).content.decode()
        return page.split('data-testid="audit-entries"')[1]  # the table, not the filters

    today = timezone.localdate().isoformat()
    everything = shown()
    assert "Program created" in everything and "HR role granted" in everything
    by_omar = shown(person="omar")
    assert "HR role granted" in by_omar and "Program created" not in by_omar
    in_program = shown(program=program.pk)
    assert "Program created" in in_program and "HR role granted" not in in_program
    dated = shown(since=today, until=today, action="role.granted")
    assert "HR role granted" in dated and "Program created" not in dated
    bad = client.get(url, {"since": "yesterday"})
    assert bad.status_code == 200 and "Enter a valid date." in bad.content.decode()


def test_the_log_is_paginated(client, hr):
    for _ in range(51):
        record(actor=hr, action=Action.PROGRAM_EDITED)
    client.force_login(hr)
    page = client.get(reverse("accounts:audit_log")).content.decode()
    assert "Page 1 of 2" in page


def test_a_long_log_lists_its_newest_entries_and_says_where_the_others_are(client, hr, monkeypatch):
    monkeypatch.setattr(audit_views, "LISTED", 100)  # 10,000 on the real page
    for n in range(120):
        record(actor=hr, action=Action.PROGRAM_EDITED, details={"n": n})
    client.force_login(hr)
    url = reverse("accounts:audit_log")
    first = client.get(url).content.decode()
    assert "Page 1 of 2" in first
    assert "The newest 100 entries are listed" in first
    assert "n: 119" in first  # the newest first
    beyond = client.get(url, {"page": "3"}).content.decode()
    assert "Page 2 of 2" in beyond and "n: 20" in beyond and "n: 19" not in beyond
    narrowed = client.get(url, {"person": "nobody-here"}).content.decode()
    assert "No entry matches." in narrowed and "The newest" not in narrowed
    csv_rows = b"".join(client.get(url, {"format": "csv"}).streaming_content).decode()
    assert len(csv_rows.strip().splitlines()) == 1 + 120  # the download has them all


def test_a_program_new_to_the_log_or_renamed_is_in_the_filter_once_committed(
    client, hr, django_capture_on_commit_callbacks
):
    first = ProgramFactory(name="Cohort A")
    record(actor=hr, action=Action.PROGRAM_CREATED, obj=first, program=first)
    client.force_login(hr)
    url = reverse("accounts:audit_log")
    assert ">Cohort A</option>" in client.get(url).content.decode()  # the choices are kept
    second = ProgramFactory(name="Cohort B")
    with django_capture_on_commit_callbacks(execute=True):
        record(actor=hr, action=Action.PROGRAM_CREATED, obj=second, program=second)
        first.name = "Cohort A (spring)"
        record(actor=hr, action=Action.PROGRAM_EDITED, obj=first, program=first)
        uncommitted = client.get(url).content.decode()
    assert ">Cohort B</option>" not in uncommitted  # kept until the entries are committed
    page = client.get(url).content.decode()
    assert ">Cohort B</option>" in page
    assert ">Cohort A (spring)</option>" in page and ">Cohort A</option>" not in page


def test_the_csv_export_neutralises_formulas(client, hr):
    program = ProgramFactory(name='=HYPERLINK("http://evil")')
    record(
        actor=hr,
        action=Action.PROGRAM_EDITED,
        obj=program,
        program=program,
        changes={"name": ["Cohort", program.name]},
    )
    client.force_login(hr)
    answer = client.get(reverse("accounts:audit_log"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode())))
    assert rows[0][:3] == ["when", "who", "action"]
    assert rows[1][1:3] == ["helen@example.com", "Program edited"]
    assert rows[1][4] == '\'=HYPERLINK("http://evil")'


def test_the_retention_job_is_scheduled_nightly():
    task = PeriodicTask.objects.get(task="audit.tasks.purge_expired_entries")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("3", "30")
