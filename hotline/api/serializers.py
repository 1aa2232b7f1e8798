"""Input and output of the hotline's partner API. Outputs never carry a narrative or a number."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.phone import PhoneSerializerField
from hotline.models import Call, Channel, ContactRequest, RiskLevel


class CallCreateSerializer(serializers.Serializer[dict[str, object]]):
    started_at = serializers.DateTimeField(required=False, help_text=_("When the call began."))
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE)
    caller_number = PhoneSerializerField(
        required=False,
        allow_blank=True,
        help_text=_("Kept only encrypted, to recognise a returning caller; never returned."),
    )


class CallCreatedSerializer(serializers.Serializer[Call]):
    """What the switchboard gets back: the draft's id and whether someone on duty has it."""

    id = serializers.UUIDField(source="public_id")
    status = serializers.CharField()
    started_at = serializers.DateTimeField()
    channel = serializers.CharField()
    assigned = serializers.SerializerMethodField()

    def get_assigned(self, call: Call) -> bool:
        return call.operator_id is not None


class ContactCreateSerializer(serializers.Serializer[dict[str, object]]):
    summary = serializers.CharField(max_length=1000, help_text=_("Plain text, a few words."))
    phone = PhoneSerializerField(required=False, allow_blank=True)
    risk = serializers.ChoiceField(choices=RiskLevel.choices, default=RiskLevel.NONE)
    contact_name = serializers.CharField(max_length=40, required=False, allow_blank=True)
    preferred_time = serializers.CharField(max_length=80, required=False, allow_blank=True)
    reference = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        help_text=_("Your own id of the request: sending it again updates the waiting one."),
    )


class ContactCreatedSerializer(serializers.Serializer[ContactRequest]):
    id = serializers.UUIDField(source="public_id")
    status = serializers.CharField()
    risk = serializers.CharField()
    created_at = serializers.DateTimeField()
