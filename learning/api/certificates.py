"""Public certificate verification for partner apps and anyone holding the code.

No sign-in: anonymous callers are throttled by IP (the API's default throttles). The
answer carries the status, programme and dates and a masked name, nothing else personal.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.schema import error_responses
from learning import selectors


class VerificationSerializer(serializers.Serializer[selectors.Verification]):
    status = serializers.CharField()
    holder = serializers.CharField(source="masked_name")
    programme = serializers.CharField()
    issued_by = serializers.CharField(source="unit")
    number = serializers.CharField()
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()


class CertificateVerifyView(APIView):
    """A certificate by its verification code (the QR code's): valid, expired or revoked."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH)],
        operation_id="certificates_verify",
        responses={200: VerificationSerializer, **error_responses(404, 429)},
    )
    def get(self, request: Request, code: str, *args: Any, **kwargs: Any) -> Response:
        found = selectors.certificate_verification(code=code)
        return Response(VerificationSerializer(found).data)
