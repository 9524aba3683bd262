"""Granting and revoking HR's roles (the rules of who holds them are in access.py).

Every grant and revocation is recorded in the audit log by the function that makes it.
"""

from django.contrib.auth.models import Group
from django.db import models, transaction

from audit.models import Action
from audit.services import record

from .models import HR_ADMINS_GROUP, PROGRAM_MANAGERS_GROUP, ManagedProgram, User

HR_ADMIN = "HR admin"
PROGRAM_MANAGER = "Program manager"


class RoleError(Exception):
    """A change of role that would break a rule; the message says which, for the page."""


def _hr_group() -> Group:
    return Group.objects.get(name=HR_ADMINS_GROUP)


def hr_role_holders() -> models.QuerySet[User]:
    """People given the HR admin role in the app (superusers are emergencies, not holders)."""
    return User.objects.filter(groups__name=HR_ADMINS_GROUP, is_active=True).distinct()


@transaction.atomic
def hr_role_grant(*, user: User, by: User) -> bool:
    """Make `user` an HR admin; False when they were one already (nothing recorded)."""
    if hr_role_holders().filter(pk=user.pk).exists():
        return False
    if not user.is_active:
        raise RoleError(f"{user.display_name} has left the company: they cannot take a role.")
    user.groups.add(_hr_group())
    record(
        actor=by,
        action=Action.ROLE_GRANTED,
        obj=user,
        changes={"role": ["Employee", HR_ADMIN]},
    )
    return True


@transaction.atomic
def hr_role_revoke(*, user: User, by: User) -> bool:
    """Take the HR admin role back; never from the last one who holds it."""
    group = Group.objects.select_for_update().get(name=HR_ADMINS_GROUP)  # one change at a time
    holders = hr_role_holders()
    if not holders.filter(pk=user.pk).exists():
        return False
    if not holders.exclude(pk=user.pk).exists():
        who = "You are" if user.pk == by.pk else f"{user.display_name} is"
        raise RoleError(
            f"{who} the last HR admin: grant the role to someone else first, so that somebody "
            "can still run the programs."
        )
    user.groups.remove(group)
    record(
        actor=by,
        action=Action.ROLE_REVOKED,
        obj=user,
        changes={"role": [HR_ADMIN, "Employee"]},
    )
    return True


@transaction.atomic
def program_manager_grant(*, user: User, program: models.Model, by: User) -> bool:
    """Let `user` run one program's HR pages; False when they could already."""
    if not user.is_active:
        raise RoleError(f"{user.display_name} has left the company: they cannot take a role.")
    _, created = ManagedProgram.objects.get_or_create(
        user=user, program_id=program.pk, defaults={"granted_by": by}
    )
    user.groups.add(Group.objects.get(name=PROGRAM_MANAGERS_GROUP))
    if created:
        record(
            actor=by,
            action=Action.ROLE_GRANTED,
            obj=user,
            program=program,
            changes={"role": ["Employee", f"{PROGRAM_MANAGER} of {program}"]},
        )
    return created


@transaction.atomic
def program_manager_revoke(*, user: User, program: models.Model, by: User) -> bool:
    removed = ManagedProgram.objects.filter(user=user, program_id=program.pk).delete()[0]
    if not ManagedProgram.objects.filter(user=user).exists():  # no program left to run
        user.groups.remove(Group.objects.get(name=PROGRAM_MANAGERS_GROUP))
    if removed:
        record(
            actor=by,
            action=Action.ROLE_REVOKED,
            obj=user,
            program=program,
            changes={"role": [f"{PROGRAM_MANAGER} of {program}", "Employee"]},
        )
    return bool(removed)
