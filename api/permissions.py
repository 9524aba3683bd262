"""What a caller may do, read from their role as it is now and from their token's scope."""

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from accounts.access import is_hr_admin

from .models import ApiToken


class TokenScope(BasePermission):
    """A read-only token reads; writing needs a read-write token (or the signed-in site)."""

    message = "This API token is read-only: create a read-write token to change data."

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        return request.method in SAFE_METHODS or not isinstance(token, ApiToken) or token.can_write


class IsHrAdmin(BasePermission):
    """The same rule as HR's company-wide pages (accounts/access.py), read as the role is
    today. A program manager is refused: the API serves integrations that read and write
    the whole company's data, which a role scoped to some programs does not reach."""

    message = "Only HR admins can use this endpoint."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_hr_admin(request.user)
