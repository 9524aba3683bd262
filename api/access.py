"""One access helper per resource: someone else's token is 404, as if it did not exist."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.access import is_hr_admin
from accounts.models import User

from .models import ApiToken
from .selectors import hr_tokens


def get_token_for_owner(user: User, pk: int) -> ApiToken:
    return get_object_or_404(ApiToken, pk=pk, user=user)


def get_hr_token_for_hr(user: User, pk: int) -> ApiToken:
    """A token of an HR admin, for an HR admin: HR watches over the tokens that reach HR data."""
    if not is_hr_admin(user):
        raise PermissionDenied("Only HR admins can see HR's API tokens.")
    return get_object_or_404(hr_tokens(), pk=pk)
