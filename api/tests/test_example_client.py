"""The example client (examples/sync_employees.py) syncs a CSV through the API of a live
server, as an HR system's scheduled job would run it."""

import subprocess
import sys
from pathlib import Path

import pytest

from accounts.models import Profile, User
from accounts.tests.factories import UserFactory

from .conftest import make_token

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "sync_employees.py"
# Headers as an HR system writes them, with a column the import does not know.
HEADER = "Email,First Name,Last Name,Title,Level,Department,Manager Email,Timezone,Location,Cost\n"


def run_sync(csv_file: Path, url: str, token: str, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(csv_file), "--url", url, *options],
        env={"MENTORING_API_TOKEN": token, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(transaction=True)
def test_the_example_client_syncs_a_csv_through_a_live_server(
    live_server, reference_data, tmp_path
):
    token = make_token(UserFactory(hr_admin=True))
    export = tmp_path / "workday.csv"
    export.write_text(
        HEADER
        + "ada@example.com,Ada,Lovelace,CFO,9,Finance,,Europe/London,London,1\n"
        + "leo@example.com,Leo,Park,Analyst,3,Finance,ada@example.com,America/New_York,NY,2\n"
    )
    dry = run_sync(export, live_server.url, token, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Dry run, nothing changed: 2 rows, 2 created" in dry.stdout
    assert not User.objects.filter(email="ada@example.com").exists()

    first = run_sync(export, live_server.url, token)
    assert first.returncode == 0, first.stderr
    assert "Applied: 2 rows, 2 created, 0 updated, 0 unchanged." in first.stdout
    leo = Profile.objects.select_related("manager").get(user__email="leo@example.com")
    assert (leo.manager.email, leo.level) == ("ada@example.com", 3)
    assert leo.timezone == "America/New_York"

    again = run_sync(export, live_server.url, token)
    assert "Applied: 2 rows, 0 created, 0 updated, 2 unchanged." in again.stdout

    export.write_text(export.read_text().replace("Analyst,3", "Senior Analyst,4"))
    changed = run_sync(export, live_server.url, token)
    assert "1 updated, 1 unchanged" in changed.stdout
    assert "leo@example.com: title 'Analyst' → 'Senior Analyst'" in changed.stdout


@pytest.mark.django_db(transaction=True)
def test_the_example_client_lists_bad_rows_and_changes_nothing(
    live_server, reference_data, tmp_path
):
    token = make_token(UserFactory(hr_admin=True))
    export = tmp_path / "workday.csv"
    export.write_text(
        HEADER
        + "ada@example.com,Ada,Lovelace,CFO,9,Finance,,Europe/London,London,1\n"
        + "leo@example.com,Leo,Park,Analyst,12,Finance,ghost@example.com,Mars/Base,NY,2\n"
    )
    result = run_sync(export, live_server.url, token)
    assert result.returncode == 1
    assert "1 of 2 rows has errors: nothing was applied." in result.stderr
    assert "row 2, level: unknown level '12' (use 1 to 10 or a level name)" in result.stderr
    assert "row 2, manager_email: unknown manager ghost@example.com" in result.stderr
    assert not User.objects.filter(email="ada@example.com").exists()
    refused = run_sync(export, live_server.url, "rmt_not-a-token")
    assert refused.returncode == 2
    assert "(401): This API token is not valid." in refused.stderr
