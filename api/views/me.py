"""Me: any employee's own profile, pairs and upcoming meetings, with the pages' access rules
(a pair someone is not in does not exist for them, HR included)."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.selectors import completeness_for_user
from pairing.models import Pairing
from sessions_log.access import get_pairing_for_user
from sessions_log.models import Meeting
from sessions_log.selectors import my_pairings

from ..filters import MeetingFilter
from ..schema import answers
from ..serializers import MeetingSerializer, MeSerializer, MyPairSerializer
from .base import ANYONE

TAGS = ["Me"]


class Me(GenericAPIView):
    permission_classes = ANYONE
    serializer_class = MeSerializer

    @extend_schema(tags=TAGS, summary="My profile", responses=answers({200: MeSerializer}))
    def get(self, request: Request) -> Response:
        me = (
            User.objects.select_related("profile", "profile__manager")
            .prefetch_related("skills_offered__skill", "skills_wanted__skill")
            .get(pk=request.user.pk)
        )
        context = {"completeness": completeness_for_user(me)}
        return Response(MeSerializer(me, context=context).data)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="My pairs",
        description="My published pairings, and ended ones: who with, in which program.",
        responses=answers({200: MyPairSerializer(many=True)}),
    )
)
class MyPairs(ListAPIView):
    permission_classes = ANYONE
    serializer_class = MyPairSerializer

    def get_queryset(self) -> QuerySet[Pairing]:
        if getattr(self, "swagger_fake_view", False):
            return Pairing.objects.none()
        return my_pairings(self.request.user).order_by("status", "-published_at", "pk")


class MyPair(GenericAPIView):
    permission_classes = ANYONE
    serializer_class = MyPairSerializer

    @extend_schema(
        tags=TAGS,
        summary="One of my pairs",
        description="404 for a pair you are not in, HR admins included.",
        responses=answers({200: MyPairSerializer}),
    )
    def get(self, request: Request, pk: int) -> Response:
        pairing, _ = get_pairing_for_user(request.user, pk)
        return Response(MyPairSerializer(pairing, context={"request": request}).data)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="My upcoming meetings",
        description=(
            "Meetings not over yet, soonest first: when, where and with whom, as a calendar "
            "entry shows them; never the agenda. `pair` keeps one pair's (404 if not yours)."
        ),
        responses=answers({200: MeetingSerializer(many=True)}),
    )
)
class MyMeetings(ListAPIView):
    permission_classes = ANYONE
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter

    def get_queryset(self) -> QuerySet[Meeting]:
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        # The person's few pairings as a list: with a subquery, PostgreSQL walked the index
        # of every meeting's start in order (100,000 of them) to find theirs.
        mine = list(Pairing.objects.visible_to(self.request.user).values_list("pk", flat=True))
        return (
            Meeting.objects.filter(pairing__in=mine)
            .upcoming()
            .select_related("pairing__mentee__user", "pairing__mentor__user")
            .order_by("starts_at", "pk")
        )
