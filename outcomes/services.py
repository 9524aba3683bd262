"""Writes of outcomes: check-ins (skill levels and the pulse survey), early fit, "can do"
ticks, thanks and the note of recognition."""

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import SkillWanted, User
from mentoring import outbox
from mentoring.mail import send_templated_mail
from pairing.models import Pairing
from programs.models import Enrolment, Program, Role

from . import selectors
from .certificates import manager_note
from .defaults import SURVEY_QUESTIONS
from .models import (
    Answer,
    CanDo,
    CanDoTick,
    CheckIn,
    FitCheck,
    Moment,
    Question,
    Recognition,
    SkillLevel,
    Survey,
    Thanks,
)


class OutcomesError(Exception):
    """A rule refused the change; the message is for the person who asked."""


# Levels at enrolment --------------------------------------------------------------------------


def baseline_record(*, enrolment: Enrolment) -> int:
    """The levels someone gave at enrolment ("level now" on their profile), kept as the start.

    Idempotent: a skill that has a start level keeps it. Returns how many were recorded.
    """
    have = set(
        SkillLevel.objects.filter(enrolment=enrolment, moment=Moment.START).values_list(
            "skill_id", flat=True
        )
    )
    rows = [
        SkillLevel(enrolment=enrolment, skill_id=skill_id, moment=Moment.START, level=level)
        for skill_id, level in SkillWanted.objects.filter(user_id=enrolment.user_id).values_list(
            "skill_id", "current_level"
        )
        if skill_id not in have
    ]
    SkillLevel.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# Surveys --------------------------------------------------------------------------------------


def survey_for(*, program: Program, moment: str) -> Survey:
    """The program's survey at `moment`, made with the default questions the first time."""
    survey = Survey.objects.filter(program=program, moment=moment).first()
    if survey is not None:
        return survey
    try:
        with transaction.atomic():
            survey = Survey.objects.create(program=program, moment=moment)
            Question.objects.bulk_create(
                Question(
                    survey=survey, position=position, text=text, kind=kind, audience=audience,
                    low_label=low, high_label=high,
                )
                for position, (text, kind, audience, low, high) in enumerate(SURVEY_QUESTIONS)
            )  # fmt: skip
    except IntegrityError:  # made at the same moment by another request
        survey = Survey.objects.get(program=program, moment=moment)
    return survey


def survey_has_answers(survey: Survey) -> bool:
    return Answer.objects.filter(question__survey=survey).exists()


# Check-ins ------------------------------------------------------------------------------------


@transaction.atomic
def check_in_submit(
    *,
    enrolment: Enrolment,
    moment: str,
    levels: Mapping[int, int],
    answers: Mapping[int, int | str | None],
) -> bool:
    """Record someone's levels (they may correct them while the check-in is open) and, the
    first time only, their survey answers, stored without their name. Their profile's
    "level now" follows what they said. Returns whether the survey answers were taken."""
    if moment not in (Moment.MIDPOINT, Moment.END):
        raise OutcomesError("There is no such check-in.")
    baseline_record(enrolment=enrolment)
    for skill_id, level in levels.items():
        SkillLevel.objects.update_or_create(
            enrolment=enrolment, skill_id=skill_id, moment=moment, defaults={"level": level}
        )
        SkillWanted.objects.filter(user_id=enrolment.user_id, skill_id=skill_id).update(
            current_level=level
        )
    _, first_time = CheckIn.objects.get_or_create(enrolment=enrolment, moment=moment)
    if first_time:
        Answer.objects.bulk_create(
            Answer(
                question_id=question_id,
                role=enrolment.role,
                scale=value if isinstance(value, int) else None,
                text=value if isinstance(value, str) else "",
            )
            for question_id, value in answers.items()
            if value not in (None, "")
        )
    return first_time


# Early pairing fit ----------------------------------------------------------------------------


def fit_check_submit(*, pairing: Pairing, role: str, fit: int, learning: int) -> FitCheck:
    """Once per side: a second answer is refused (the first one may already have led HR to
    act)."""
    try:
        with transaction.atomic():
            return FitCheck.objects.create(pairing=pairing, role=role, fit=fit, learning=learning)
    except IntegrityError as error:
        raise OutcomesError("You have answered these two questions already. Thank you!") from error


# "Can do" checks ------------------------------------------------------------------------------


def can_do_tick(*, pairing: Pairing, can_do: CanDo, done: bool) -> None:
    """The executive ticks a check off, or takes the tick back (with its confirmation)."""
    if done:
        CanDoTick.objects.get_or_create(pairing=pairing, can_do=can_do)
    else:
        CanDoTick.objects.filter(pairing=pairing, can_do=can_do).delete()


def can_do_confirm(*, pairing: Pairing, can_do: CanDo) -> None:
    """The mentor confirms what the executive ticked off."""
    updated = CanDoTick.objects.filter(
        pairing=pairing, can_do=can_do, confirmed_at__isnull=True
    ).update(confirmed_at=timezone.now())
    if not updated and not CanDoTick.objects.filter(pairing=pairing, can_do=can_do).exists():
        raise OutcomesError("Your pair has not ticked this off yet.")


# Thanks and recognition -----------------------------------------------------------------------


def thanks_save(*, pairing: Pairing, text: str) -> Thanks | None:
    """The executive's line of thanks; an empty text takes it back."""
    if not text.strip():
        Thanks.objects.filter(pairing=pairing).delete()
        return None
    thanks, _ = Thanks.objects.update_or_create(pairing=pairing, defaults={"text": text.strip()})
    return thanks


@transaction.atomic
def recognition_send(*, enrolment: Enrolment, include_thanks: bool) -> Recognition:
    """Ask for the note to the mentor's manager to be sent, once (outbox task)."""
    if enrolment.role != Role.MENTOR:
        raise OutcomesError("Notes of recognition are for junior mentors.")
    manager: User | None = getattr(getattr(enrolment.user, "profile", None), "manager", None)
    if manager is None or not manager.is_active:
        raise OutcomesError("Your profile names no manager to send the note to.")
    recognition, created = Recognition.objects.get_or_create(
        enrolment=enrolment, defaults={"manager": manager, "include_thanks": include_thanks}
    )
    if not created:
        raise OutcomesError("The note has been sent already.")
    outbox.enqueue("outcomes.tasks.send_recognition", recognition_id=recognition.pk)
    return recognition


def recognition_deliver(*, recognition: Recognition) -> bool:
    """E-mail the note to the manager once; a retried task sends nothing more."""
    if recognition.sent_at is not None or recognition.manager is None:
        return False
    enrolment = recognition.enrolment
    figures = selectors.recognition(enrolment)
    note = manager_note(
        figures,
        manager_name=recognition.manager.first_name or recognition.manager.display_name,
        include_thanks=recognition.include_thanks,
    )
    send_templated_mail(
        template="recognition",
        subject=f"{enrolment.user.display_name} as a reverse mentor in {enrolment.program.name}",
        to=[recognition.manager.email],
        context={"note": note},
        headers={"Reply-To": enrolment.user.email},
    )
    Recognition.objects.filter(pk=recognition.pk).update(sent_at=timezone.now())
    return True
