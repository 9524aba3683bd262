"""Django's model backend, with the signed-in person's profile read with them and their
permissions in one query, none for someone in no group and with no permission of their own."""

import functools
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.module_loading import import_string


@functools.cache
def _people_as_signed_in() -> QuerySet[Any]:
    """The query of the signed-in person, built once per process (building it cost each
    request half a millisecond; every `get` copies it): their profile, whether they are in a
    group or hold a permission of their own, and what other apps show of them on every page,
    read in the same query (settings.PERSON_FIGURES: name -> the dotted path of a function of
    the person's id giving an expression), such as the bell's unread count, else a query of
    its own on each page."""
    model = get_user_model()
    mine = {"user_id": OuterRef("pk")}
    shown = {
        name: import_string(path)(OuterRef("pk")) for name, path in settings.PERSON_FIGURES.items()
    }
    return model._default_manager.select_related("profile").annotate(
        in_a_group=Exists(model.groups.through.objects.filter(**mine)),
        holds_permissions=Exists(model.user_permissions.through.objects.filter(**mine)),
        **shown,
    )


class ModelBackendOneQuery(ModelBackend):
    """The navigation asks on every page whether the person is HR (accounts/access.py), and
    Django's backend reads their own permissions and their groups' in two queries. Here both
    come in one, kept on the user object for the request as Django keeps them."""

    def get_user(self, user_id: Any) -> Any:
        """The signed-in person with their profile: nearly every page reads it (their time
        zone, the navigation), and Django's backend left that to a second query."""
        model = get_user_model()
        try:
            user = _people_as_signed_in().get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache") and _holds_nothing(user_obj):
            user_obj._perm_cache = set()  # most employees, on every page: no query
        if not hasattr(user_obj, "_perm_cache"):
            granted = (
                Permission.objects.all()
                if user_obj.is_superuser
                else Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
            )
            names = granted.values_list("content_type__app_label", "codename").distinct()
            user_obj._perm_cache = {f"{app}.{code}" for app, code in names.order_by()}
        perms: set[str] = user_obj._perm_cache
        return perms


def _holds_nothing(user: Any) -> bool:
    """In no group and with no permission of their own, as `get_user` read them with the
    person; someone loaded otherwise is asked the database."""
    in_a_group = getattr(user, "in_a_group", True)
    holds_permissions = getattr(user, "holds_permissions", True)
    return not (user.is_superuser or in_a_group or holds_permissions)
