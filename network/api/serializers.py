"""Input serializers parse query strings; output serializers render. No rules here."""

from __future__ import annotations

import math
import uuid
from typing import Any, cast

from django.db.models import Field, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.input import ShallowFieldsMixin
from network.models import (
    Level,
    OpeningRule,
    OrgUnit,
    PartnerApp,
    Scope,
    ServiceKind,
    StationProfile,
)

# --- input -------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.UUID)
class UnitRefField(serializers.Field):
    """A unit given by its public id, looked up in `queryset`."""

    default_error_messages = {
        "invalid": _("Give the unit's id (a UUID)."),
        "unknown": _("No such unit."),
    }

    def __init__(self, *, queryset: QuerySet[OrgUnit], **kwargs: Any) -> None:
        self.queryset = queryset
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> OrgUnit:
        try:
            public_id = uuid.UUID(str(data))
        except ValueError:
            self.fail("invalid")
        unit = self.queryset.filter(public_id=public_id).first()
        if unit is None:
            self.fail("unknown")
        return unit

    def to_representation(self, value: OrgUnit) -> str:
        return str(value.public_id)


@extend_schema_field(OpenApiTypes.STR)
class PointField(serializers.Field):
    """`lat,lng` in WGS-84 degrees, e.g. `36.07,120.38`."""

    default_error_messages = {
        "invalid": _("Give a point as latitude,longitude, for example 36.07,120.38."),
        "out_of_range": _(
            "The latitude must lie between -90 and 90 and the longitude between -180 and 180."
        ),
    }

    def to_internal_value(self, data: Any) -> tuple[float, float]:
        parts = str(data).split(",")
        if len(parts) != 2:
            self.fail("invalid")
        try:
            lat, lng = float(parts[0]), float(parts[1])
        except ValueError:
            self.fail("invalid")
        if not (math.isfinite(lat) and math.isfinite(lng)):
            self.fail("invalid")
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            self.fail("out_of_range")
        return lat, lng

    def to_representation(self, value: tuple[float, float]) -> str:
        return f"{value[0]},{value[1]}"


class UnitQuerySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    # `parent` shadows Field.parent only in the stubs: DRF pops declared fields off the class.
    parent = UnitRefField(  # type: ignore[assignment]
        queryset=OrgUnit.objects.all(), required=False, help_text="Public id of the parent unit."
    )
    include_inactive = serializers.BooleanField(
        required=False, default=False, help_text="Include deactivated units."
    )


class StationQuerySerializer(ShallowFieldsMixin, serializers.Serializer):
    district = UnitRefField(
        queryset=OrgUnit.objects.filter(level=Level.DISTRICT, is_active=True),
        required=False,
        error_messages={"unknown": _("No such district sub-centre.")},
        help_text="Public id of a district sub-centre.",
    )
    service = serializers.ChoiceField(choices=ServiceKind.choices, required=False)
    open_now = serializers.BooleanField(required=False, default=False)
    open_24h = serializers.BooleanField(required=False, default=False)
    near = PointField(
        required=False, help_text="`lat,lng` (WGS-84): nearest first, with distances."
    )
    within = serializers.FloatField(
        required=False,
        min_value=1,
        max_value=180,
        help_text="Minutes of walking from `near`.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "within" in attrs and "near" not in attrs:
            raise serializers.ValidationError(
                {"within": [_("Give “near” too: “within” counts minutes of walking from it.")]}
            )
        return attrs


# --- output ------------------------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer[OrgUnit]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    parent = serializers.SlugRelatedField[OrgUnit](  # type: ignore[assignment]  # see above
        slug_field="public_id",
        read_only=True,
        allow_null=True,
        help_text="Public id of the parent unit; null for the city centre (the root).",
    )

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "level", "parent", "depth", "is_active"]
        read_only_fields = fields


class UnitRefSerializer(serializers.ModelSerializer[OrgUnit]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "level"]
        read_only_fields = fields


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text="In the request's language.")


@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$", "example": "09:00"}
)
class HourMinuteField(serializers.TimeField):
    """A time of day as sent: `HH:MM` in the network's time zone (not RFC 3339 `time`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class OpeningRuleSerializer(serializers.ModelSerializer[OpeningRule]):
    opens = HourMinuteField(help_text="`HH:MM`, network time.")
    closes = HourMinuteField(help_text="`HH:MM`; at or before `opens`: the next day.")

    class Meta:
        model = OpeningRule
        fields = ["weekday", "opens", "closes"]
        read_only_fields = fields


# Facility code → the profile's flag; the name is the flag's translated label.
FACILITIES = {
    "counselling_room": "has_counselling_room",
    "relief_area": "has_relief_area",
    "regulation_pod": "has_regulation_pod",
    "group_room": "has_group_room",
}
SERVICE_ORDER = {code: index for index, code in enumerate(ServiceKind.values)}


class StationSerializer(serializers.ModelSerializer[StationProfile]):
    """A station as search_stations / station_detail return it (hours prefetched)."""

    id = serializers.UUIDField(source="unit.public_id", read_only=True)
    name = serializers.CharField(source="unit.name", read_only=True)
    level = serializers.ChoiceField(source="unit.level", choices=Level.choices, read_only=True)
    open_now = serializers.BooleanField(source="is_open_now", read_only=True)
    services = serializers.SerializerMethodField()
    facilities = serializers.SerializerMethodField()
    hours = OpeningRuleSerializer(source="opening_rules", many=True, read_only=True)
    distance_m = serializers.SerializerMethodField(help_text="Metres from `near`; null without.")
    walk_minutes = serializers.SerializerMethodField(
        help_text="Minutes of walking from `near`; null without."
    )

    class Meta:
        model = StationProfile
        fields = [
            "id",
            "name",
            "level",
            "address",
            "phone",
            "lat",
            "lng",
            "open_24h",
            "open_now",
            "services",
            "facilities",
            "hours",
            "distance_m",
            "walk_minutes",
        ]
        read_only_fields = fields

    @extend_schema_field(CodeNameSerializer(many=True))
    def get_services(self, station: StationProfile) -> list[dict[str, str]]:
        codes = sorted(
            (s.service for s in station.services.all()),
            key=lambda code: SERVICE_ORDER.get(code, len(SERVICE_ORDER)),
        )
        return [{"code": code, "name": str(ServiceKind(code).label)} for code in codes]

    @extend_schema_field(CodeNameSerializer(many=True))
    def get_facilities(self, station: StationProfile) -> list[dict[str, str]]:
        meta = StationProfile._meta
        return [
            {"code": code, "name": str(cast("Field[Any, Any]", meta.get_field(flag)).verbose_name)}
            for code, flag in FACILITIES.items()
            if getattr(station, flag)
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_distance_m(self, station: StationProfile) -> int | None:
        distance = getattr(station, "distance_m", None)
        return None if distance is None else round(distance)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_walk_minutes(self, station: StationProfile) -> int | None:
        return getattr(station, "walk_minutes", None)


class PartnerAppSerializer(serializers.ModelSerializer[PartnerApp]):
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=Scope.choices))
    unit = UnitRefSerializer(read_only=True, allow_null=True, help_text="Null: the whole network.")

    class Meta:
        model = PartnerApp
        fields = ["name", "scopes", "unit"]
        read_only_fields = fields
