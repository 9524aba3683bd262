"""Plain-text e-mails read as written, and their links point where people reach the site."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.emails import send_invitation
from accounts.tests.factories import ProfileFactory
from mentoring.apps import sync_site
from mentoring.mail import absolute_url
from mentoring.notices import words
from pairing.models import Pairing
from programs.models import Phase, Role
from programs.services import send_program_invitation
from programs.tests.factories import EnrolmentFactory, ProgramFactory
from sessions_log.calendar import meeting_ics
from sessions_log.models import Meeting

from .test_settings import manage

ROOT = Path(__file__).resolve().parents[2]
AMPERSAND_NAME = "Cloud & AI <Pilot> 'n' \"friends\""


@pytest.fixture
def public_site(settings):
    settings.SITE_SCHEME = "https"
    settings.SITE_DOMAIN = "mentoring.example.com"


@pytest.mark.django_db
def test_a_program_invitation_in_plain_text_reads_as_written(public_site):
    program = ProgramFactory(name=AMPERSAND_NAME)
    send_program_invitation(program=program, user=ProfileFactory().user)
    [message] = mail.outbox
    assert AMPERSAND_NAME in message.body
    assert "&amp;" not in message.body and "&lt;" not in message.body
    assert "&amp;" in message.alternatives[0][0]  # the HTML part escapes, as HTML must
    assert f"https://mentoring.example.com{reverse('programs:enrol', args=[program.pk])}" in (
        message.body
    )


@pytest.mark.parametrize(
    "kind", ["enrolment_decision", "pairing_ended", "pairing_published", "program_closed"]
)
def test_every_notice_reads_as_written(kind):
    context = {
        "program": AMPERSAND_NAME,
        "partner": "O'Brien & Sons",
        "reason": "Time & place",
        "approved": False,
        "role": "mentee",
        "cancelled": 2,
    }
    title, text = words(kind, context)
    assert "&" in title + text and "&amp;" not in title + text and "&#x27;" not in title + text


def test_no_plain_text_template_is_rendered_by_the_html_engine():
    """Every .txt template goes through the "text" engine (autoescape off): a call of
    render_to_string with a .txt name would escape it again."""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        for line_number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"render_to_string\([^)]*\.txt", line):
                offenders.append(f"{path.relative_to(ROOT)}:{line_number}")
    assert offenders == []


@pytest.mark.django_db
def test_the_invitation_links_to_the_configured_site_whatever_the_request(public_site):
    send_invitation(user=ProfileFactory().user)
    links = re.findall(r"https?://\S+", mail.outbox[0].body)
    assert links and all(link.startswith("https://mentoring.example.com/") for link in links)


@pytest.mark.django_db
def test_calendar_files_link_to_the_configured_site(public_site):
    program = ProgramFactory(phase=Phase.RUNNING)
    mentee = EnrolmentFactory(program=program, role=Role.MENTEE, paired_count=1)
    mentor = EnrolmentFactory(program=program, role=Role.MENTOR, paired_count=1)
    pairing = Pairing.objects.create(
        program=program, mentee=mentee, mentor=mentor, status=Pairing.Status.ACTIVE, score=0.5
    )
    start = timezone.now() + datetime.timedelta(days=2)
    meeting = Meeting.objects.create(
        pairing=pairing,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=45),
        created_by=mentor.user,
    )
    ics = meeting_ics(meeting, viewer=mentee.user).decode().replace("\r\n ", "")
    assert f"https://mentoring.example.com/meetings/{meeting.pk}/" in ics


def test_absolute_url_follows_the_settings(settings):
    settings.SITE_SCHEME, settings.SITE_DOMAIN = "http", "127.0.0.1:8123"
    assert absolute_url("/pairs/1/") == "http://127.0.0.1:8123/pairs/1/"


@pytest.mark.django_db
def test_migrate_writes_the_domain_into_the_sites_framework(settings):
    settings.SITE_DOMAIN = "127.0.0.1:8123"
    sync_site()
    assert Site.objects.get_current().domain == "127.0.0.1:8123"


def test_a_domain_with_a_scheme_stops_the_start_with_a_clear_message():
    result = manage("check", env={"SITE_DOMAIN": "https://mentoring.example.com/"})
    assert result.returncode != 0
    assert "SITE_DOMAIN must be a host name" in result.stderr


def test_the_make_run_target_serves_the_port_it_names_in_links():
    makefile = (ROOT / "Makefile").read_text()
    assert "run: export SITE_DOMAIN ?= 127.0.0.1:$(PORT)" in makefile
    assert settings.SITE_DOMAIN  # the default serves 127.0.0.1:8000
