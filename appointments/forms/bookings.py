"""Portal forms of appointments: the slot search and the booking form. No rules here."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from appointments.models import Mode, ReasonCategory
from appointments.selectors import counsellors, slots
from core import dates
from core.widgets import IsoDateInput
from network import selectors as network_selectors
from network.forms import PlaceField
from network.models import OrgUnit


class CounsellorChoiceField(forms.ModelChoiceField):
    """Counsellors are named in URLs by their practitioner profile's public id."""

    def label_from_instance(self, obj: Any) -> str:
        return counsellors.counsellor_name(obj)

    def prepare_value(self, value: Any) -> Any:
        if hasattr(value, "practitioner"):
            return str(value.practitioner.public_id)
        return super().prepare_value(value)


# Options each filter lists at most (the chosen one is always among them): the booking
# page stays the same size however many stations and counsellors the network has.
CHOICES_SHOWN = 30


def _bounded_choices(field: forms.ModelChoiceField, chosen: Any) -> list[tuple[Any, Any]]:
    """The field's first CHOICES_SHOWN options, plus the chosen one; validation still
    accepts any option of the field's queryset (a link may name one not listed)."""
    queryset = field.queryset
    assert queryset is not None
    shown = list(queryset[:CHOICES_SHOWN])
    values = {str(field.prepare_value(obj)) for obj in shown}
    if chosen and str(chosen) not in values and _is_uuid(str(chosen)):
        shown.extend(queryset.filter(**{field.to_field_name or "pk": chosen})[:1])
    empty: list[tuple[Any, Any]] = (
        [("", field.empty_label)] if field.empty_label is not None else []
    )
    return [*empty, *((field.prepare_value(o), field.label_from_instance(o)) for o in shown)]


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class SlotSearchForm(forms.Form):
    """Filters of the free-slot list, and where "soonest near me" starts from."""

    station = forms.ModelChoiceField(
        label=_("Station"),
        queryset=OrgUnit.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Any station"),
    )
    counsellor = CounsellorChoiceField(
        label=_("Counsellor"),
        queryset=counsellors.public_counsellors(),
        to_field_name="practitioner__public_id",
        required=False,
        empty_label=_("Any counsellor"),
    )
    mode = forms.ChoiceField(
        label=_("Way of meeting"),
        choices=[("", _("Any way")), *list(Mode.choices)],
        required=False,
    )
    date = dates.DateField(label=_("Date"), required=False, widget=IsoDateInput())
    point = PlaceField(
        label=_("Soonest near a place"),
        required=False,
        max_length=64,
        help_text=_("A district, an address or a station's name, for example 市南区 or 香港中路."),
    )
    from_district = forms.ModelChoiceField(
        label=_("…or near a district"),
        queryset=network_selectors.districts(),
        to_field_name="public_id",
        required=False,
        empty_label=_("No district"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every place that takes bookings (appointments.selectors.booking_stations), and
        # the station a link asked for even when it takes none yet: every station page
        # links here, and the list then says plainly that nobody keeps hours there.
        places = slots.booking_stations()
        asked = self.data.get("station") if self.is_bound else None
        if asked and _is_uuid(asked):
            places = places | OrgUnit.objects.filter(public_id=asked, is_active=True)
        self.fields["station"].queryset = places  # type: ignore[attr-defined]
        for name in ("station", "counsellor"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            chosen = self.data.get(name) if self.is_bound else None
            field.widget.choices = _bounded_choices(field, chosen)  # type: ignore[attr-defined]


class BookingForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What would you like to talk about? (optional)"),
        choices=[("", _("I'd rather not say")), *list(ReasonCategory.choices)],
        required=False,
    )


class RescheduleForm(forms.Form):
    slot = forms.UUIDField(widget=forms.HiddenInput)
