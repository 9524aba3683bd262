"""Who may open HR's pages: the one home of the access rules.

Two HR roles:
- An HR admin holds the program-management permission (the "HR admins" group; superusers
  too). They see and run everything HR does.
- A program manager is an employee given some programs (`ManagedProgram` rows). They see and
  run the HR pages of those programs; another program's pages answer 404, as if it did not
  exist; the company-wide HR pages (people, import, catalogue, roles, audit log, settings,
  tokens) answer 403.
Everyone else gets 403 on every HR page. When `HR_REQUIRE_MFA` is on, anyone with an HR
role must set up a second factor before any HR page opens.

Views use the decorators; apps that list programs or their objects narrow their queries
with `programs_in_scope`; the API's permissions ask the same functions.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect

from .models import MANAGE_OWN_PROGRAMS_PERMISSION, ManagedProgram, User

P = ParamSpec("P")


class AuthenticatedRequest(HttpRequest):
    """A request past `login_required`: its user is an employee, never anonymous."""

    user: User


View = Callable[Concatenate[AuthenticatedRequest, P], HttpResponseBase]


# The rules ----------------------------------------------------------------------------------


def is_hr_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_hr_admin)


def managed_program_ids(user: Any) -> QuerySet[ManagedProgram, int]:
    return ManagedProgram.objects.filter(user_id=user.pk).values_list("program_id", flat=True)


def is_program_manager(user: Any) -> bool:
    """Scoped to some programs, and not an HR admin (who sees every program anyway). Read
    from the permissions Django caches per request, so the navigation costs no query."""
    return bool(
        user.is_authenticated
        and user.is_active
        and not is_hr_admin(user)
        and user.has_perm(MANAGE_OWN_PROGRAMS_PERMISSION)
    )


def has_hr_role(user: Any) -> bool:
    return is_hr_admin(user) or is_program_manager(user)


def programs_in_scope(user: Any, field: str = "pk") -> Q:
    """A filter for the programs (or objects of programs, through `field`) this person runs."""
    if is_hr_admin(user):
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(**{f"{field}__in": managed_program_ids(user)})


def program_in_scope(user: Any, program_id: int) -> bool:
    if is_hr_admin(user):
        return True
    return bool(user.is_authenticated and managed_program_ids(user).filter(program_id=program_id))


def check_program_in_scope(user: Any, program_id: int) -> None:
    """Another program's page is 404 for a program manager: they do not learn it exists."""
    if not program_in_scope(user, program_id):
        raise Http404("No such program among yours")


def second_factor_missing(user: Any) -> bool:
    return bool(settings.HR_REQUIRE_MFA and not is_mfa_enabled(user))


# The decorators -----------------------------------------------------------------------------


def _hr_view(view: View[P], allowed: Callable[[Any], bool], refusal: str) -> View[P]:
    @wraps(view)
    @login_required
    def wrapper(
        request: AuthenticatedRequest, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponseBase:
        if not allowed(request.user):
            raise PermissionDenied(refusal)
        if second_factor_missing(request.user):
            messages.info(
                request, "HR pages need a second factor: set up an authenticator app first."
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper


def hr_admin_required(view: View[P]) -> View[P]:
    """The company-wide HR pages: HR admins only (program managers too get 403)."""
    return _hr_view(view, is_hr_admin, "Only HR admins can open this page.")


def hr_required(view: View[P]) -> View[P]:
    """HR pages that list programs or their objects: the view narrows them to the scope."""
    return _hr_view(view, has_hr_role, "Only HR can open this page.")


def program_hr_required(view: View[P]) -> View[P]:
    """HR pages of one program, whose URL names it as `pk`: its HR admins and managers."""

    @wraps(view)
    def scoped(
        request: AuthenticatedRequest, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponseBase:
        check_program_in_scope(request.user, int(kwargs["pk"]))  # type: ignore[call-overload]
        return view(request, *args, **kwargs)

    return hr_required(scoped)
