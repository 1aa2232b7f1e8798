"""Partner API of appointments: counsellors, free slots, bookings on behalf of a worker.

Partner apps limited to a unit only see and book slots of stations in that
subtree. Bookings are partner-only (scope bookings:write); notes and cases are
never exposed here.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from appointments import services
from appointments.api.serializers import (
    BookingCreateSerializer,
    BookingSerializer,
    CounsellorSerializer,
    RescheduleSerializer,
    SlotQuerySerializer,
    SlotSerializer,
    SlotTakenSerializer,
    WorkerPhoneSerializer,
)
from appointments.errors import ErrorCode
from appointments.models import Booking, Slot
from appointments.selectors import bookings as bookings_selectors
from appointments.selectors import counsellors, slots
from core import public_cache
from core.api.errors import error_body
from core.api.public import PublicCachedListMixin
from core.api.schema import error_responses
from core.errors import DomainError, NotFound
from network.api.authentication import partner_app
from network.api.permissions import IsPartnerApp, ScopeOrPublicRead
from network.models import OrgUnit, Scope

PARTNER_BOOKINGS = [IsPartnerApp, ScopeOrPublicRead]
CONFLICT = {409: OpenApiResponse(response=SlotTakenSerializer, description="Slot taken.")}


def _within_unit(request: Request) -> OrgUnit | None:
    app = partner_app(request)
    return app.unit if app is not None else None


def _link_base(request: Request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


WORKER_PHONE_HEADER = "X-Worker-Phone"
WORKER_PHONE_PARAM = OpenApiParameter(
    WORKER_PHONE_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        "The worker's verified mobile number (`13800001234`, `+86 138 0000 1234`). "
        "A phone number in the query string is refused with 400 (`phone_in_query`): "
        "query strings land in access logs."
    ),
)


class PhoneInQuery(DomainError):
    code = ErrorCode.PHONE_IN_QUERY
    default_message = gettext_lazy(
        "Send the worker's mobile number in the X-Worker-Phone header, never in the address."
    )


def _refuse_phone_in_query(request: Request) -> None:
    if any("phone" in key.lower() for key in request.query_params):
        raise PhoneInQuery()


def _worker(phone: str) -> User:
    """`phone` is already E.164 (core.phone.PhoneSerializerField)."""
    worker = User.objects.filter(phone=phone, phone_verified=True, is_active=True).first()
    if worker is None:
        raise serializers.ValidationError(
            {"worker_phone": [_("No worker with this verified mobile number.")]}
        )
    return worker


def _slot(public_id: Any, request: Request) -> Slot:
    slot = slots.any_slot(public_id, within_unit=_within_unit(request))
    if slot is None:
        raise serializers.ValidationError({"slot": [_("No such slot.")]})
    return slot


def _taken(exc: services.SlotTaken) -> Response:
    body = error_body(exc.code, str(exc.message))
    body["error"]["alternatives"] = SlotSerializer(exc.alternatives, many=True).data
    return Response(body, status=status.HTTP_409_CONFLICT)


class CounsellorListView(generics.ListAPIView[User]):
    """Counsellors with a public profile."""

    serializer_class = CounsellorSerializer
    permission_classes = [ScopeOrPublicRead]
    required_scope = Scope.STATIONS_READ
    filter_backends: list[type] = []

    @extend_schema(
        operation_id="counsellors_list",
        responses={200: CounsellorSerializer, **error_responses(401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        return counsellors.public_counsellors()


class SlotListView(PublicCachedListMixin, generics.ListAPIView[Slot]):
    """Free slots, soonest first; with `near`, the soonest slot at each nearest station.

    Each page is served from core.public_cache for the rest of its minute until a slot, a
    booking, office hours or a station change.
    """

    serializer_class = SlotSerializer
    cache_namespaces = (public_cache.SLOTS, public_cache.STATIONS)
    permission_classes = [ScopeOrPublicRead]
    required_scope = Scope.STATIONS_READ
    filter_backends: list[type] = []

    @extend_schema(
        parameters=[SlotQuerySerializer],
        operation_id="slots_list",
        responses={200: SlotSerializer, **error_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def cache_scope(self) -> int | None:
        app = partner_app(self.request)
        return app.unit_id if app is not None else None

    def get_queryset(self) -> Any:
        params = SlotQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        within = _within_unit(self.request)
        if data.get("near") is not None:
            found = slots.soonest_near(
                point=data["near"], mode=data.get("mode"), within_unit=within
            )
            return [item.slot for item in found]
        return slots.slot_search(
            station=data.get("station"),
            mode=data.get("mode"),
            date_from=data.get("date_from"),
            within_unit=within,
        )


class BookingListCreateView(APIView):
    """A worker's bookings made through this app (mobile number in the X-Worker-Phone
    header; every read is audited), or book a slot for them (number in the body)."""

    permission_classes = PARTNER_BOOKINGS
    required_scope = Scope.BOOKINGS_WRITE

    @extend_schema(
        operation_id="bookings_list",
        parameters=[WORKER_PHONE_PARAM],
        responses={200: BookingSerializer(many=True), **error_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request) -> Response:
        _refuse_phone_in_query(request)
        params = WorkerPhoneSerializer(
            data={"worker_phone": request.headers.get(WORKER_PHONE_HEADER, "")}
        )
        params.is_valid(raise_exception=True)
        worker = _worker(params.validated_data["worker_phone"])
        app = partner_app(request)
        if app is None:  # IsPartnerApp lets only partner apps in
            raise NotFound()
        bookings = bookings_selectors.partner_worker_bookings(partner_app=app, worker=worker)
        return Response(BookingSerializer(bookings, many=True).data)

    @extend_schema(
        operation_id="bookings_create",
        request=BookingCreateSerializer,
        responses={201: BookingSerializer, **error_responses(400, 401, 403, 429), **CONFLICT},
    )
    def post(self, request: Request) -> Response:
        _refuse_phone_in_query(request)
        form = BookingCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        worker = _worker(data["worker_phone"])
        slot = _slot(data["slot"], request)
        try:
            booking = services.booking_create(
                actor=worker,  # the app acts for the worker; the audit entry names the app too
                worker=worker,
                slot=slot,
                reason=data.get("reason", ""),
                partner_app=partner_app(request),
                link_base=_link_base(request),
            )
        except services.SlotTaken as exc:
            return _taken(exc)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


def _booking(request: Request, booking_id: str) -> Booking:
    """A booking made through the calling app; any other (portal, another app) is 404."""
    try:
        public_id = uuid.UUID(booking_id)
    except ValueError:
        raise NotFound() from None
    app = partner_app(request)
    if app is None:
        raise NotFound()
    booking = (
        bookings_selectors.partner_bookings(partner_app=app).filter(public_id=public_id).first()
    )
    if booking is None:
        raise NotFound()
    return booking


ID_PARAM = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH)


class BookingCancelView(APIView):
    """Cancel a booking on the worker's behalf (within the cancellation window)."""

    permission_classes = PARTNER_BOOKINGS
    required_scope = Scope.BOOKINGS_WRITE

    @extend_schema(
        operation_id="bookings_cancel",
        parameters=[ID_PARAM],
        request=None,
        responses={200: BookingSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request: Request, id: str) -> Response:
        booking = _booking(request, id)
        booking = services.booking_cancel(
            actor=booking.worker, booking=booking, partner_app=partner_app(request)
        )
        return Response(BookingSerializer(booking).data)


class BookingRescheduleView(APIView):
    """Move a booking to another free slot at the same station and mode."""

    permission_classes = PARTNER_BOOKINGS
    required_scope = Scope.BOOKINGS_WRITE

    @extend_schema(
        operation_id="bookings_reschedule",
        parameters=[ID_PARAM],
        request=RescheduleSerializer,
        responses={
            200: BookingSerializer,
            **error_responses(400, 401, 403, 404, 429),
            **CONFLICT,
        },
    )
    def post(self, request: Request, id: str) -> Response:
        booking = _booking(request, id)
        form = RescheduleSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        slot = _slot(form.validated_data["slot"], request)
        try:
            new = services.booking_reschedule(
                actor=booking.worker,
                booking=booking,
                new_slot=slot,
                partner_app=partner_app(request),
                link_base=_link_base(request),
            )
        except services.SlotTaken as exc:
            return _taken(exc)
        return Response(BookingSerializer(new).data)
