"""Moving programs out of `mentoring` keeps every row: a database as the code before the move
left it (its tables, its spelling, its content types) is migrated forward and checked."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from mentoring.tests.migrating import latest, migrate
from pairing.models import Pairing, PairingRun, PairRule
from programs.models import Enrolment, Program, ProgramInvitation
from sessions_log.models import Meeting

BEFORE_THE_MOVE = [
    ("accounts", "0005_employee_import"),
    ("mentoring", "0004_meeting_reminder_time"),
    ("pairing", "0001_initial"),
    ("sessions_log", "0002_topic_catalogue"),
    ("notifications", "0002_install_schedules"),
    ("programs", None),  # the app did not exist yet
]


def _old_company(apps) -> dict:
    """What the code before the move wrote: a program, two enrolments, a pair and a meeting."""
    User = apps.get_model("accounts", "User")
    Program = apps.get_model("mentoring", "Program")
    Enrollment = apps.get_model("mentoring", "Enrollment")
    Invitation = apps.get_model("mentoring", "ProgramInvitation")
    Pairing = apps.get_model("pairing", "Pairing")
    PairingRun = apps.get_model("pairing", "PairingRun")
    PairRule = apps.get_model("pairing", "PairRule")
    Meeting = apps.get_model("sessions_log", "Meeting")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.get_or_create(app_label="mentoring", model="enrollment")

    ceo = User.objects.create(email="ceo@example.com", first_name="Ada")
    junior = User.objects.create(email="junior@example.com", first_name="Leo")
    program = Program.objects.create(name="Spring cohort", phase="running", cadence_weeks=3)
    now = timezone.now()
    mentee = Enrollment.objects.create(
        program=program, user=ceo, role="mentee", status="approved",
        ground_rules_accepted_at=now, paired_count=1, hopes="Learn LinkedIn",
    )  # fmt: skip
    mentor = Enrollment.objects.create(
        program=program, user=junior, role="mentor", status="approved",
        ground_rules_accepted_at=now, paired_count=1, capacity=2,
    )  # fmt: skip
    Invitation.objects.create(program=program, user=junior, sent_at=now)
    run = PairingRun.objects.create(
        program=program, status="done", unmatched=[{"enrollment": mentee.pk, "reason": "full"}]
    )
    pairing = Pairing.objects.create(
        program=program, run=run, mentee=mentee, mentor=mentor, status="active", score=0.8,
        published_at=now,
    )  # fmt: skip
    PairRule.objects.create(program=program, mentee=mentee, mentor=mentor, kind="lock")
    start = now + datetime.timedelta(days=3)
    Meeting.objects.create(
        pairing=pairing, starts_at=start, ends_at=start + datetime.timedelta(minutes=45)
    )
    return {"program": program.pk, "mentee": mentee.pk, "mentor": mentor.pk, "run": run.pk}


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_every_row():
    end = latest()
    try:
        ids = _old_company(migrate(BEFORE_THE_MOVE))
        migrate(end)

        program = Program.objects.get(pk=ids["program"])
        assert (program.name, program.phase, program.cadence_weeks) == (
            "Spring cohort",
            "running",
            3,
        )
        mentee = Enrolment.objects.get(pk=ids["mentee"])
        assert (mentee.user.email, mentee.hopes, mentee.paired_count) == (
            "ceo@example.com",
            "Learn LinkedIn",
            1,
        )
        assert Enrolment.objects.get(pk=ids["mentor"]).capacity == 2
        assert ProgramInvitation.objects.get(program=program).user.email == "junior@example.com"
        pairing = Pairing.objects.get(program=program)
        assert (pairing.mentee_id, pairing.mentor_id, pairing.score) == (
            ids["mentee"],
            ids["mentor"],
            0.8,
        )
        assert PairRule.objects.get(program=program).kind == "lock"
        assert Meeting.objects.get(pairing=pairing).minutes == 45
        run = PairingRun.objects.get(pk=ids["run"])
        assert run.unmatched == [{"enrolment": ids["mentee"], "reason": "full"}]
        # The tables took the new names; the database still checks what it checked.
        tables = connection.introspection.table_names()
        assert "programs_enrolment" in tables and "mentoring_enrollment" not in tables
        assert not ContentType.objects.filter(app_label="mentoring", model="enrollment").exists()
        assert ContentType.objects.filter(app_label="programs", model="enrolment").exists()
        with pytest.raises(Exception, match="(?i)unique|constraint"):
            Enrolment.objects.create(
                program=program,
                user=mentee.user,
                role="mentor",
                ground_rules_accepted_at=timezone.now(),
            )
    finally:
        migrate(end)
