"""Pairing runs, HR's changes on the board, publishing and ending pairings."""

import dataclasses
import datetime
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import Action
from audit.services import record
from mentoring import outbox
from mentoring.mail import absolute_url, preview
from mentoring.notices import Notice, notice, tell, words
from programs.models import Enrolment, Phase, Program, Role

from . import engine
from .models import Pairing, PairingRun, PairRule
from .problem import BuiltProblem, build_problem, person_id

logger = logging.getLogger(__name__)
SLOW_RUN_SECONDS = 60
# A run no worker picked up or finished in this time is failed, so that HR can start another
# (a broker that was down, a worker killed mid-run). The exact optimum of a whole company
# takes seconds (docs/pairing.md); half an hour is far beyond any real run.
RUN_TIME_LIMIT = datetime.timedelta(minutes=30)


class PairingError(Exception):
    """A rule refused the change; the message is for HR."""


# Runs -----------------------------------------------------------------------------------------


def pairing_runs_expire(*, program: Program | None = None) -> int:
    """Fail the runs still queued or running past the time limit, with the reason for HR."""
    limit = int(RUN_TIME_LIMIT.total_seconds() // 60)
    stale = PairingRun.objects.filter(
        status__in=[PairingRun.Status.QUEUED, PairingRun.Status.RUNNING],
        created_at__lt=timezone.now() - RUN_TIME_LIMIT,
    )
    if program is not None:
        stale = stale.filter(program=program)
    count = 0
    for run in stale:
        picked_up = run.status == PairingRun.Status.RUNNING
        reason = (
            f"The run started but did not finish within {limit} minutes (its worker stopped)."
            if picked_up
            else f"No worker picked the run up within {limit} minutes (the job queue was down)."
        )
        count += PairingRun.objects.filter(pk=run.pk, status=run.status).update(
            status=PairingRun.Status.FAILED,
            progress="Failed",
            error=f"{reason} Nothing was changed: start a new run.",
            finished_at=timezone.now(),
        )
        logger.error("Pairing run %s failed: %s", run.pk, reason)
    return count


def pairing_run_start(*, program: Program, by: User, keep_active: bool = False) -> PairingRun:
    pairing_runs_expire(program=program)
    allowed = Phase.RUNNING if keep_active else Phase.MATCHING
    if program.phase != allowed:
        raise PairingError(
            "Pairs are made while the program is matching; late joiners once it runs."
        )
    if program.pairing_runs.filter(status__in=["queued", "running"]).exists():
        raise PairingError("A pairing run is already under way: wait for it to finish.")
    run = PairingRun.objects.create(
        program=program,
        started_by=by,
        keep_active=keep_active,
        settings={
            "min_level_gap": program.min_level_gap,
            "min_score": program.min_score,
            "weights": program.weights,
            "allow_repeat_pairs": program.allow_repeat_pairs,
        },
        progress="Waiting for a worker",
    )
    outbox.enqueue("pairing.tasks.execute_pairing_run", run_id=run.pk)
    record(
        actor=by,
        action=Action.PAIRING_RUN,
        obj=run,
        program=program,
        details={"late joiners only": keep_active},
    )
    return run


def _progress(run: PairingRun, text: str, **fields: Any) -> None:
    PairingRun.objects.filter(pk=run.pk).update(progress=text, **fields)


def pair_fields(pair: engine.Pair) -> dict[str, Any]:
    return {
        "score": pair.score,
        "parts": dataclasses.asdict(pair.parts),
        "reasons": {
            "learn": [dataclasses.asdict(m) for m in pair.learn],
            "give": [dataclasses.asdict(m) for m in pair.give],
            "hours_apart": pair.hours_apart,
        },
        "breaks": list(pair.breaks),
    }


def pairing_run_execute(*, run: PairingRun) -> PairingRun:
    """Build the problem, solve it, and replace the program's proposals with the result."""
    _progress(run, "Reading enrolments, the org chart and earlier pairs", status="running")
    program = run.program
    try:
        built = build_problem(program, keep_active=run.keep_active)
        _progress(
            run,
            f"Finding the best pairs for {len(built.problem.mentees)} mentees",
            mentees=len(built.problem.mentees),
            mentors=len(built.problem.mentors),
        )
        result = engine.solve(built.problem)
    except engine.ProblemError as error:
        logger.warning("Pairing run %s of program %s failed: %s", run.pk, program.pk, error)
        _progress(run, "Failed", status="failed", error=str(error), finished_at=timezone.now())
        run.refresh_from_db()
        return run
    if result.seconds > SLOW_RUN_SECONDS:
        logger.warning(
            "Pairing run %s took %.0f s for %d mentees",
            run.pk,
            result.seconds,
            len(built.problem.mentees),
        )
    _progress(run, f"Saving {result.matched} proposed pairs")
    _save_result(run, built, result)
    run.refresh_from_db()
    return run


@transaction.atomic
def _save_result(run: PairingRun, built: BuiltProblem, result: engine.Result) -> None:
    program = run.program
    active_mentees = set(program.pairings.active().values_list("mentee_id", flat=True))
    program.pairings.proposed().delete()
    Pairing.objects.bulk_create(
        Pairing(
            program=program,
            run=run,
            mentee_id=built.enrolments[pair.mentee].pk,
            mentor_id=built.enrolments[pair.mentor].pk,
            by_hand=pair.locked and bool(pair.breaks),
            **pair_fields(pair),
        )
        for pair in result.pairs
        if built.enrolments[pair.mentee].pk not in active_mentees
    )
    unmatched = [
        {
            "enrolment": built.enrolments[u.mentee].pk,
            "reason": u.reason,
            "excluded": u.excluded,
            "allowed": u.allowed,
        }
        for u in result.unmatched
    ] + [
        {"enrolment": pk, "reason": reason, "excluded": {}} for pk, reason in built.skipped.items()
    ]
    PairingRun.objects.filter(pk=run.pk).update(
        status=PairingRun.Status.DONE,
        progress="Done",
        matched=result.matched,
        total_score=result.total_score,
        seconds=result.seconds,
        unmatched=unmatched,
        finished_at=timezone.now(),
    )


# The board ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Assignment:
    pairing: Pairing | None
    breaks: list[str]  # rules broken; when not confirmed, nothing was saved
    score: float = 0.0


@transaction.atomic
def pair_assign(
    *, program: Program, mentee: Enrolment, mentor: Enrolment, by: User, confirm: bool = False
) -> Assignment:
    """HR pairs a mentee with a mentor by hand; the pair is locked so a new run keeps it."""
    # Lock both enrolments: two admins assigning to the same mentor take turns here.
    list(Enrolment.objects.select_for_update().filter(pk__in=[mentee.pk, mentor.pk]))
    if program.pairings.active().filter(mentee=mentee).exists():
        raise PairingError("This mentee's pairing is published: end it before pairing again.")
    taken = program.pairings.open().filter(mentor=mentor).exclude(mentee=mentee).count()
    if taken >= mentor.capacity:
        raise PairingError(
            f"{mentor.user.display_name} has no free place ({mentor.capacity} taken)."
        )
    built = build_problem(program, mentee=mentee, mentor=mentor)
    pair = engine.score_pair(built.problem, person_id(mentee.user_id), person_id(mentor.user_id))
    breaks = [rule for rule in pair.breaks if rule != "min_score" or program.min_score > 0]
    if breaks and not confirm:
        return Assignment(pairing=None, breaks=breaks, score=pair.score)
    program.pairings.proposed().filter(mentee=mentee).delete()
    PairRule.objects.filter(program=program, mentee=mentee, kind=PairRule.Kind.LOCK).delete()
    PairRule.objects.filter(program=program, mentee=mentee, mentor=mentor).delete()
    # HR pairs them knowingly: an ended pairing of the two no longer keeps them apart.
    program.pairings.kept_apart().filter(mentee=mentee, mentor=mentor).update(may_pair_again=True)
    PairRule.objects.create(
        program=program, mentee=mentee, mentor=mentor, kind=PairRule.Kind.LOCK, created_by=by
    )
    fields = pair_fields(pair)
    fields["breaks"] = breaks
    pairing = Pairing.objects.create(
        program=program, mentee=mentee, mentor=mentor, by_hand=True, **fields
    )
    record(
        actor=by,
        action=Action.PAIR_ASSIGNED,
        obj=pairing,
        program=program,
        details={"rules set aside": breaks} if breaks else {},
    )
    return Assignment(pairing=pairing, breaks=breaks, score=pair.score)


def pair_lock(*, pairing: Pairing, by: User) -> None:
    with transaction.atomic():
        PairRule.objects.filter(program=pairing.program, mentee=pairing.mentee).filter(
            Q(kind=PairRule.Kind.LOCK) | Q(mentor=pairing.mentor)
        ).delete()
        PairRule.objects.create(
            program=pairing.program,
            mentee=pairing.mentee,
            mentor=pairing.mentor,
            kind=PairRule.Kind.LOCK,
            created_by=by,
        )
        record(actor=by, action=Action.PAIR_LOCKED, obj=pairing, program=pairing.program)


@transaction.atomic
def pair_unlock(*, pairing: Pairing, by: User | None = None) -> None:
    PairRule.objects.filter(
        mentee=pairing.mentee, mentor=pairing.mentor, kind=PairRule.Kind.LOCK
    ).delete()
    record(actor=by, action=Action.PAIR_UNLOCKED, obj=pairing, program=pairing.program)


@transaction.atomic
def pair_block(*, pairing: Pairing, by: User) -> None:
    """Never pair these two: the proposal goes, and later runs leave them apart."""
    if pairing.status != Pairing.Status.PROPOSED:
        raise PairingError("Only a proposed pair can be blocked; end a published one instead.")
    PairRule.objects.filter(mentee=pairing.mentee, mentor=pairing.mentor).delete()
    PairRule.objects.create(
        program=pairing.program,
        mentee=pairing.mentee,
        mentor=pairing.mentor,
        kind=PairRule.Kind.BLOCK,
        created_by=by,
    )
    record(actor=by, action=Action.PAIR_BLOCKED, obj=pairing, program=pairing.program)
    pairing.delete()


@transaction.atomic
def pair_rule_undo(*, rule: PairRule, by: User | None = None) -> None:
    """Take back a lock or a block: the next run decides about the two freely."""
    record(actor=by, action=Action.RULE_UNDONE, obj=rule, program=rule.program)
    rule.delete()


@transaction.atomic
def pair_allow_again(*, pairing: Pairing, by: User | None = None) -> int:
    """HR lifts the block an ended pairing puts on its two people in this program."""
    if pairing.status != Pairing.Status.ENDED:
        raise PairingError("Only an ended pairing keeps two people apart.")
    allowed = (
        Pairing.objects.kept_apart()
        .filter(program=pairing.program_id, mentee=pairing.mentee_id, mentor=pairing.mentor_id)
        .update(may_pair_again=True)
    )
    record(actor=by, action=Action.PAIR_ALLOWED, obj=pairing, program=pairing.program)
    return allowed


# Publishing and ending ------------------------------------------------------------------------


def pairings_publish(
    *, program: Program, by: User, introduce: bool = True, only: list[int] | None = None
) -> int:
    """Turn the proposals (all, or `only` those ids) into pairings, all or nothing.

    The database refuses a mentor over capacity or a mentee with two mentors (a check on
    Enrolment.paired_count and a unique index on open pairings), so two HR admins
    publishing at once cannot break either. With `introduce`, both people of each pair are
    told who their pair is (the introduction e-mail and the bell), with the change.
    """
    try:
        with transaction.atomic():
            chosen = (
                program.pairings.proposed()
                .select_for_update(of=("self",))
                .select_related("mentee__user", "mentor__user")
                .order_by("pk")
            )
            proposals = list(chosen.filter(pk__in=only) if only is not None else chosen)
            if not proposals:
                raise PairingError("There is no proposed pair to publish.")
            _count_pairings(proposals, +1)
            now = timezone.now()
            ids = [p.pk for p in proposals]
            Pairing.objects.filter(pk__in=ids).update(
                status=Pairing.Status.ACTIVE,
                published_at=now,
                introduced_at=now if introduce else None,
            )
            if introduce:
                tell(introduction_notices(program, proposals))
            record(
                actor=by,
                action=Action.PAIRS_PUBLISHED,
                obj=program,
                program=program,
                details={"pairs": len(proposals), "people told": introduce},
            )
    except IntegrityError as error:
        raise PairingError(
            "Someone changed these pairs at the same moment: a mentor would be over capacity "
            "or a mentee would have two mentors. Nothing was published; reload and try again."
        ) from error
    return len(proposals)


def introduction_notices(program: Program, pairings: list[Pairing]) -> list[Notice]:
    """Both people of each pair hear who their pair is; "new" for someone whose earlier
    pairing in this program ended (they are reassigned)."""
    people = [e for p in pairings for e in (p.mentee_id, p.mentor_id)]
    before = program.pairings.filter(status=Pairing.Status.ENDED).filter(
        Q(mentee__in=people) | Q(mentor__in=people)
    )
    reassigned = {e for pair in before.values_list("mentee", "mentor") for e in pair}
    notices = []
    for pairing in pairings:
        for role, me, other in [
            (Role.MENTEE, pairing.mentee, pairing.mentor),
            (Role.MENTOR, pairing.mentor, pairing.mentee),
        ]:
            notices.append(
                notice(
                    "pairing_published",
                    f"pairing:{pairing.pk}",
                    me.user_id,
                    program=program.name,
                    program_id=program.pk,
                    pairing_id=pairing.pk,
                    role=role,
                    partner=other.user.display_name,
                    new=me.pk in reassigned,
                )
            )
    return notices


def introduction_preview(*, pairing: Pairing, role: str) -> dict[str, str]:
    """The introduction one person of a proposed pair receives once it is published."""
    me, other = (
        (pairing.mentee, pairing.mentor)
        if role == Role.MENTEE
        else (pairing.mentor, pairing.mentee)
    )
    title, _ = words(
        "pairing_published",
        {"program": pairing.program.name, "role": role, "partner": other.user.display_name},
    )
    return preview(
        template="pairing_introduction",
        subject=title,
        context={
            "pairing": pairing,
            "person": me,
            "other": other,
            "program": pairing.program,
            "link": absolute_url(reverse("sessions_log:workspace", args=[pairing.pk])),
        },
    )


def _count_pairings(pairings: list[Pairing], step: int) -> None:
    """Add `step` to the paired count of everyone in `pairings` (the database checks it)."""
    per_enrolment: dict[int, int] = {}
    for pairing in pairings:
        for enrolment_id in (pairing.mentee_id, pairing.mentor_id):
            per_enrolment[enrolment_id] = per_enrolment.get(enrolment_id, 0) + step
    for enrolment_id, change in sorted(per_enrolment.items()):
        Enrolment.objects.filter(pk=enrolment_id).update(paired_count=F("paired_count") + change)


@transaction.atomic
def pairing_end(*, pairing: Pairing, reason: str, by: User | None) -> None:
    """End a published pairing. Its future meetings are cancelled and both people are told,
    by the sessions app (named here, not imported). Later runs of the program leave the two
    apart unless HR allows them again (see problem.py)."""
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if pairing.status != Pairing.Status.ACTIVE:
        raise PairingError("Only a published pairing can be ended.")
    _count_pairings([pairing], -1)
    before = pairing.get_status_display()
    pairing.status = Pairing.Status.ENDED
    pairing.end_reason = reason
    pairing.ended_by = by
    pairing.ended_at = timezone.now()
    pairing.save(update_fields=["status", "end_reason", "ended_by", "ended_at"])
    record(
        actor=by,
        action=Action.PAIRING_ENDED,
        obj=pairing,
        program=pairing.program,
        changes={"status": [before, pairing.get_status_display()]},
        details={"reason": reason},
    )
    PairRule.objects.filter(mentee=pairing.mentee, kind=PairRule.Kind.LOCK).delete()
    outbox.enqueue("sessions_log.tasks.wind_down_pairing", pairing_id=pairing.pk)


LEFT_THE_COMPANY = "left the company"


def pairings_end_for_leavers(*, user_ids: list[int]) -> int:
    """End the published pairings of people who left: the partner's pair ends too, with the
    reason said plainly. Idempotent (ended pairings are skipped); nothing is deleted."""
    ended = 0
    for pairing in Pairing.objects.active().filter(
        Q(mentee__user_id__in=user_ids) | Q(mentor__user_id__in=user_ids)
    ):
        pairing_end(pairing=pairing, reason=LEFT_THE_COMPANY, by=None)
        ended += 1
    return ended
