from celery import shared_task
from django.utils import timezone

from mentoring.outbox import OutboxTask

from .models import Pairing, PairingRun
from .services import pairing_run_execute, pairings_end_for_leavers, send_introduction


@shared_task(base=OutboxTask, acks_late=True)
def execute_pairing_run(run_id: int) -> str:
    """acks_late: a run lost with its worker is run again by the next one."""
    run = PairingRun.objects.select_related("program").get(pk=run_id)
    if run.status == PairingRun.Status.DONE:
        return run.status
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
    """Introduce each published pair once: a retried task skips those already introduced."""
    sent = 0
    pairings = Pairing.objects.filter(pk__in=pairing_ids, introduced_at__isnull=True)
    for pairing in pairings.select_related("program", "mentee__user", "mentor__user"):
        send_introduction(pairing=pairing)
        Pairing.objects.filter(pk=pairing.pk).update(introduced_at=timezone.now())
        sent += 1
    return sent


@shared_task(base=OutboxTask, acks_late=True)
def end_pairings_of_leavers(user_ids: list[int]) -> int:
    """Requested by HR's employee import when people left the company."""
    return pairings_end_for_leavers(user_ids=user_ids)
