"""Partner API of the hotline: a telephony or chat system posts calls (hotline:log); a
partner app asks the line to contact a worker (hotline:contact).

Both only write; what they answer is an id and a status, never a summary, a narrative,
a caller's number or who the operator is. A partner limited to a unit reaches the line
serving that unit; an unlimited one, the city centre's.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.schema import error_responses
from core.errors import DomainError, NotFound
from hotline import selectors, services
from hotline.api.serializers import (
    CallCreatedSerializer,
    CallCreateSerializer,
    ContactCreatedSerializer,
    ContactCreateSerializer,
)
from hotline.errors import ErrorCode
from hotline.models import ContactSource, Line
from network.api.authentication import partner_app
from network.api.permissions import IsPartnerApp, ScopeOrPublicRead
from network.models import OrgUnit, PartnerApp, Scope

PARTNER_ONLY = [IsPartnerApp, ScopeOrPublicRead]


def _app(request: Request) -> PartnerApp:
    app = partner_app(request)
    if app is None:  # IsPartnerApp lets only partner apps in
        raise NotFound()
    return app


def _line(app: PartnerApp) -> Line:
    unit = app.unit or OrgUnit.objects.filter(parent__isnull=True).first()
    line = selectors.line_for_unit(unit) if unit is not None else None
    if line is None:
        raise DomainError(
            _("No hotline line serves this partner app's unit."), code=ErrorCode.NO_LINE
        )
    return line


class CallCreateView(APIView):
    """Create a draft call for the operator on duty to complete."""

    permission_classes = PARTNER_ONLY
    required_scope = Scope.HOTLINE_LOG

    @extend_schema(
        operation_id="hotline_calls_create",
        request=CallCreateSerializer,
        responses={201: CallCreatedSerializer, **error_responses(400, 401, 403, 429)},
    )
    def post(self, request: Request) -> Response:
        form = CallCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        app = _app(request)
        call = services.call_create_from_switchboard(
            partner_app=app,
            line=_line(app),
            started_at=data.get("started_at"),
            channel=str(data["channel"]),
            caller_number=str(data.get("caller_number") or ""),
        )
        return Response(CallCreatedSerializer(call).data, status=status.HTTP_201_CREATED)


class ContactCreateView(APIView):
    """Ask the hotline to contact a worker (e.g. from the app's own assessment flow)."""

    permission_classes = PARTNER_ONLY
    required_scope = Scope.HOTLINE_CONTACT

    @extend_schema(
        operation_id="hotline_contact_requests_create",
        request=ContactCreateSerializer,
        responses={201: ContactCreatedSerializer, **error_responses(400, 401, 403, 429)},
    )
    def post(self, request: Request) -> Response:
        form = ContactCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        app = _app(request)
        line = _line(app)
        reference = str(data.get("reference") or "")
        found = services.request_contact(
            source=ContactSource.PARTNER,
            summary=str(data["summary"]),
            phone=str(data.get("phone") or "") or None,
            risk=str(data["risk"]),
            unit=line.unit,
            reference=f"{app.pk}:{reference}" if reference else "",
            contact_name=str(data.get("contact_name") or ""),
            preferred_time=str(data.get("preferred_time") or ""),
            partner_app=app,
        )
        if found is None:  # the line went inactive meanwhile
            raise DomainError(
                _("No hotline line serves this partner app's unit."), code=ErrorCode.NO_LINE
            )
        return Response(ContactCreatedSerializer(found).data, status=status.HTTP_201_CREATED)
