"""Orders through the API (scope `courses:order`): a partner app files and tracks orders
for its units (its unit's subtree; the whole network when it is not limited).

Input serializers parse; courses.services.order_submit and order_proposal_answer decide,
with the same refusals as the staff site (a DomainError is the API's 400/409 error body).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.schema import error_responses
from core.errors import NotFound
from core.phone import PhoneSerializerField
from courses import selectors, services
from courses.models import HalfDay, KeyGroup, Order, OrderDate, OrderEvent, Round, Topic
from network.api.authentication import partner_app
from network.api.permissions import IsPartnerApp, ScopeOrPublicRead
from network.models import OrgUnit, PartnerApp, Scope

PARTNER_ORDERS = [IsPartnerApp, ScopeOrPublicRead]
ORDER_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH)
NOT_FOUND: dict[str, Any] = {"does_not_exist": _("Not found."), "invalid": _("Not found.")}


# --- input -------------------------------------------------------------------------------


class PreferredDateSerializer(serializers.Serializer):
    date = serializers.DateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)


class OrderCreateSerializer(serializers.Serializer):
    round = serializers.SlugRelatedField(
        slug_field="public_id", queryset=Round.objects.all(), error_messages=NOT_FOUND
    )
    unit = serializers.SlugRelatedField(
        slug_field="public_id", queryset=OrgUnit.objects.all(), error_messages=NOT_FOUND
    )
    first_topic = serializers.SlugRelatedField(
        slug_field="public_id", queryset=Topic.objects.all(), error_messages=NOT_FOUND
    )
    second_topic = serializers.SlugRelatedField(
        slug_field="public_id",
        queryset=Topic.objects.all(),
        required=False,
        allow_null=True,
        error_messages=NOT_FOUND,
    )
    dates = PreferredDateSerializer(many=True)
    venue = serializers.CharField(max_length=200)
    venue_capacity = serializers.IntegerField(min_value=1, max_value=100000)
    audience_size = serializers.IntegerField(min_value=1, max_value=100000)
    key_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=KeyGroup.choices), required=False
    )
    contact_name = serializers.CharField(max_length=60)
    contact_phone = PhoneSerializerField()

    def order_data(self) -> services.OrderData:
        data = self.validated_data
        return services.OrderData(
            first_topic=data["first_topic"],
            second_topic=data.get("second_topic"),
            dates=[services.PreferredDate(d["date"], d["half_day"]) for d in data["dates"]],
            venue=data["venue"],
            venue_capacity=data["venue_capacity"],
            audience_size=data["audience_size"],
            key_groups=tuple(data.get("key_groups") or ()),
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
        )


class ProposalAnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)


# --- output ------------------------------------------------------------------------------


class OrderDateSerializer(serializers.ModelSerializer[OrderDate]):
    class Meta:
        model = OrderDate
        fields = ["date", "half_day"]


class OrderEventSerializer(serializers.ModelSerializer[OrderEvent]):
    class Meta:
        model = OrderEvent
        fields = ["kind", "reason", "created_at"]


class OrderSerializer(serializers.ModelSerializer[Order]):
    id = serializers.UUIDField(source="public_id")
    round = serializers.IntegerField(source="round.year")
    unit = serializers.UUIDField(source="unit.public_id")
    first_topic = serializers.UUIDField(source="first_topic.public_id")
    second_topic = serializers.UUIDField(source="second_topic.public_id", allow_null=True)
    topic = serializers.UUIDField(source="topic.public_id", allow_null=True)
    status_label = serializers.CharField(source="get_status_display")
    dates = OrderDateSerializer(many=True)
    timeline = OrderEventSerializer(source="events", many=True)
    lecture_starts_at = serializers.DateTimeField(source="lecture.starts_at", allow_null=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "round",
            "unit",
            "status",
            "status_label",
            "first_topic",
            "second_topic",
            "dates",
            "venue",
            "venue_capacity",
            "audience_size",
            "key_groups",
            "topic",
            "date",
            "half_day",
            "lecture_starts_at",
            "timeline",
            "created_at",
        ]


class RoundSerializer(serializers.ModelSerializer[Round]):
    id = serializers.UUIDField(source="public_id")
    topics: serializers.SlugRelatedField[Topic] = serializers.SlugRelatedField(
        slug_field="public_id", many=True, read_only=True
    )

    class Meta:
        model = Round
        fields = ["id", "year", "opens_on", "closes_on", "topics"]


# --- views -------------------------------------------------------------------------------


def _app(request: Request) -> PartnerApp:
    app = partner_app(request)
    if app is None:  # IsPartnerApp lets only partner apps in
        raise NotFound()
    return app


class RoundListView(generics.ListAPIView[Round]):
    """Rounds taking orders today, with the topics each offers (public ids)."""

    serializer_class = RoundSerializer
    permission_classes = PARTNER_ORDERS
    required_scope = Scope.COURSES_ORDER
    filter_backends: list[type] = []
    pagination_class = None

    @extend_schema(
        operation_id="course_rounds_list",
        responses={200: RoundSerializer(many=True), **error_responses(401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Round]:
        return selectors.open_rounds().prefetch_related("topics").order_by("closes_on")


class OrderListCreateView(generics.ListAPIView[Order]):
    """The orders of the app's units, newest first; or file one (POST)."""

    serializer_class = OrderSerializer
    permission_classes = PARTNER_ORDERS
    required_scope = Scope.COURSES_ORDER
    filter_backends: list[type] = []

    @extend_schema(
        operation_id="course_orders_list",
        responses={200: OrderSerializer(many=True), **error_responses(401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Order]:
        return selectors.partner_orders(_app(self.request))

    @extend_schema(
        operation_id="course_orders_create",
        request=OrderCreateSerializer,
        responses={201: OrderSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request: Request) -> Response:
        form = OrderCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        order = services.order_submit(
            actor=None,
            unit=data["unit"],
            round=data["round"],
            data=form.order_data(),
            partner_app=_app(request),
        )
        return Response(
            OrderSerializer(_fresh(request, order.public_id)).data, status=status.HTTP_201_CREATED
        )


def _fresh(request: Request, public_id: Any) -> Order:
    try:
        wanted = uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound() from None
    order = selectors.partner_orders(_app(request)).filter(public_id=wanted).first()
    if order is None:
        raise NotFound()
    return order


class OrderDetailView(APIView):
    """One order of the app's units with its timeline; any other is 404."""

    permission_classes = PARTNER_ORDERS
    required_scope = Scope.COURSES_ORDER

    @extend_schema(
        operation_id="course_orders_retrieve",
        parameters=[ORDER_ID],
        responses={200: OrderSerializer, **error_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, id: str) -> Response:
        return Response(OrderSerializer(_fresh(request, id)).data)


class OrderProposalView(APIView):
    """Accept or decline the centre's proposal of another date or topic."""

    permission_classes = PARTNER_ORDERS
    required_scope = Scope.COURSES_ORDER

    @extend_schema(
        operation_id="course_orders_answer_proposal",
        parameters=[ORDER_ID],
        request=ProposalAnswerSerializer,
        responses={200: OrderSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request: Request, id: str) -> Response:
        order = _fresh(request, id)
        form = ProposalAnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.order_proposal_answer(
            actor=None,
            order=order,
            accept=form.validated_data["accept"],
            reason=form.validated_data.get("reason", ""),
            partner_app=_app(request),
        )
        return Response(OrderSerializer(_fresh(request, id)).data)
