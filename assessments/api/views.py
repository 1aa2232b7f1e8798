"""Assessments API views: parse the input, call one service or selector, render.

Who may call what:

- instruments and campaigns are public data for the join flow: anyone may
  read them, anonymous callers and partner apps alike, with no scope needed;
- submitting and reports need a partner app with the `assessments:submit`
  scope (anonymous: 401, without the scope: 403 `scope_missing`).

Nothing here logs a request body: it holds the answers and retrieval codes.
The retrieval code of a report travels in the body (POST) or in the
`X-Retrieval-Code` header (GET), never in a URL, so it never reaches access logs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import selectors, services
from assessments.api.serializers import (
    CampaignSerializer,
    InstrumentSerializer,
    ReportListSerializer,
    ReportQuerySerializer,
    ReportRequestInputSerializer,
    ReportSerializer,
    SubmissionInputSerializer,
    SubmissionResultSerializer,
)
from assessments.api.throttles import with_code_throttle
from assessments.models import (
    Campaign,
    InstrumentVersion,
    Submission,
)
from assessments.services import reports
from core import public_cache
from core.api.public import PublicCachedListMixin
from core.api.schema import ErrorSerializer, error_responses
from core.errors import NotFound
from core.i18n import active_content_language, content_language
from network.api import partner_hit
from network.api.authentication import partner_app
from network.api.permissions import IsPartnerApp, ScopeOrPublicRead
from network.models import OrgUnit, Scope

RETRIEVAL_CODE_HEADER = "X-Retrieval-Code"
AnyResponse = TypeVar("AnyResponse", bound=HttpResponse)

RETRIEVAL_CODE_PARAMETER = OpenApiParameter(
    RETRIEVAL_CODE_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The submission's retrieval code. A header, never a URL, so that it does "
    "not reach access logs. Missing or blank: 400 validation_error, naming the header in "
    "`fields`. At most 10 look-ups per 10 minutes per partner app and per address (429).",
)


def _within_unit(request: Request) -> OrgUnit | None:
    """A partner app limited to a unit reaches only that unit's subtree."""
    app = partner_app(request)
    return app.unit if app is not None else None


def _language(requested: str | None) -> str:
    """The language asked for, else the request's (LocaleMiddleware), else Chinese."""
    return content_language(requested) if requested else active_content_language()


def _no_store(response: AnyResponse) -> AnyResponse:
    # Results, codes and reports are personal: no shared or browser cache keeps them.
    response["Cache-Control"] = "private, no-store"
    return response


# Partner apps with `assessments:submit` only; anonymous callers get a 401.
PARTNER_SUBMIT = [IsPartnerApp, ScopeOrPublicRead]


# --- instruments --------------------------------------------------------------------------


