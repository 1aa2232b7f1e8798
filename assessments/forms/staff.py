"""Forms of the unit-campaign staff pages: they parse input and limit choices to the reach.

The rules themselves (dates, workforce, permissions) live in assessments.services.campaigns;
its DomainErrors come back onto the form through core.web.add_domain_error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Instrument
from assessments.scoring import Text
from core import clock, dates, text
from core.widgets import IsoDateInput
from network import access
from network.access import Viewer
from network.forms.staff import UnitChoiceField
from network.models import OrgUnit


class InstrumentChoiceField(forms.MultipleChoiceField):
    """Questionnaires offered to workers, by code, labelled in the page's language."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)

    @staticmethod
    def offered() -> list[tuple[str, str]]:
        instruments = Instrument.objects.filter(is_active=True, versions__is_current=True)
        return [
            (i.code, f"{i.short_name} · {Text(i.name, i.name_en)}")
            for i in instruments.order_by("code")
        ]


class CampaignForm(forms.Form):
    unit = UnitChoiceField(
        label=_("unit"),
        queryset=OrgUnit.objects.none(),
        to_field_name="public_id",
        help_text=_("The enterprise service room (or the unit above it) that runs the campaign."),
    )
    name = text.LineField(label=_("name"), max_length=160, strip=True)
    instruments = InstrumentChoiceField(
        label=_("questionnaires"),
        help_text=_("Workers can answer each of them; the unit sees only totals."),
    )
    opens_on = dates.DateField(label=_("opens on"), widget=IsoDateInput(), entry=True)
    closes_on = dates.DateField(label=_("closes on"), widget=IsoDateInput(), entry=True)
    workforce = forms.IntegerField(
        label=_("number of workers invited"),
        min_value=1,
        help_text=_("Used for the participation rate."),
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = access.units_visible_to(viewer, access.Perm.MANAGE_CAMPAIGNS).filter(
            is_active=True
        )
        self.fields["opens_on"].initial = clock.today
        instruments = self.fields["instruments"]
        assert isinstance(instruments, InstrumentChoiceField)
        instruments.choices = instruments.offered()  # once per form: read for checks and display


YEARS_SHOWN = 5


def _instrument_choices() -> list[tuple[str, Any]]:
    return [("", _("the first with results"))] + [
        (i.code, f"{i.short_name} · {Text(i.name, i.name_en)}")
        for i in Instrument.objects.order_by("code")
    ]


def _year_choices() -> list[tuple[int, int]]:
    this_year = clock.today().year
    return [(year, year) for year in range(this_year, this_year - YEARS_SHOWN, -1)]


class FiguresForm(forms.Form):
    """Which published figures to show: a unit of the reach, a questionnaire, a calendar year.

    Whole calendar years only: two overlapping periods (say, up to Monday and
    up to Tuesday) would give away Tuesday's answers by their difference.
    """

    unit = UnitChoiceField(
        label=_("unit and its subtree"),
        queryset=OrgUnit.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("the top of my reach"),
    )
    instrument = forms.ChoiceField(label=_("questionnaire"), required=False)
    year = forms.TypedChoiceField(label=_("year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = access.units_visible_to(viewer, access.Perm.VIEW_ASSESSMENT_FIGURES)
        instrument = self.fields["instrument"]
        assert isinstance(instrument, forms.ChoiceField)
        instrument.choices = _instrument_choices()
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = _year_choices
