"""One access helper per resource: not a participant, 404; the wrong role or moment, 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from programs.models import Enrolment, Phase, Role

from .selectors import participants


def get_participation_for_user(user: User, program_pk: int) -> Enrolment:
    """The user's enrolment in a program they took part in (approved, in a published pair)."""
    enrolment = (
        Enrolment.objects.select_related("program", "user__profile")
        .filter(program_id=program_pk, user_id=user.pk)
        .first()
    )
    if enrolment is None:
        raise Http404("Not enrolled in this program")
    if not participants(enrolment.program).filter(pk=enrolment.pk).exists():
        raise PermissionDenied("This page is for the people who were paired in the program.")
    return enrolment


def get_mentor_recognition_for_user(user: User, program_pk: int) -> Enrolment:
    """A junior mentor's participation in a closed program: certificate and note."""
    enrolment = get_participation_for_user(user, program_pk)
    if enrolment.role != Role.MENTOR:
        raise PermissionDenied("Certificates are for the junior mentors.")
    if enrolment.program.phase != Phase.CLOSED:
        raise PermissionDenied("The certificate is ready once the program is closed.")
    return enrolment