class InstrumentListView(PublicCachedListMixin, generics.ListAPIView[InstrumentVersion]):
    """The instruments offered to workers, each with its current version's content.

    Public data: anonymous callers and partner apps with any scope (or none) read it; served
    from core.public_cache until an instrument or a version changes.
    """

    serializer_class = InstrumentSerializer
    cache_namespaces = (public_cache.INSTRUMENTS,)
    permission_classes = [AllowAny]
    filter_backends: list[type] = []

    @extend_schema(
        operation_id="instruments_list",
        responses={200: InstrumentSerializer, **error_responses(401, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[InstrumentVersion]:
        return selectors.offered_versions()


class InstrumentDetailView(generics.RetrieveAPIView[InstrumentVersion]):
    """One offered instrument by its code; retired or unknown codes: 404. Public data."""

    serializer_class = InstrumentSerializer
    permission_classes = [AllowAny]
    filter_backends: list[type] = []

    @extend_schema(
        parameters=[OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH)],
        operation_id="instruments_retrieve",
        responses={200: InstrumentSerializer, **error_responses(401, 404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_object(self) -> InstrumentVersion:
        return selectors.offered_version(self.kwargs["code"])


# --- submissions --------------------------------------------------------------------------


def _campaign_for_code(code: str, *, within_unit: OrgUnit | None) -> Campaign:
    """The campaign with this join code; unknown or outside `within_unit`: NotFound.

    Both cases answer alike, so a unit-limited partner app cannot probe other
    units' codes.
    """
    campaign = selectors.campaign_by_code(code, within=within_unit)
    if campaign is None:
        raise NotFound(
            _("No such unit assessment."), fields={"campaign": [_("No such unit assessment.")]}
        )
    return campaign


class SubmissionCreateView(APIView):
    """Score and store one anonymous answer set for a worker of the partner app.

    The response holds the retrieval code, shown this once; when the result
    shows a risk it also holds `crisis`, to show before anything else.
    Nothing identifying the worker is stored, and the request body is never logged.
    """

    permission_classes = PARTNER_SUBMIT
    required_scope = Scope.ASSESSMENTS_SUBMIT
    # Read with the partner key, in its round trip (network.api.partner_hit).
    cache_versions_ahead = (public_cache.INSTRUMENTS,)

    @extend_schema(
        operation_id="assessments_create",
        request=SubmissionInputSerializer,
        responses={
            201: SubmissionResultSerializer,
            **error_responses(400, 401, 403),
            404: OpenApiResponse(
                response=ErrorSerializer,
                description="No such unit assessment (`campaign`), also when it lies "
                "outside the partner app's unit.",
            ),
            **error_responses(429),
        },
    )
    def post(self, request: Request) -> Response:
        versions = partner_hit.versions_read(request)
        form = SubmissionInputSerializer(
            data=request.data, context={"instrument_versions": versions}
        )
        form.is_valid(raise_exception=True)
        data = form.validated_data
        language = _language(data.get("language"))
        campaign = None
        if data.get("campaign"):
            campaign = _campaign_for_code(data["campaign"], within_unit=_within_unit(request))
        demographics = services.Demographics(
            district=data.get("district"),
            industry=data.get("industry", ""),
            key_group=data.get("key_group", ""),
            age_band=data.get("age_band", ""),
        )
        submission, code = services.submission_create(
            actor=None,
            instrument_code=data["instrument"],
            version=data["version"],
            answers=data["answers"],
            language=language,
            demographics=demographics,
            campaign=campaign,
        )
        result = selectors.submission_result(submission, retrieval_code=code, language=language)
        with translation.override(language):
            body = SubmissionResultSerializer(result).data
        return _no_store(Response(body, status=status.HTTP_201_CREATED))


# --- reports ------------------------------------------------------------------------------


def _submission_for_code(code: str | None) -> Submission:
    """The submission a retrieval code opens; missing, wrong or expired codes: NotFound."""
    submission = services.submission_for_code(code or "")
    if submission is None:
        raise NotFound(_("No result matches this retrieval code, or it has expired."))
    return submission


def _header_code(request: Request) -> str:
    """The X-Retrieval-Code header; missing or blank is a 400 validation_error."""
    code = (request.headers.get(RETRIEVAL_CODE_HEADER) or "").strip()
    if not code:
        raise ValidationError(
            {RETRIEVAL_CODE_HEADER: [_("Send the retrieval code in the X-Retrieval-Code header.")]}
        )
    return code


class AnyAcceptNegotiation(BaseContentNegotiation):
    """Never a 406: a client asking for `application/pdf` gets the PDF, or a JSON error."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class ReportView(APIView):
    """A submission's personal PDF reports, opened by its retrieval code."""

    permission_classes = PARTNER_SUBMIT
    required_scope = Scope.ASSESSMENTS_SUBMIT
    throttle_classes = with_code_throttle()  # code look-ups: 10 per 10 minutes

    @extend_schema(
        operation_id="assessments_report_request",
        request=ReportRequestInputSerializer,
        responses={
            202: ReportSerializer,
            **error_responses(400, 401, 403, 404, 429),
        },
        description="Ask for the submission's report in a language. The report is made "
        "in the background: poll `GET …/report/` until it is `done`, then fetch the PDF. "
        "Asking again returns the same report; asking again for a `failed` report retries it.",
    )
    def post(self, request: Request) -> Response:
        form = ReportRequestInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        submission = _submission_for_code(form.validated_data["retrieval_code"])
        report = reports.report_ask(
            submission=submission,
            language=_language(form.validated_data.get("language")),
            link_base=request.build_absolute_uri("/"),
        )
        # Without a broker the report may be made at once, on commit: show how it is now.
        report.refresh_from_db(fields=["status", "finished_at"])
        body = ReportSerializer(report).data
        return _no_store(Response(body, status=status.HTTP_202_ACCEPTED))

    @extend_schema(
        operation_id="assessments_report_status",
        parameters=[RETRIEVAL_CODE_PARAMETER],
        responses={200: ReportListSerializer, **error_responses(400, 401, 403, 404, 429)},
        description="The reports asked for so far for the submission, with their status.",
    )
    def get(self, request: Request) -> Response:
        submission = _submission_for_code(_header_code(request))
        rows = selectors.reports_of(submission)
        body = ReportListSerializer({"submission_id": submission.public_id, "reports": rows}).data
        return _no_store(Response(body))


REPORT_NOT_READY_409 = OpenApiResponse(
    response=ErrorSerializer,
    description="The report is not made yet (report_not_ready: pending or running) or its "
    "making failed (report_failed: ask for it again to retry).",
)


class ReportPdfView(APIView):
    """The report's PDF once it is done."""

    permission_classes = PARTNER_SUBMIT
    required_scope = Scope.ASSESSMENTS_SUBMIT
    throttle_classes = with_code_throttle()  # code look-ups: 10 per 10 minutes

    content_negotiation_class = AnyAcceptNegotiation

    @extend_schema(
        operation_id="assessments_report_pdf",
        parameters=[RETRIEVAL_CODE_PARAMETER, ReportQuerySerializer],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="The PDF report."
            ),
            **error_responses(400, 401, 403, 404),
            409: REPORT_NOT_READY_409,
            **error_responses(429),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        query = ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        submission = _submission_for_code(_header_code(request))
        language = _language(query.validated_data.get("language"))
        report = selectors.report_ready(submission, language=language)
        response = HttpResponse(bytes(report.pdf or b""), content_type="application/pdf")
        filename = f"report-{submission.submitted_on:%Y%m%d}-{language}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return _no_store(response)


# --- campaigns ----------------------------------------------------------------------------


class CampaignDetailView(generics.RetrieveAPIView[Campaign]):
    """A unit assessment's join page data, by its join code; unknown codes: 404.

    Public data for the join flow; a partner app limited to a unit sees only
    its subtree's campaigns (others: 404).
    """

    serializer_class = CampaignSerializer
    permission_classes = [AllowAny]
    filter_backends: list[type] = []

    @extend_schema(
        parameters=[OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH)],
        operation_id="campaigns_retrieve",
        responses={200: CampaignSerializer, **error_responses(401, 404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_object(self) -> Campaign:
        campaign = selectors.campaign_by_code(
            str(self.kwargs["code"]), within=_within_unit(self.request)
        )
        if campaign is None:
            raise NotFound()
        return campaign
