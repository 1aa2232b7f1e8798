"""Input serializers parse, output serializers render. No rules here; no notes or cases."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from appointments.models import Booking, Mode, ReasonCategory, Slot
from appointments.selectors import counsellors
from core.api.input import ShallowFieldsMixin
from core.dates import ApiDateField
from core.phone import PhoneSerializerField
from network.api.serializers import PointField, UnitRefField, UnitRefSerializer
from network.models import Level, OrgUnit

# --- input ---------------------------------------------------------------------------------


class SlotQuerySerializer(ShallowFieldsMixin, serializers.Serializer):
    station = UnitRefField(
        queryset=OrgUnit.objects.filter(is_active=True).exclude(level=Level.CENTRE),
        required=False,
        help_text="Public id of a station.",
    )
    mode = serializers.ChoiceField(choices=Mode.choices, required=False)
    date_from = ApiDateField(required=False, help_text="First day, network time.")
    near = PointField(
        required=False,
        help_text="`lat,lng`: the soonest free slot at each of the nearest stations.",
    )


WORKER_PHONE_HELP = (
    "The worker's verified mobile number, as people write it (`13800001234`, "
    "`138 0000 1234`, `+86 138 0000 1234`); compared in E.164. Never in the query string."
)


class WorkerPhoneSerializer(serializers.Serializer):
    worker_phone = PhoneSerializerField(mobile_only=True, help_text=WORKER_PHONE_HELP)


class BookingCreateSerializer(WorkerPhoneSerializer):
    slot = serializers.UUIDField(help_text="Public id of a free slot.")
    reason = serializers.ChoiceField(
        choices=ReasonCategory.choices, required=False, allow_blank=True, default=""
    )


class RescheduleSerializer(serializers.Serializer):
    slot = serializers.UUIDField(help_text="Public id of a free slot at the same station and mode.")


# --- output --------------------------------------------------------------------------------


class CounsellorSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="practitioner.public_id", help_text="Public id.")
    display_name = serializers.CharField(source="practitioner.display_name")
    qualification = serializers.CharField(source="practitioner.qualification")
    specialities = serializers.CharField(source="practitioner.specialities")
    languages = serializers.CharField(source="practitioner.languages")
    bio = serializers.CharField(source="practitioner.bio")
    modes = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ListField(
            child=serializers.CharField(), help_text="Any of `in_person`, `phone`, `online`."
        )
    )
    def get_modes(self, user: User) -> list[str]:
        p = user.practitioner
        flags = {
            Mode.IN_PERSON: p.offers_in_person,
            Mode.PHONE: p.offers_phone,
            Mode.ONLINE: p.offers_online,
        }
        return [str(mode) for mode, on in flags.items() if on]


class CounsellorRefSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField()
    display_name = serializers.SerializerMethodField()

    def get_id(self, user: User) -> str | None:
        profile = getattr(user, "practitioner", None)
        return str(profile.public_id) if profile is not None else None

    def get_display_name(self, user: User) -> str:
        return counsellors.counsellor_name(user)


class SlotSerializer(serializers.ModelSerializer[Slot]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    station = UnitRefSerializer(read_only=True)
    counsellor = CounsellorRefSerializer(read_only=True)

    class Meta:
        model = Slot
        fields = ["id", "starts_at", "ends_at", "mode", "station", "counsellor"]
        read_only_fields = fields


class BookingSerializer(serializers.ModelSerializer[Booking]):
    """A booking as a partner sees it: never the reason (what the session is about)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    slot = serializers.UUIDField(source="slot.public_id", read_only=True)
    mode = serializers.CharField(source="slot.mode", read_only=True)
    station = UnitRefSerializer(source="slot.station", read_only=True)
    counsellor = CounsellorRefSerializer(read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id",
            "slot",
            "starts_at",
            "ends_at",
            "mode",
            "status",
            "station",
            "counsellor",
            "meeting_link",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "meeting_link": {
                "help_text": "Online sessions: the link the counsellor set (empty until then)."
            }
        }


class SlotTakenErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField()  # type: ignore[assignment]  # the error's field, not DRF's
    alternatives = SlotSerializer(many=True, help_text="The next free slots.")


class SlotTakenSerializer(serializers.Serializer):
    error = SlotTakenErrorSerializer()
