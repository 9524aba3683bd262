"""Access checks shared by the views: anonymous people log in, the wrong role gets 403."""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from .models import User

P = ParamSpec("P")


class AuthenticatedRequest(HttpRequest):
    """A request past `login_required`: its user is an employee, never anonymous."""

    user: User


View = Callable[Concatenate[AuthenticatedRequest, P], HttpResponseBase]


def hr_admin_required(view: View[P]) -> View[P]:
    @wraps(view)
    @login_required
    def wrapper(
        request: AuthenticatedRequest, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponseBase:
        if not request.user.is_hr_admin:
            raise PermissionDenied("Only HR admins can open this page.")
        return view(request, *args, **kwargs)

    return wrapper
