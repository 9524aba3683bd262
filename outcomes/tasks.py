from celery import shared_task

from mentoring.outbox import OutboxTask
from programs.models import Enrolment

from .models import Recognition
from .services import baseline_record, recognition_deliver


@shared_task(base=OutboxTask)
def record_baseline(enrolment_id: int) -> int:
    """Requested by the programs app when someone enrols: their levels now are the start."""
    enrolment = Enrolment.objects.filter(pk=enrolment_id).first()
    return baseline_record(enrolment=enrolment) if enrolment else 0


@shared_task(base=OutboxTask, acks_late=True)
def send_recognition(recognition_id: int) -> bool:
    recognition = Recognition.objects.select_related(
        "enrolment__program", "enrolment__user", "manager"
    ).get(pk=recognition_id)
    return recognition_deliver(recognition=recognition)
