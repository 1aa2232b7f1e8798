"""The KPI API's query and response shapes. No rules here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core import clock
from kpis.progress import Status

_AMOUNT: dict[str, Any] = {
    "max_digits": 16,
    "decimal_places": 2,
    "coerce_to_string": False,
    "allow_null": True,
}

_PERCENT: dict[str, Any] = {"max_digits": 9, "decimal_places": 1, "coerce_to_string": False}


class FiguresQuerySerializer(serializers.Serializer[Any]):
    unit = serializers.UUIDField(help_text=_("The unit's id: its figures include its subtree's."))
    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("The plan year (default: this year)."),
    )

    def validated_year(self) -> int:
        return int(self.validated_data.get("year") or clock.today().year)


class FigureSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField(source="indicator.name")
    measure = serializers.CharField(source="indicator.measure")
    origin = serializers.CharField(source="indicator.origin")
    aggregation = serializers.CharField(
        source="indicator.aggregation",
        help_text=_("How the figure rolls up the tree: sum, distinct (people) or latest."),
    )
    period = serializers.CharField(
        source="indicator.period", help_text=_("The period a target is set for: year or month.")
    )
    counts_people = serializers.BooleanField(source="indicator.counts_people")
    suppressed = serializers.BooleanField(
        help_text=_("A small count of people is hidden (actual, percent and status are null).")
    )
    actual = serializers.DecimalField(**_AMOUNT)
    target = serializers.DecimalField(**_AMOUNT)
    percent = serializers.DecimalField(**_PERCENT, allow_null=True)
    expected_percent = serializers.DecimalField(**_PERCENT)
    status = serializers.ChoiceField(choices=Status.choices, allow_null=True)
    share = serializers.DecimalField(
        **_PERCENT,
        allow_null=True,
        help_text=_("For a share indicator: its percentage of the indicator it is part of."),
    )
    months = serializers.ListField(
        child=serializers.DecimalField(**_AMOUNT),
        help_text=_("January to December (empty for counts of units); null: hidden."),
    )
    breakdown = serializers.DictField(
        child=serializers.DecimalField(**_AMOUNT),
        help_text=_("Counts within the total by key group (gig, women, hardship); null: hidden."),
    )


class FiguresUnitSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    level = serializers.CharField()


class FiguresSerializer(serializers.Serializer[Any]):
    unit = FiguresUnitSerializer()
    year = serializers.IntegerField()
    as_of = serializers.DateField()
    figures = FigureSerializer(many=True)
