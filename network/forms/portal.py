"""Portal forms of the network: the station search ("Find a station", "near me")."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from network import selectors
from network.models import OrgUnit, ServiceKind

# Walking-time limits offered for "near me" (minutes).
WITHIN_MINUTES = (5, 10, 15, 30)

# "36.0662,120.3826", also with a space or a full-width comma as separator.
_POINT = re.compile(
    r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*(?:[,，;；]|\s)\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$"
)

# Something that looks like coordinates but is not a valid pair ("36.1,500").
_POINT_LIKE = re.compile(r"^[\s\d.,，;；+-]+$")

_LAT_ERROR = _("Your location could not be used: the latitude must be a number from -90 to 90.")
_LNG_ERROR = _("Your location could not be used: the longitude must be a number from -180 to 180.")


def parse_point(text: str) -> tuple[float, float] | None:
    """A typed "latitude,longitude" as floats in range, or None when it is not one."""
    match = _POINT.match(text)
    if match is None:
        return None
    lat, lng = float(match.group(1)), float(match.group(2))
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return lat, lng


class PlaceField(forms.CharField):
    """Typed text naming where to start: coordinates "lat,lng" as a (lat, lng) tuple,
    anything else as the stripped text, for the geocoder (network.geocoding)."""

    def to_python(self, value: Any) -> tuple[float, float] | str | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        point = parse_point(text)
        if point is not None:
            return point
        if _POINT_LIKE.match(text):
            raise forms.ValidationError(
                gettext("These coordinates are out of range. Type a district or an address."),
                code="invalid",
            )
        return str(text).strip()


class StationSearchForm(forms.Form):
    """Filters of the station list and the map, and where "near me" starts from.

    The starting point is, in this order: the browser's location (hidden `lat`
    and `lng`, filled by static/js/stations.js), a typed place (`point`: a
    district, an address, a unit's name or coordinates, found by the geocoder),
    or the centre of a chosen district (`from_district`).
    """

    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=OrgUnit.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("All districts"),
    )
    service = forms.ChoiceField(label=_("Service"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    open_24h = forms.BooleanField(label=_("Open 24 hours"), required=False)

    lat = forms.FloatField(
        widget=forms.HiddenInput,
        required=False,
        min_value=-90,
        max_value=90,
        error_messages={"invalid": _LAT_ERROR, "min_value": _LAT_ERROR, "max_value": _LAT_ERROR},
    )
    lng = forms.FloatField(
        widget=forms.HiddenInput,
        required=False,
        min_value=-180,
        max_value=180,
        error_messages={"invalid": _LNG_ERROR, "min_value": _LNG_ERROR, "max_value": _LNG_ERROR},
    )
    from_district = forms.ModelChoiceField(
        label=_("Start from a district"),
        queryset=OrgUnit.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("No district chosen"),
    )
    point = PlaceField(
        label=_("Or type a place"),
        help_text=_("A district, an address or a station's name, for example 市南区 or 香港中路."),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "enterkeyhint": "search"}),
    )
    within = forms.TypedChoiceField(
        label=_("Walking time"),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Labels sit above their fields (or after a checkbox): no trailing colon.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        district_field = self.fields["district"]
        origin_field = self.fields["from_district"]
        assert isinstance(district_field, forms.ModelChoiceField)
        assert isinstance(origin_field, forms.ModelChoiceField)
        district_field.queryset = selectors.districts()
        origin_field.queryset = selectors.districts()
        service_field = self.fields["service"]
        assert isinstance(service_field, forms.ChoiceField)
        service_field.choices = [("", gettext("Any service")), *ServiceKind.choices]
        within_field = self.fields["within"]
        assert isinstance(within_field, forms.TypedChoiceField)
        within_field.choices = [
            ("", gettext("Any distance")),
            *(
                (str(m), gettext("Up to %(minutes)s minutes on foot") % {"minutes": m})
                for m in WITHIN_MINUTES
            ),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            "lat" in cleaned
            and "lng" in cleaned
            and (cleaned["lat"] is None) != (cleaned["lng"] is None)
        ):
            self.add_error(
                "lat",
                gettext("Your location could not be used: latitude and longitude go together."),
            )
        has_origin = any(
            cleaned.get(name) is not None for name in ("lat", "point", "from_district")
        )
        origin_failed = bool({"lat", "lng", "point"} & set(self.errors))
        if cleaned.get("within") is not None and not has_origin and not origin_failed:
            self.add_error(
                "within",
                gettext("Choose where to start from (your location, a district or a place)."),
            )
        return cleaned
