from celery import shared_task

from mentoring.outbox import OutboxTask

from .emails import send_invitation
from .models import User


@shared_task(base=OutboxTask)
def send_invitations(user_ids: list[int]) -> int:
    """Invite imported people who still have no password; a retry skips who already set one."""
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"):
        if not user.has_usable_password():
            send_invitation(user=user)
            sent += 1
    return sent
