"""Partner API views: parse the query, call one selector, render. Read-only."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from core import public_cache
from core.api.public import PublicCachedListMixin
from core.api.schema import error_responses
from core.errors import NotFound
from network import selectors
from network.api.authentication import partner_app
from network.api.permissions import IsPartnerApp, ScopeOrPublicRead
from network.api.serializers import (
    PartnerAppSerializer,
    StationQuerySerializer,
    StationSerializer,
    UnitQuerySerializer,
    UnitSerializer,
)
from network.models import OrgUnit, PartnerApp, Scope, StationProfile


def _within_unit(request: Request) -> OrgUnit | None:
    """A partner app limited to a unit sees only that unit's subtree."""
    app = partner_app(request)
    return app.unit if app is not None else None


class UnitListView(generics.ListAPIView[OrgUnit]):
    """The org tree in tree order (parents before their children); active units by default."""

    serializer_class = UnitSerializer
    permission_classes = [ScopeOrPublicRead]
    required_scope = Scope.STATIONS_READ
    filter_backends: list[type] = []

    @extend_schema(
        parameters=[UnitQuerySerializer],
        operation_id="units_list",
        responses={200: UnitSerializer, **error_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[OrgUnit]:
        params = UnitQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.search_units(
            level=params.validated_data.get("level"),
            parent=params.validated_data.get("parent"),
            include_inactive=params.validated_data["include_inactive"],
            within_unit=_within_unit(self.request),
        )


class StationListView(PublicCachedListMixin, generics.ListAPIView[StationProfile]):
    """Active stations; with `near`, nearest first with `distance_m` and `walk_minutes`.

    Each page is served from core.public_cache for the rest of its minute (open now is
    right to the minute) until a station changes.
    """

    serializer_class = StationSerializer
    cache_namespaces = (public_cache.STATIONS,)
    permission_classes = [ScopeOrPublicRead]
    required_scope = Scope.STATIONS_READ
    filter_backends: list[type] = []

    @extend_schema(
        parameters=[StationQuerySerializer],
        operation_id="stations_list",
        responses={200: StationSerializer, **error_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> list[StationProfile]:  # type: ignore[override]  # paginated as a list
        params = StationQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = selectors.StationFilters(
            district=data.get("district"),
            service=data.get("service"),
            open_now=data["open_now"],
            open_24h=data["open_24h"],
            near=data.get("near"),
            within_minutes=data.get("within"),
        )
        return selectors.search_stations(filters, within_unit=_within_unit(self.request))

    def cache_scope(self) -> int | None:
        app = partner_app(self.request)
        return app.unit_id if app is not None else None


class StationDetailView(generics.RetrieveAPIView[StationProfile]):
    """One active station by its id; unknown, inactive or out of the app's unit: 404."""

    serializer_class = StationSerializer
    permission_classes = [ScopeOrPublicRead]
    required_scope = Scope.STATIONS_READ
    filter_backends: list[type] = []

    @extend_schema(
        parameters=[OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        operation_id="stations_retrieve",
        responses={200: StationSerializer, **error_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_object(self) -> StationProfile:
        try:
            public_id = uuid.UUID(self.kwargs["id"])
        except ValueError:
            raise NotFound() from None
        station = selectors.station_detail(public_id, within_unit=_within_unit(self.request))
        if station is None:
            raise NotFound()
        return station


class PartnerMeView(generics.RetrieveAPIView[PartnerApp]):
    """The calling partner app: its name, scopes and the unit it is limited to."""

    serializer_class = PartnerAppSerializer
    permission_classes = [IsPartnerApp]
    filter_backends: list[type] = []

    @extend_schema(
        operation_id="partner_me",
        responses={200: PartnerAppSerializer, **error_responses(401, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_object(self) -> PartnerApp:
        app = partner_app(self.request)
        assert app is not None  # IsPartnerApp
        return app
