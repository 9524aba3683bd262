"""Start-up configuration, checked in fresh processes as an operator would start the site."""

import gc
import os
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x7Qm2pLs9Vd4Rt8Wz1Nb6Hc5Jf0Yg3Ke" * 2,
    "ALLOWED_HOSTS": "mentoring.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://mentoring.example.com",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The test process allows async-unsafe ORM calls for Playwright; a deployment must not.
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_fails_clearly_without_secret_key_when_debug_is_off():
    result = manage("check", env={"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_bad_boolean_is_refused_at_start():
    result = manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_email_url_file_writes_each_message_into_that_folder(tmp_path):
    folder = tmp_path / "mail"
    result = manage(
        "sendtestemail",
        "someone@example.com",
        env={"EMAIL_URL": f"file://{folder}", "DATABASE_URL": f"sqlite:///{tmp_path}/db"},
    )
    assert result.returncode == 0, result.stderr
    [message] = list(folder.iterdir())
    assert "someone@example.com" in message.read_text()


def test_a_gunicorn_worker_collects_garbage_less_often_once_the_site_is_loaded():
    """gunicorn reads gunicorn.conf.py from the folder the README starts it in."""
    worker_settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    before = gc.get_threshold()
    try:
        worker_settings["post_worker_init"](worker=None)
        assert gc.get_threshold()[0] == 50_000
        assert gc.get_freeze_count() > 0  # the loaded code is out of the collector's walk
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
