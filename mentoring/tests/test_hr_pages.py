"""HR's home (what needs attention), the programs list's counts and the page per employee."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from accounts.tests.factories import ProfileFactory, UserFactory
from concerns.models import Concern
from notifications.kinds import KINDS
from notifications.models import Reminder
from pairing.models import Pairing
from programs.models import EnrolmentStatus, Phase, Role
from programs.tests.factories import EnrolmentFactory, ProgramFactory, days
from sessions_log.models import Meeting, SessionLog

SECRET_NOTE = "the-merger-with-contoso"
LONG_AGO = timezone.now() - datetime.timedelta(days=60)


@pytest.fixture
def hr(db):
    return UserFactory(first_name="Helen", hr_admin=True)


@pytest.fixture
def employee(db):
    return ProfileFactory(user__first_name="Sam", user__last_name="Lee").user


def pair(program, *, status=Pairing.Status.ACTIVE, **extra):
    mentee = EnrolmentFactory(program=program, role=Role.MENTEE)
    mentor = EnrolmentFactory(program=program, role=Role.MENTOR)
    if status == Pairing.Status.ACTIVE:
        for enrolment in (mentee, mentor):
            enrolment.paired_count = 1
            enrolment.save()
    return Pairing.objects.create(
        program=program, mentee=mentee, mentor=mentor, status=status, score=0.5, **extra
    )


HR_PAGES = [("hr_home", False), ("hr_programs", False), ("hr_employee", True)]


@pytest.mark.parametrize(("name", "needs_pk"), HR_PAGES)
def test_hr_pages_ask_a_visitor_to_log_in(client, employee, name, needs_pk):
    response = client.get(reverse(name, args=[employee.pk] if needs_pk else []))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(("name", "needs_pk"), HR_PAGES)
def test_hr_pages_are_forbidden_to_an_employee(client, employee, name, needs_pk):
    client.force_login(employee)
    assert client.get(reverse(name, args=[employee.pk] if needs_pk else [])).status_code == 403


@pytest.mark.parametrize(("name", "needs_pk"), HR_PAGES)
def test_hr_pages_open_for_hr(client, hr, employee, name, needs_pk):
    client.force_login(hr)
    assert client.get(reverse(name, args=[employee.pk] if needs_pk else [])).status_code == 200


def test_the_page_of_nobody_is_a_404(client, hr):
    client.force_login(hr)
    assert client.get(reverse("hr_employee", args=[98765])).status_code == 404


def test_hr_home_lists_what_needs_attention_each_with_its_link(client, hr):
    enrolling = ProgramFactory(name="Spring cohort", enrolment_closes=days(-1))
    EnrolmentFactory.create_batch(3, program=enrolling, status=EnrolmentStatus.PENDING)
    running = ProgramFactory(name="Autumn cohort", phase=Phase.RUNNING)
    pair(running, published_at=LONG_AGO)  # published, no meeting since: at risk
    EnrolmentFactory(program=running, role=Role.MENTEE)  # approved, no mentor
    matching = ProgramFactory(name="Winter cohort", phase=Phase.MATCHING)
    pair(matching, status=Pairing.Status.PROPOSED)
    pair(matching, status=Pairing.Status.PROPOSED)
    Reminder.objects.create(
        kind=next(iter(KINDS)), subject="meeting:1", recipient=hr, status=Reminder.Status.FAILED
    )
    Concern.objects.create(
        program=running, category="other", text="x", raised_on=days(-2), named=False
    )

    client.force_login(hr)
    page = client.get(reverse("hr_home")).content.decode()

    dashboard = reverse("programs:dashboard", args=[enrolling.pk])
    assert "3 enrolments waiting for your decision" in page
    assert f'href="{dashboard}?status=pending"' in page
    assert "Enrolment closed on" in page and "start matching" in page
    assert "1 approved mentee without a mentor" in page
    assert reverse("pairing:board", args=[running.pk]) in page
    assert "2 proposed pairs ready to publish" in page
    assert reverse("pairing:board", args=[matching.pk]) in page
    assert "1 pair to check in on" in page
    assert reverse("sessions_log:program_health", args=[running.pk]) in page
    assert "1 reminder could not be sent" in page
    assert reverse("notifications:failed") in page
    assert "1 concern still open" in page
    assert reverse("concerns:hr_list") in page


def test_hr_home_says_when_nothing_waits(client, hr):
    ProgramFactory(phase=Phase.CLOSED)
    client.force_login(hr)
    assert b"Nothing waits for you" in client.get(reverse("hr_home")).content


def test_the_programs_list_counts_enrolled_paired_and_at_risk(client, hr):
    running = ProgramFactory(name="Autumn cohort", phase=Phase.RUNNING)
    pair(running, published_at=LONG_AGO)
    EnrolmentFactory(program=running, role=Role.MENTEE, status=EnrolmentStatus.PENDING)
    EnrolmentFactory(program=running, role=Role.MENTEE, status=EnrolmentStatus.DECLINED)
    client.force_login(hr)
    page = client.get(reverse("hr_programs")).content.decode()
    assert "3 enrolled · 1 paired · " in page
    assert "1 at risk" in page


def test_a_closed_program_counts_who_were_paired(client, hr):
    closed = ProgramFactory(name="Pilot", phase=Phase.CLOSED)
    pair(closed, status=Pairing.Status.ENDED, ended_at=timezone.now())
    client.force_login(hr)
    page = client.get(reverse("hr_programs")).content.decode()
    assert "2 enrolled · 1 were paired" in page


def test_the_employee_page_shows_what_is_missing_enrolments_and_pairs_never_notes(
    client, hr, employee
):
    Profile.objects.filter(user=employee).update(timezone="")
    program = ProgramFactory(name="Autumn cohort", phase=Phase.RUNNING)
    pairing = pair(program, status=Pairing.Status.ENDED, ended_at=timezone.now())
    pairing.mentee.user = employee
    pairing.mentee.save()
    meeting = Meeting.objects.create(
        pairing=pairing,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, minutes=-45),
        created_by=employee,
    )
    SessionLog.objects.create(meeting=meeting, held=True, summary=SECRET_NOTE)

    client.force_login(hr)
    page = client.get(reverse("hr_employee", args=[employee.pk])).content.decode()

    assert "Time zone" in page and "A skill you can teach" in page
    assert "Autumn cohort" in page and "Ended" in page
    assert pairing.mentor.user.display_name in page
    assert SECRET_NOTE not in page


def test_hr_edits_the_records_and_the_employee_then_cannot(client, hr, employee):
    client.force_login(hr)
    response = client.post(
        reverse("hr_employee", args=[employee.pk]),
        {"title": "Head of Sales", "level": "8", "department": "Sales", "timezone": "Europe/Paris"},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=employee)
    assert (profile.title, profile.level, profile.department) == ("Head of Sales", 8, "Sales")
    assert {"title", "level", "department", "timezone"} <= set(profile.hr_fields)

    client.force_login(employee)
    client.post(
        reverse("accounts:profile"),
        {"title": "CEO", "level": "10", "department": "Board", "timezone": "Europe/Paris"},
    )
    profile.refresh_from_db()
    assert (profile.title, profile.level, profile.department) == ("Head of Sales", 8, "Sales")
    assert "From HR's records" in client.get(reverse("accounts:profile")).content.decode()


def test_opening_the_page_of_someone_without_a_profile_writes_nothing(client, hr):
    newcomer = UserFactory(first_name="Nia")
    client.force_login(hr)
    page = client.get(reverse("hr_employee", args=[newcomer.pk])).content.decode()
    assert "Level" in page and "A skill you can teach" in page
    assert not Profile.objects.filter(user=newcomer).exists()
    client.post(reverse("hr_employee", args=[newcomer.pk]), {"level": "3"})
    assert Profile.objects.get(user=newcomer).level == 3
