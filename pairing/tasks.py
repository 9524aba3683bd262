from celery import shared_task
from django.db import transaction
from django.utils import timezone

from mentoring.notices import tell
from mentoring.outbox import OutboxTask

from .models import Pairing, PairingRun
from .services import introduction_notices, pairing_run_execute, pairings_end_for_leavers


@shared_task(base=OutboxTask, acks_late=True)
def execute_pairing_run(run_id: int) -> str:
    """acks_late: a run lost with its worker is run again by the next one."""
    run = PairingRun.objects.select_related("program").get(pk=run_id)
    if run.status in (PairingRun.Status.DONE, PairingRun.Status.FAILED):
        return run.status  # done already, or given up for its time limit: HR may have rerun
    try:
        return pairing_run_execute(run=run).status
    except Exception as error:
        # HR's page must not wait for ever on a run that died: say so, then let Celery log it.
        PairingRun.objects.filter(pk=run.pk).update(
            status=PairingRun.Status.FAILED,
            progress="Failed",
            error=f"Unexpected error: {error.__class__.__name__}: {error}",
            finished_at=timezone.now(),
        )
        raise


@shared_task(base=OutboxTask, acks_late=True)
def send_introductions(pairing_ids: list[int]) -> int:
    """Rows queued before introductions became notices: tell the pairs not introduced yet."""
    with transaction.atomic():
        pairings = list(
            Pairing.objects.filter(pk__in=pairing_ids, introduced_at__isnull=True)
            .select_for_update(of=("self",))
            .select_related("program", "mentee__user", "mentor__user")
        )
        for program in {p.program for p in pairings}:
            tell(introduction_notices(program, [p for p in pairings if p.program == program]))
        Pairing.objects.filter(pk__in=[p.pk for p in pairings]).update(introduced_at=timezone.now())
    return len(pairings)


@shared_task(base=OutboxTask, acks_late=True)
def end_pairings_of_leavers(user_ids: list[int]) -> int:
    """Requested by HR's employee import when people left the company."""
    return pairings_end_for_leavers(user_ids=user_ids)
