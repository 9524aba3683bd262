"""What the API's views share: who may call, and turning input into checked data."""

from typing import Any

from django import forms
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request

from ..permissions import IsHrAdmin, TokenScope

ANYONE = [IsAuthenticated, TokenScope]
HR_ONLY = [IsAuthenticated, TokenScope, IsHrAdmin]


class HrWrites(BasePermission):
    """Everyone reads; only HR admins write (the skill catalogue)."""

    message = IsHrAdmin.message

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS or IsHrAdmin().has_permission(request, view)


READ_ALL_WRITE_HR = [*ANYONE, HrWrites]


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """The request body checked for its structure: the types and the required fields."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def form_refused(form: forms.BaseForm) -> ValidationError:
    """A page's form said no: the same messages, by field, as a 400."""
    return ValidationError(
        {
            ("non_field_errors" if name == "__all__" else name): [str(e) for e in errors]
            for name, errors in form.errors.items()
        }
    )
