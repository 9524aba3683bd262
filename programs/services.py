"""Writes and rules of programs and enrolments."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile, User
from audit.models import Action
from audit.services import changes_between, record, snapshot
from mentoring import outbox
from mentoring.mail import absolute_url, preview, send_templated_mail
from mentoring.notices import notice, tell

from .models import (
    Enrolment,
    EnrolmentStatus,
    Phase,
    Program,
    ProgramInvitation,
    Role,
)

NEXT_PHASE = {
    Phase.DRAFT: Phase.ENROLLING,
    Phase.ENROLLING: Phase.MATCHING,
    Phase.MATCHING: Phase.RUNNING,
    Phase.RUNNING: Phase.CLOSED,
}
# HR may step back from matching to let more people in.
ALLOWED_MOVES: dict[str, set[str]] = {
    **{k: {v} for k, v in NEXT_PHASE.items()},
    Phase.MATCHING: {Phase.RUNNING, Phase.ENROLLING},
}


logger = logging.getLogger(__name__)


class ProgramError(Exception):
    """A rule refused the change; the message says why, for the person who asked."""


# Phases --------------------------------------------------------------------------------------


def _dates_problems(program: Program) -> list[str]:
    opens, closes = program.enrolment_opens, program.enrolment_closes
    starts, ends = program.starts_on, program.ends_on
    if opens is None or closes is None or starts is None or ends is None:
        return ["Set all four dates: enrolment opens and closes, the program starts and ends."]
    problems = []
    if opens > closes:
        problems.append("Enrolment must open before it closes.")
    if closes > starts:
        problems.append("Enrolment must close on or before the day the program starts.")
    if starts >= ends:
        problems.append("The program must end after it starts.")
    return problems


def phase_blockers(program: Program, target: str) -> list[str]:
    """Why `program` cannot move to `target` now; empty when it can."""
    if target not in ALLOWED_MOVES.get(program.phase, set()):
        return [f"A program cannot go from {program.get_phase_display()} to {Phase(target).label}."]
    problems = []
    if target == Phase.ENROLLING:
        problems += _dates_problems(program)
        if not program.ground_rules.strip():
            problems.append("Write the ground rules that every participant accepts.")
        if sum(program.weights.values()) <= 0:
            problems.append("At least one pairing weight must be above zero.")
    elif target == Phase.MATCHING:
        enrolments = program.enrolments
        if enrolments.filter(status=EnrolmentStatus.PENDING).exists():
            problems.append("Approve or decline the enrolments that are still waiting.")
        if not enrolments.approved().mentees().exists():
            problems.append("No mentee is approved yet.")
        if not enrolments.approved().mentors().exists():
            problems.append("No mentor is approved yet.")
    elif target == Phase.RUNNING and not program.enrolments.filter(paired_count__gt=0).exists():
        # paired_count counts published pairings: some are published.
        problems.append("Publish the pairs first.")
    return problems


# What HR's program form sets: an edit records each of these that changed, before → after.
PROGRAM_SETTINGS = [
    "name", "description", "goals", "ground_rules",
    "enrolment_opens", "enrolment_closes", "starts_on", "ends_on",
    "cadence_weeks", "meeting_minutes", "reminder_hours_before",
    "mentee_min_level", "mentor_max_level", "departments", "requires_approval",
    "default_capacity", "min_level_gap", "min_score",
    "weight_learn", "weight_give", "weight_tz", "weight_cross", "allow_repeat_pairs",
]  # fmt: skip


@transaction.atomic
def program_save(*, program: Program, by: User) -> Program:
    """Create a program (a draft) or save HR's edit of one; either is recorded."""
    if program._state.adding:
        program.created_by = by
        program.save()
        record(actor=by, action=Action.PROGRAM_CREATED, obj=program, program=program)
        return program
    before = snapshot(Program.objects.get(pk=program.pk), PROGRAM_SETTINGS)
    program.save()
    changes = changes_between(before, snapshot(program, PROGRAM_SETTINGS))
    if changes:
        record(
            actor=by, action=Action.PROGRAM_EDITED, obj=program, program=program, changes=changes
        )
    return program


