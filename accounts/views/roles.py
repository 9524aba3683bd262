"""HR's page of roles: who is an HR admin or a program manager, granting and revoking."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentoring.ids import parse_id

from ..access import AuthenticatedRequest, hr_admin_required
from ..forms import RoleForm, program_model
from ..models import ManagedProgram, User
from ..roles import (
    HR_ADMIN,
    PROGRAM_MANAGER,
    RoleError,
    hr_role_grant,
    hr_role_holders,
    hr_role_revoke,
    program_manager_grant,
    program_manager_revoke,
)


@hr_admin_required
def role_list(request: AuthenticatedRequest) -> HttpResponse:
    managers = ManagedProgram.objects.select_related("user", "program").order_by(
        "program__name", "user__last_name"
    )
    context = {
        "admins": hr_role_holders(),
        "managers": managers,
        "form": RoleForm(),
    }
    return render(request, "accounts/hr/roles.html", context)


@require_POST
@hr_admin_required
def role_grant(request: AuthenticatedRequest) -> HttpResponse:
    """The form's answer is confirmed on a page of its own, then granted."""
    form = RoleForm(request.POST)
    if not form.is_valid():
        managers = ManagedProgram.objects.select_related("user", "program")
        context = {"admins": hr_role_holders(), "managers": managers, "form": form}
        return render(request, "accounts/hr/roles.html", context, status=400)
    user, program = form.cleaned_data["email"], form.program()
    role = HR_ADMIN if program is None else f"{PROGRAM_MANAGER} of {program}"
    if request.POST.get("confirmed") == "yes":
        try:
            if program is None:
                done = hr_role_grant(user=user, by=request.user)
            else:
                done = program_manager_grant(user=user, program=program, by=request.user)
        except RoleError as error:
            messages.error(request, str(error))
        else:
            held = "is now" if done else "was already"
            messages.success(request, f"{user.display_name} {held} {role}.")
        return redirect("accounts:hr_roles")
    reach = (
        "every program and every HR page: people, imports, roles, the audit log and settings"
        if program is None
        else f"the HR pages of {program} only, and nothing of other programs"
    )
    context = {
        "heading": f"Make {user.display_name} {role}?",
        "consequences": [
            f"{user.display_name} ({user.email}) sees and runs {reach}.",
            "The grant is recorded in the audit log with your name.",
        ],
        "hidden": [("email", user.email), ("role", request.POST["role"]), ("confirmed", "yes")],
        "button": f"Make them {role}",
        "button_class": "btn-primary",
        "back_url": reverse("accounts:hr_roles"),
        "back_label": "HR roles",
    }
    return render(request, "_confirm.html", context)


@hr_admin_required
def role_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """?program=<id> takes back a program manager's program; without it, the HR admin role."""
    user = get_object_or_404(User, pk=pk)
    program_id = request.GET.get("program") or request.POST.get("program")
    if program_id and parse_id(program_id) is None:
        raise Http404("No such program")  # not an id at all ('²', 40 digits, text)
    program = get_object_or_404(program_model(), pk=program_id) if program_id else None
    role = HR_ADMIN if program is None else f"{PROGRAM_MANAGER} of {program}"
    if request.method == "POST":
        try:
            if program is None:
                done = hr_role_revoke(user=user, by=request.user)
            else:
                done = program_manager_revoke(user=user, program=program, by=request.user)
        except RoleError as error:
            messages.error(request, str(error))
        else:
            if done:
                messages.success(request, f"{user.display_name} is no longer {role}.")
        return redirect("accounts:hr_roles")
    yourself = user.pk == request.user.pk
    context = {
        "heading": f"Take back {role} from {'yourself' if yourself else user.display_name}?",
        "consequences": [
            f"{user.display_name} can no longer open "
            + ("HR's pages." if program is None else f"the HR pages of {program}."),
            *(["You lose access to this page as soon as you confirm."] if yourself else []),
            "The change is recorded in the audit log with your name.",
        ],
        "hidden": [("program", program.pk)] if program is not None else [],
        "button": "Take the role back",
        "back_url": reverse("accounts:hr_roles"),
        "back_label": "HR roles",
    }
    return render(request, "_confirm.html", context)
