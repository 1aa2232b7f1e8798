"""The catalogue's search form (query string) and the spreadsheet upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from courses import selectors
from courses.models import Audience, Category, Expert, Format
from courses.selectors import CatalogueFilters, Status


def _choices(choices: Any, everything: Any) -> list[tuple[str, Any]]:
    return [("", everything), *choices]


class ExpertChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Expert) -> str:
        return obj.name


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. 压力, 亲子沟通, sand-painting")}
        ),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_choices(Category.choices, _("All categories"))
    )
    audience = forms.ChoiceField(
        label=_("Suitable for"),
        required=False,
        choices=_choices(Audience.choices, _("Everyone")),
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=_choices(Format.choices, _("Any format"))
    )
    expert = ExpertChoiceField(
        label=_("Expert"),
        required=False,
        queryset=Expert.objects.none(),
        to_field_name="public_id",
        empty_label=_("Any expert"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = self.expert_queryset()  # type: ignore[attr-defined]

    def expert_queryset(self) -> Any:
        return selectors.public_experts()

    def filters(self) -> CatalogueFilters:
        """The valid fields as filters; an invalid field is left out (and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return CatalogueFilters(
            q=data.get("q") or "",
            category=data.get("category") or None,
            audience=data.get("audience") or None,
            format=data.get("format") or None,
            expert=data.get("expert"),
            status=data.get("status") or Status.ACTIVE,
        )


class StaffCatalogueSearchForm(CatalogueSearchForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (Status.ALL, _("Active and inactive")),
            (Status.ACTIVE, _("Active only")),
            (Status.INACTIVE, _("Inactive only")),
        ],
    )

    def expert_queryset(self) -> Any:
        return Expert.objects.select_related("practitioner").order_by(
            "practitioner__display_name", "code"
        )

    def filters(self) -> CatalogueFilters:
        filters = super().filters()
        status = getattr(self, "cleaned_data", {}).get("status") or Status.ALL
        return CatalogueFilters(**{**filters.__dict__, "status": status})


class CatalogueImportForm(forms.Form):
    file = forms.FileField(
        label=_("Catalogue spreadsheet (.xlsx)"),
        help_text=_("The first sheet, with the export's header row. At most 2 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