@transaction.atomic
def program_move_phase(*, program: Program, to: str, by: User | None = None) -> Program:
    program = Program.objects.select_for_update().get(pk=program.pk)
    problems = phase_blockers(program, to)
    if problems:
        logger.info("Program %s stays %s: %s", program.pk, program.phase, " ".join(problems))
        raise ProgramError(" ".join(problems))
    before = program.get_phase_display()
    program.phase = to
    program.save(update_fields=["phase", "updated_at"])
    record(
        actor=by,
        action=Action.PHASE_MOVED,
        obj=program,
        program=program,
        changes={"phase": [before, program.get_phase_display()]},
    )
    return program


COPIED_FIELDS = [
    "description", "goals", "ground_rules", "cadence_weeks", "meeting_minutes",
    "reminder_hours_before",
    "default_capacity", "min_level_gap", "min_score", "weight_learn", "weight_give",
    "weight_tz", "weight_cross", "allow_repeat_pairs", "mentee_min_level",
    "mentor_max_level", "departments", "requires_approval",
]  # fmt: skip


@transaction.atomic
def program_copy(*, program: Program, by: User) -> Program:
    """The next cohort: the same settings, new dates to set, nobody enrolled yet."""
    copy = Program.objects.create(
        name=f"{program.name} (next cohort)",
        copied_from=program,
        created_by=by,
        **{field: getattr(program, field) for field in COPIED_FIELDS},
    )
    record(
        actor=by,
        action=Action.PROGRAM_COPIED,
        obj=copy,
        program=copy,
        details={"copied from": program.name},
    )
    return copy


# Eligibility and enrolment --------------------------------------------------------------------


def eligibility_problems(*, program: Program, user: User, role: str) -> list[str]:
    """Why `user` may not enrol in `program` as `role`; empty when they may."""
    profile = Profile.objects.filter(user=user).first()
    return program.eligibility_problems(
        level=profile.level if profile else None,
        department=profile.department if profile else "",
        role=role,
    )


@dataclass(frozen=True)
class EnrolmentData:
    role: str
    hopes: str
    availability: list[str]
    capacity: int
    accepts_ground_rules: bool


