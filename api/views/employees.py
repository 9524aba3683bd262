"""Employees, for HR: the list, one person, the import's upsert in bulk, and its export."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.importing import (
    COLUMNS,
    ImportConflict,
    ImportPlan,
    employee_leaving_apply,
    employee_rows_apply,
    export_rows,
    plan_employee_rows,
)
from accounts.models import User

from .. import idempotency
from ..errors import Conflict, RowsInvalid
from ..filters import EmployeeApiFilter
from ..pagination import ByIdCursor
from ..schema import answers
from ..serializers import (
    EmployeeBulkResultSerializer,
    EmployeeBulkSerializer,
    EmployeeSerializer,
    ExportRowSerializer,
    LeavingSerializer,
    RowErrorSerializer,
    planned_rows,
    row_problems,
)
from .base import HR_ONLY, validated

TAGS = ["Employees"]


def _people() -> Any:
    return User.objects.select_related("profile", "profile__manager")


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List employees",
        description="Everyone, in the order of their ids; filters as on HR's employee page.",
        responses=answers({200: EmployeeSerializer(many=True)}),
    )
)
class EmployeeList(ListAPIView):
    permission_classes = HR_ONLY
    serializer_class = EmployeeSerializer
    pagination_class = ByIdCursor
    filterset_class = EmployeeApiFilter
    queryset = _people()


@extend_schema_view(
    get=extend_schema(
        tags=TAGS, summary="Read one employee", responses=answers({200: EmployeeSerializer})
    )
)
class EmployeeDetail(RetrieveAPIView):
    permission_classes = HR_ONLY
    serializer_class = EmployeeSerializer
    queryset = _people()


def _rows_refused(plan: ImportPlan, *, dry_run: bool) -> RowsInvalid:
    counts = plan.summary
    have = "has" if counts["errors"] == 1 else "have"
    verb = "would be" if dry_run else "was"
    return RowsInvalid(
        f"{counts['errors']} of {counts['rows']} rows {have} errors: nothing {verb} applied.",
        row_problems(plan.errors),
        summary=counts,
    )


class EmployeeBulk(GenericAPIView):
    permission_classes = HR_ONLY
    serializer_class = EmployeeBulkSerializer

    @extend_schema(
        tags=TAGS,
        summary="Create or update employees by e-mail, in bulk",
        description=(
            "Exactly HR's CSV import, with JSON rows: the same checks and messages, every bad "
            "row reported with its position (from 1) and field, and nothing applied while one "
            "row is bad. Sending the same rows again changes nothing. Managers may be anywhere "
            "in the rows, or employees already here."
        ),
        parameters=[idempotency.PARAMETER],
        responses=answers(
            {200: EmployeeBulkResultSerializer, 400: RowErrorSerializer}, write=True, also=(409,)
        ),
    )
    @idempotency.idempotent
    def post(self, request: Request) -> Response:
        data = validated(EmployeeBulkSerializer, request.data)
        rows = list(enumerate(data["employees"], start=1))
        if data["dry_run"]:
            plan = plan_employee_rows(rows=rows)
        else:
            try:
                plan = employee_rows_apply(
                    rows=rows, send_invitations=data["send_invitations"], by=request.user
                )
            except ImportConflict as exc:
                raise Conflict(str(exc)) from exc
        if not plan.is_valid:
            raise _rows_refused(plan, dry_run=data["dry_run"])
        result = {
            "applied": not data["dry_run"],
            "summary": plan.summary,
            "created": planned_rows(plan.created),
            "updated": planned_rows(plan.updated),
        }
        return Response(result)  # as EmployeeBulkResultSerializer describes it


class EmployeeLeaving(GenericAPIView):
    permission_classes = HR_ONLY
    serializer_class = LeavingSerializer

    @extend_schema(
        tags=TAGS,
        summary="Mark someone as left, or as employed again",
        description=(
            "The import's left_on for one person, with its checks and effects: from that day "
            "on they cannot sign in, their data stays for the figures, and their pairs end."
        ),
        request=LeavingSerializer,
        parameters=[idempotency.PARAMETER],
        responses=answers({200: EmployeeSerializer}, write=True, also=(409,)),
    )
    @idempotency.idempotent
    def post(self, request: Request, pk: int) -> Response:
        person = get_object_or_404(User, pk=pk)
        left_on = validated(LeavingSerializer, request.data)["left_on"]
        try:
            plan = employee_leaving_apply(user=person, left_on=left_on, by=request.user)
        except ImportConflict as exc:
            raise Conflict(str(exc)) from exc
        if not plan.is_valid:
            raise ValidationError(
                {p.column or "non_field_errors": [p.message] for p in plan.errors[0].problems}
            )
        return Response(EmployeeSerializer(_people().get(pk=pk)).data)


class EmployeeExport(GenericAPIView):
    permission_classes = HR_ONLY
    pagination_class = ByIdCursor
    serializer_class = ExportRowSerializer
    queryset = User.objects.filter(is_active=True).only("pk")

    @extend_schema(
        tags=TAGS,
        summary="Export employees in the import's shape",
        description=(
            "The employees who have not left, as rows the bulk upsert takes back unchanged: "
            "the columns of the CSV export, as text."
        ),
        responses=answers({200: ExportRowSerializer(many=True)}),
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        people = User.objects.filter(pk__in=[person.pk for person in page]).order_by("pk")
        rows = [dict(zip(COLUMNS, row, strict=True)) for row in export_rows(people)]
        return self.get_paginated_response(rows)
