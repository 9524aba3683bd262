"""One access helper per resource: missing or hidden is 404, the wrong role is 403."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User

from .models import Enrolment, Phase, Program


def get_program_for_employee(user: User, pk: int) -> tuple[Program, Enrolment | None]:
    """A program an employee may see: open for enrolment, or one they are enrolled in."""
    program = get_object_or_404(Program.objects.exclude(phase=Phase.DRAFT), pk=pk)
    enrolment = Enrolment.objects.filter(program=program, user=user).first()
    if enrolment is None and not program.is_open_for_enrolment():
        raise Http404("No such program open to you")
    return program, enrolment
