"""GET /api/v1/kpis/: a unit's figures for a year, as the staff pages show them.

Partner apps need the `kpis:read` scope and reach their own unit's subtree (the whole
network when they have none); signed-in staff reach what their roles reach. Small
people-counts are suppressed the same way for both.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import clock
from core.api.schema import error_responses
from kpis import selectors
from kpis.api.serializers import FiguresQuerySerializer, FiguresSerializer
from network.api.authentication import partner_app
from network.api.permissions import ScopeOrPublicRead
from network.models import Scope


class PartnerScopeOrStaff(BasePermission):
    """A partner app with the view's scope, or a signed-in person (the selector checks
    what their roles reach); nobody anonymous."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if partner_app(request) is not None:
            return ScopeOrPublicRead().has_permission(request, view)
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated()
        return True


class FiguresView(APIView):
    permission_classes = [PartnerScopeOrStaff]
    required_scope = Scope.KPIS_READ

    @extend_schema(
        parameters=[FiguresQuerySerializer],
        operation_id="kpis_figures",
        responses={200: FiguresSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def get(self, request: Request) -> Response:
        params = FiguresQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        unit_id, year = params.validated_data["unit"], params.validated_year()
        app = partner_app(request)
        if app is not None:
            unit, found = selectors.partner_figures(within=app.unit, unit_id=unit_id, year=year)
        else:
            unit = selectors.visible_unit(request.user, unit_id)
            found = selectors.figures(request.user, unit, year)
        body = {"unit": unit, "year": year, "as_of": clock.today(), "figures": found}
        return Response(FiguresSerializer(body).data)
