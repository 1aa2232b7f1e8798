"""Forms of the online library: the portal's filter and the staff's premium schedule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.services import Category
from learning.models import ItemKind, ItemStatus, LibraryItem


class LibraryFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Category.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ItemKind.choices]
    )

    def filters(self) -> dict[str, str | None]:
        """The valid fields as filters; an invalid field is left out (and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"category": data.get("category") or None, "kind": data.get("kind") or None}


class PremiumScheduleForm(forms.Form):
    month = forms.ChoiceField(label=_("Month"))
    item = forms.ModelChoiceField(label=_("Library item"), queryset=LibraryItem.objects.none())

    def __init__(self, *args: Any, months: list[tuple[int, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        month_field = self.fields["month"]
        assert isinstance(month_field, forms.ChoiceField)
        month_field.choices = [(f"{y}-{m:02d}", f"{y}-{m:02d}") for y, m in months]
        item_field = self.fields["item"]
        assert isinstance(item_field, forms.ModelChoiceField)
        item_field.queryset = LibraryItem.objects.exclude(status=ItemStatus.WITHDRAWN).order_by(
            "title"
        )

    def year_month(self) -> tuple[int, int]:
        year, month = self.cleaned_data["month"].split("-")
        return int(year), int(month)
