"""The worker a partner app acts for: a verified mobile number in the X-Worker-Phone header
(shared by the contest and exam endpoints; a number in the query string is refused)."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request

from accounts.models import User
from core.errors import DomainError, NotFound
from core.phone import PhoneSerializerField
from learning.errors import ErrorCode
from network.api.permissions import IsPartnerApp, ScopeOrPublicRead

WORKER_PHONE_HEADER = "X-Worker-Phone"
WORKER_PHONE_PARAM = OpenApiParameter(
    WORKER_PHONE_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The worker's verified mobile number (`13800001234`, `+86 138 0000 1234`).",
)
PARTNER_ENTRY = [IsPartnerApp, ScopeOrPublicRead]


class PhoneInQuery(DomainError):
    code = ErrorCode.PHONE_IN_QUERY
    default_message = gettext_lazy(
        "Send the worker's mobile number in the X-Worker-Phone header, never in the address."
    )


def worker_of(request: Request) -> User:
    """The active worker with the header's verified number; 400 otherwise."""
    if any("phone" in key.lower() for key in request.query_params):
        raise PhoneInQuery()
    field = PhoneSerializerField(mobile_only=True)
    try:
        phone = field.run_validation(request.headers.get(WORKER_PHONE_HEADER, ""))
    except serializers.ValidationError as error:
        raise serializers.ValidationError({"worker_phone": error.detail}) from None
    worker = User.objects.filter(phone=phone, phone_verified=True, is_active=True).first()
    if worker is None:
        raise serializers.ValidationError(
            {"worker_phone": [_("No worker with this verified mobile number.")]}
        )
    return worker


def uuid_or_404(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise NotFound() from None
