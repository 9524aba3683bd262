"""Programs, for HR: the list, one program, its counts, its enrolments and HR's decisions on
them, and its published pairs. Reads through the programs' selectors, decisions through
programs.services, as on the dashboard."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from pairing.models import Pairing
from pairing.selectors import published_pairs
from programs import selectors
from programs.filters import EnrolmentFilter
from programs.forms import DecisionForm
from programs.models import Enrolment, Program
from programs.services import enrolments_decide

from .. import idempotency
from ..filters import ProgramFilter
from ..schema import answers
from ..serializers import (
    DecisionResultSerializer,
    DecisionSerializer,
    EnrolmentSerializer,
    PairingSerializer,
    ProgramCountsSerializer,
    ProgramSerializer,
)
from .base import HR_ONLY, form_refused, validated

TAGS = ["Programs"]


def _program(pk: int) -> Program:
    return get_object_or_404(Program, pk=pk)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List programs",
        responses=answers({200: ProgramSerializer(many=True)}),
    )
)
class ProgramList(ListAPIView):
    permission_classes = HR_ONLY
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilter
    queryset = Program.objects.order_by("-created_at", "-pk")


@extend_schema_view(
    get=extend_schema(
        tags=TAGS, summary="Read one program", responses=answers({200: ProgramSerializer})
    )
)
class ProgramDetail(RetrieveAPIView):
    permission_classes = HR_ONLY
    serializer_class = ProgramSerializer
    queryset = Program.objects.all()


class ProgramCounts(GenericAPIView):
    permission_classes = HR_ONLY
    serializer_class = ProgramCountsSerializer

    @extend_schema(
        tags=TAGS,
        summary="Count a program's enrolments by role and status",
        responses=answers({200: ProgramCountsSerializer}),
    )
    def get(self, request: Request, pk: int) -> Response:
        program = _program(pk)
        by_status, capacity = selectors.enrolment_figures(program)
        counts = {**by_status, "capacity": capacity}
        return Response(ProgramCountsSerializer(counts).data)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List a program's enrolments",
        description="Filters as on the program's dashboard: role, status and department.",
        responses=answers({200: EnrolmentSerializer(many=True)}),
    )
)
class EnrolmentList(ListAPIView):
    permission_classes = HR_ONLY
    serializer_class = EnrolmentSerializer
    filterset_class = EnrolmentFilter

    def get_queryset(self) -> QuerySet[Enrolment]:
        if getattr(self, "swagger_fake_view", False):  # the schema asks without a program
            return Enrolment.objects.none()
        return selectors.enrolment_rows_with_skills(_program(self.kwargs["pk"])).order_by(
            "role", "user__last_name", "user__first_name", "pk"
        )


class EnrolmentDecisions(GenericAPIView):
    permission_classes = HR_ONLY
    serializer_class = DecisionSerializer

    @extend_schema(
        tags=TAGS,
        summary="Approve or decline enrolments",
        description=(
            "As on the program's dashboard: declining needs a reason, which the employee "
            "sees; withdrawn enrolments stay as they are."
        ),
        request=DecisionSerializer,
        parameters=[idempotency.PARAMETER],
        responses=answers({200: DecisionResultSerializer}, write=True),
    )
    @idempotency.idempotent
    def post(self, request: Request, pk: int) -> Response:
        program = _program(pk)
        form = DecisionForm(data=validated(DecisionSerializer, request.data), program=program)
        if not form.is_valid():
            raise form_refused(form)
        decision = form.cleaned_data["decision"]
        count = enrolments_decide(
            enrolments=program.enrolments.filter(
                pk__in=[e.pk for e in form.cleaned_data["enrolments"]]
            ),
            approve=decision == "approve",
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        return Response(DecisionResultSerializer({"decided": count, "decision": decision}).data)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List a program's published pairs",
        description="Who is paired with whom, since when and until when; never what they say.",
        responses=answers({200: PairingSerializer(many=True)}),
    )
)
class PairingList(ListAPIView):
    permission_classes = HR_ONLY
    serializer_class = PairingSerializer

    def get_queryset(self) -> QuerySet[Pairing]:
        if getattr(self, "swagger_fake_view", False):
            return Pairing.objects.none()
        return published_pairs(_program(self.kwargs["pk"]))
