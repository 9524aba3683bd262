from celery import shared_task
from django.utils import timezone

from mentoring.outbox import OutboxTask

from .models import ProgramInvitation
from .services import send_program_invitation


@shared_task(base=OutboxTask)
def send_program_invitations(program_id: int, user_ids: list[int]) -> int:
    """Send the invitations not sent yet: a retried task does not mail anyone twice."""
    invitations = ProgramInvitation.objects.filter(
        program_id=program_id, user_id__in=user_ids, sent_at__isnull=True, user__is_active=True
    ).select_related("program", "user")
    sent = 0
    for invitation in invitations.order_by("pk"):
        send_program_invitation(program=invitation.program, user=invitation.user)
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
        sent += 1
    return sent
