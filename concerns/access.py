"""One access helper per resource. A concern's author reaches it through their own
authorship row (anyone else, HR included, gets 404 there); HR reaches the concern itself
through its HR pages, which never load the authorship."""

from django.shortcuts import get_object_or_404

from accounts.access import programs_in_scope
from accounts.models import User

from .models import Concern, ConcernAuthorship
from .selectors import HR_RELATED


def get_authorship_for_author(user: User, concern_pk: int) -> ConcernAuthorship:
    return get_object_or_404(
        ConcernAuthorship.objects.by(user).select_related("concern__program"),
        concern_id=concern_pk,
    )


def get_concern_for_hr(user: User, pk: int) -> Concern:
    """Call from a view behind `hr_required` only: a concern of the programs they run."""
    related = (*HR_RELATED, "acknowledged_by", "resolved_by")
    concerns = Concern.objects.filter(programs_in_scope(user, "program"))
    return get_object_or_404(concerns.select_related(*related), pk=pk)
