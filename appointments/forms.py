"""Portal forms of appointments: the slot search and the booking form. No rules here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from appointments import selectors
from appointments.models import Mode, ReasonCategory
from core import dates
from network import selectors as network_selectors
from network.forms import CoordinatesField
from network.models import Level, OrgUnit


class CounsellorChoiceField(forms.ModelChoiceField):
    """Counsellors are named in URLs by their practitioner profile's public id."""

    def label_from_instance(self, obj: Any) -> str:
        return selectors.counsellor_name(obj)

    def prepare_value(self, value: Any) -> Any:
        if hasattr(value, "practitioner"):
            return str(value.practitioner.public_id)
        return super().prepare_value(value)


class SlotSearchForm(forms.Form):
    """Filters of the free-slot list, and where "soonest near me" starts from."""

    station = forms.ModelChoiceField(
        label=_("Station"),
        queryset=OrgUnit.objects.filter(
            is_active=True, level__in=(Level.STATION, Level.DISTRICT, Level.ROOM)
        ).order_by("path"),
        to_field_name="public_id",
        required=False,
        empty_label=_("Any station"),
    )
    counsellor = CounsellorChoiceField(
        label=_("Counsellor"),
        queryset=selectors.public_counsellors(),
        to_field_name="practitioner__public_id",
        required=False,
        empty_label=_("Any counsellor"),
    )
    mode = forms.ChoiceField(
        label=_("Way of meeting"),
        choices=[("", _("Any way")), *list(Mode.choices)],
        required=False,
    )
    date = dates.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    point = CoordinatesField(
        label=_("Soonest near a point"),
        required=False,
        help_text=_("Latitude,longitude, for example 36.0662,120.3826."),
    )
    from_district = forms.ModelChoiceField(
        label=_("…or near a district"),
        queryset=network_selectors.districts(),
        to_field_name="public_id",
        required=False,
        empty_label=_("No district"),
    )


class BookingForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What would you like to talk about? (optional)"),
        choices=[("", _("I'd rather not say")), *list(ReasonCategory.choices)],
        required=False,
    )


class RescheduleForm(forms.Form):
    slot = forms.UUIDField(widget=forms.HiddenInput)
