"""The scale company of the benchmarks and the load test (mentoring/scale.py), built small."""

import pytest
from django.core.management import call_command

from accounts.models import User
from audit.models import AuditEntry
from mentoring.scale import RUNNING_PROGRAM, SCALE_PASSWORD, hr_email, seed_scale
from notifications.models import Notification
from pairing.models import Pairing
from programs.models import Program
from sessions_log.models import Meeting


@pytest.mark.django_db
def test_seed_scale_builds_the_company_once_in_the_issues_proportions(client, capsys):
    call_command("seed_scale", "--employees", "200")
    said = capsys.readouterr().out
    made = {
        label: int(count.split()[0].replace(",", ""))
        for label, count in (line.split(": ", 1) for line in said.splitlines() if ": " in line)
        if count[0].isdigit()
    }

    assert made["employees"] == User.objects.count() == 200
    running = Program.objects.get(name=RUNNING_PROGRAM)
    assert made["published pairs"] == Pairing.objects.active().filter(program=running).count() > 40
    assert made["meetings"] == Meeting.objects.count() >= 1900
    assert made["bell notifications"] == Notification.objects.count() == 5000
    assert made["enrolments in the enrolling program"] == 100
    assert made["audit entries"] == 4000 <= AuditEntry.objects.count()  # and the seed's own
    assert AuditEntry.objects.filter(program_id=running.pk).count() > 1000
    # Real accounts: an HR admin logs in with the printed password and reaches HR's pages.
    assert client.login(email=hr_email(1), password=SCALE_PASSWORD)
    assert client.get("/hr/employees/").status_code == 200
    assert seed_scale(employees=200, say=lambda text: None) == {}
    assert User.objects.count() == 200
    assert SCALE_PASSWORD in said
