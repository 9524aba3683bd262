"""What a caller may do, read from their role as it is now and from their token's scope."""

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from .models import ApiToken


class TokenScope(BasePermission):
    """A read-only token reads; writing needs a read-write token (or the signed-in site)."""

    message = "This API token is read-only: create a read-write token to change data."

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        return request.method in SAFE_METHODS or not isinstance(token, ApiToken) or token.can_write


class IsHrAdmin(BasePermission):
    """The same check as HR's pages (`hr_admin_required`): the person's role today."""

    message = "Only HR admins can use this endpoint."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.is_authenticated and request.user.is_hr_admin)