@transaction.atomic
def enrolment_save(*, program: Program, user: User, data: EnrolmentData) -> Enrolment:
    """Enrol `user`, or change their enrolment; the rules of the program are checked here."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if not program.is_open_for_enrolment():
        raise ProgramError("Enrolment in this program is closed.")
    if not data.accepts_ground_rules:
        raise ProgramError("Accept the ground rules to take part.")
    problems = eligibility_problems(program=program, user=user, role=data.role)
    if problems:
        raise ProgramError(" ".join(problems))
    capacity = min(data.capacity, program.default_capacity) if data.role == Role.MENTOR else 1
    enrolment = Enrolment.objects.filter(program=program, user=user).first()
    status = EnrolmentStatus.PENDING if program.requires_approval else EnrolmentStatus.APPROVED
    values = {
        "role": data.role,
        "hopes": data.hopes,
        "availability": data.availability,
        "capacity": capacity,
        "ground_rules_accepted_at": timezone.now(),
    }
    if enrolment is None:
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    program=program, user=user, status=status, **values
                )
                _record_levels_now(enrolment)
                return enrolment
        except IntegrityError:  # a second tab enrolled at the same moment
            enrolment = Enrolment.objects.get(program=program, user=user)
    for field, value in values.items():
        setattr(enrolment, field, value)
    if not enrolment.is_active or enrolment.role != data.role:
        enrolment.status = status  # coming back after withdrawing, or a new role: decide again
    enrolment.save()
    _record_levels_now(enrolment)
    return enrolment


def _record_levels_now(enrolment: Enrolment) -> None:
    """The levels on the profile at enrolment are where the skill growth starts (outcomes)."""
    outbox.enqueue("outcomes.tasks.record_baseline", enrolment_id=enrolment.pk)


def enrolment_withdraw(*, enrolment: Enrolment) -> None:
    if not enrolment.program.can_change_enrolments:
        raise ProgramError(
            "Matching has started: to leave the program now, please talk to your HR contact."
        )
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status", "updated_at"])


@transaction.atomic
def enrolments_decide(
    *, enrolments: QuerySet[Enrolment], approve: bool, reason: str, by: User
) -> int:
    """Approve or decline waiting or decided enrolments in one go; withdrawn ones stay out.
    Returns how many changed status (one already approved is not approved again).

    Everyone whose status changes is told, with HR's reason (e-mail and the bell).
    """
    status = EnrolmentStatus.APPROVED if approve else EnrolmentStatus.DECLINED
    decided = enrolments.exclude(status=EnrolmentStatus.WITHDRAWN)
    changing = list(
        decided.exclude(status=status)
        .select_for_update(of=("self",))
        .values_list("pk", "user_id", "role", "program_id", "program__name", "user__is_active")
    )
    now = timezone.now()
    decided.update(
        status=status, decision_reason=reason, decided_by=by, decided_at=now, updated_at=now
    )
    programs = {row[3] for row in changing}
    for program in Program.objects.filter(pk__in=programs):
        record(
            actor=by,
            action=Action.ENROLMENTS_DECIDED,
            program=program,
            obj=program,
            details={
                "decision": "approved" if approve else "declined",
                "enrolments changed": sum(1 for row in changing if row[3] == program.pk),
                "reason": reason,
            },
        )
    tell(
        notice(
            "enrolment_decision",
            f"enrolment:{pk}",
            user_id,
            occurrence=now.isoformat(),
            program=program_name,
            program_id=program_id,
            role=role,
            approved=approve,
            reason=reason,
        )
        for pk, user_id, role, program_id, program_name, is_active in changing
        if is_active  # nobody who left is written to
    )
    return len(changing)  # the decisions that changed: "13 approved" when 13 were waiting


# Invitations ----------------------------------------------------------------------------------

INVITATION_CHUNK = 200  # people per invitation task


def program_invite(
    *, program: Program, users: Iterable[User], by: User, announce: bool = False
) -> int:
    """Invite people to enrol by e-mail; someone already invited is not invited again.

    `announce`: the invitation goes to everyone eligible not invited yet (HR's announcement).
    """
    already = set(program.invitations.values_list("user_id", flat=True))
    new = [
        ProgramInvitation(program=program, user=user, invited_by=by)
        for user in users
        if user.pk not in already
    ]
    ProgramInvitation.objects.bulk_create(new, ignore_conflicts=True)
    user_ids = [invitation.user_id for invitation in new]
    outbox.enqueue_many(
        "programs.tasks.send_program_invitations",
        [
            {"program_id": program.pk, "user_ids": user_ids[start : start + INVITATION_CHUNK]}
            for start in range(0, len(user_ids), INVITATION_CHUNK)
        ],
    )
    record(
        actor=by,
        action=Action.PROGRAM_ANNOUNCED if announce else Action.INVITATIONS_SENT,
        obj=program,
        program=program,
        details={"invited": len(new)},
    )
    return len(new)


def _invitation_context(program: Program, user: User) -> dict[str, object]:
    return {
        "user": user,
        "program": program,
        "link": absolute_url(reverse("programs:enrol", kwargs={"pk": program.pk})),
    }


def send_program_invitation(*, program: Program, user: User) -> None:
    send_templated_mail(
        template="program_invitation",
        subject=f"You are invited to {program.name}",
        to=[user.email],
        context=_invitation_context(program, user),
    )


def program_invitation_preview(*, program: Program, user: User) -> dict[str, str]:
    """The invitation `user` would get, for HR to read before announcing."""
    return preview(
        template="program_invitation",
        subject=f"You are invited to {program.name}",
        context=_invitation_context(program, user),
    )
