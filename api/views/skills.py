"""The skill catalogue: everyone reads it; HR adds, renames, retires and merges, with the
same forms and services as HR's catalogue page."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.forms import SkillForm, SkillMergeForm
from accounts.models import Skill, SkillCategory
from accounts.services import skill_merge, skill_set_retired

from .. import idempotency
from ..filters import SkillFilter
from ..schema import answers
from ..serializers import (
    SkillCategorySerializer,
    SkillMergeResultSerializer,
    SkillMergeSerializer,
    SkillPatchSerializer,
    SkillRetireSerializer,
    SkillSerializer,
    SkillWriteSerializer,
)
from .base import ANYONE, HR_ONLY, READ_ALL_WRITE_HR, form_refused, validated

TAGS = ["Skills"]


class SkillList(ListAPIView):
    permission_classes = READ_ALL_WRITE_HR
    serializer_class = SkillSerializer
    filterset_class = SkillFilter
    queryset = Skill.objects.select_related("category").order_by("pk")

    @extend_schema(
        tags=TAGS,
        summary="List the skill catalogue",
        responses=answers({200: SkillSerializer(many=True)}),
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    @extend_schema(
        tags=TAGS,
        summary="Add a skill (HR)",
        request=SkillWriteSerializer,
        parameters=[idempotency.PARAMETER],
        responses=answers({201: SkillSerializer}, write=True),
    )
    @idempotency.idempotent
    def post(self, request: Request) -> Response:
        form = SkillForm(data=validated(SkillWriteSerializer, request.data))
        if not form.is_valid() or not (skill := form.save_or_explain()):
            raise form_refused(form)
        return Response(SkillSerializer(skill).data, status=status.HTTP_201_CREATED)


class SkillDetail(GenericAPIView):
    permission_classes = READ_ALL_WRITE_HR
    serializer_class = SkillSerializer
    queryset = Skill.objects.select_related("category")

    @extend_schema(tags=TAGS, summary="Read one skill", responses=answers({200: SkillSerializer}))
    def get(self, request: Request, pk: int) -> Response:
        return Response(SkillSerializer(self.get_object()).data)

    @extend_schema(
        tags=TAGS,
        summary="Rename or move a skill (HR)",
        request=SkillPatchSerializer,
        parameters=[idempotency.PARAMETER],
        responses=answers({200: SkillSerializer}, write=True),
    )
    @idempotency.idempotent
    def patch(self, request: Request, pk: int) -> Response:
        skill = self.get_object()
        now = {"name": skill.name, "category": skill.category_id, "description": skill.description}
        form = SkillForm(
            data={**now, **validated(SkillPatchSerializer, request.data)}, instance=skill
        )
        if not form.is_valid() or not (saved := form.save_or_explain()):
            raise form_refused(form)
        return Response(SkillSerializer(saved).data)


class SkillRetire(GenericAPIView):
    permission_classes = HR_ONLY
    serializer_class = SkillRetireSerializer

    @extend_schema(
        tags=TAGS,
        summary="Retire a skill, or bring it back (HR)",
        description="People keep their entries; nobody can pick a retired skill anew.",
        request=SkillRetireSerializer,
        parameters=[idempotency.PARAMETER],
        responses=answers({200: SkillSerializer}, write=True),
    )
    @idempotency.idempotent
    def post(self, request: Request, pk: int) -> Response:
        skill = get_object_or_404(Skill.objects.select_related("category"), pk=pk)
        retired = validated(SkillRetireSerializer, request.data)["retired"]
        skill_set_retired(skill=skill, retired=retired, by=request.user)
        return Response(SkillSerializer(skill).data)


class SkillMerge(GenericAPIView):
    permission_classes = HR_ONLY
    serializer_class = SkillMergeSerializer

    @extend_schema(
        tags=TAGS,
        summary="Merge one skill into another (HR)",
        description="Everyone's entries move to the target without loss; the source retires.",
        request=SkillMergeSerializer,
        parameters=[idempotency.PARAMETER],
        responses=answers({200: SkillMergeResultSerializer}, write=True),
    )
    @idempotency.idempotent
    def post(self, request: Request) -> Response:
        form = SkillMergeForm(data=validated(SkillMergeSerializer, request.data))
        if not form.is_valid():
            raise form_refused(form)
        source, target = form.cleaned_data["source"], form.cleaned_data["target"]
        moved = skill_merge(source=source, target=target, by=request.user)
        result = {"moved": moved, "source": source, "target": target}
        return Response(SkillMergeResultSerializer(result).data)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List the skill categories",
        responses=answers({200: SkillCategorySerializer(many=True)}),
    )
)
class SkillCategoryList(ListAPIView):
    permission_classes = ANYONE
    serializer_class = SkillCategorySerializer
    queryset = SkillCategory.objects.order_by("position", "name", "pk")
