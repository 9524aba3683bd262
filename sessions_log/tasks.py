from celery import shared_task

from accounts.models import User
from mentoring.outbox import OutboxTask
from pairing.models import Pairing

from .emails import send_meeting_notice as send
from .models import Meeting
from .services import pairing_wind_down


@shared_task(base=OutboxTask)
def send_meeting_notice(
    meeting_id: int,
    recipient_id: int,
    change: str,
    by_id: int | None = None,
    on_behalf_of_id: int | None = None,
) -> None:
    """`by_id` and `on_behalf_of_id`: a delegate changed the meeting for one of the pair."""
    meeting = Meeting.objects.select_related(
        "pairing__program", "pairing__mentee__user", "pairing__mentor__user"
    ).get(pk=meeting_id)
    people = User.objects.select_related("profile").in_bulk(
        [pk for pk in (recipient_id, by_id, on_behalf_of_id) if pk is not None]
    )
    send(
        meeting=meeting,
        recipient=people[recipient_id],
        change=change,
        delegate=people.get(by_id) if by_id else None,
        on_behalf_of=people.get(on_behalf_of_id) if on_behalf_of_id else None,
    )


@shared_task(base=OutboxTask, acks_late=True)
def wind_down_pairing(pairing_id: int) -> int:
    """Requested by `pairing.services.pairing_end`: cancel the meetings to come, tell both."""
    pairing = Pairing.objects.select_related("program", "mentee__user", "mentor__user").get(
        pk=pairing_id
    )
    return pairing_wind_down(pairing=pairing)
