from celery import shared_task

from accounts.models import User
from mentoring.outbox import OutboxTask

from .emails import send_meeting_notice as send
from .models import Meeting


@shared_task(base=OutboxTask)
def send_meeting_notice(meeting_id: int, recipient_id: int, change: str) -> None:
    meeting = Meeting.objects.select_related(
        "pairing__program", "pairing__mentee__user", "pairing__mentor__user"
    ).get(pk=meeting_id)
    send(
        meeting=meeting,
        recipient=User.objects.select_related("profile").get(pk=recipient_id),
        change=change,
    )
