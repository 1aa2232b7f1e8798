"""Forms of the roster pages: asking for a swap, cancelling a shift."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import clock
from hotline import rota


def shift_label(shift: rota.ShiftTime, people: dict[int, User]) -> str:
    start, end = clock.local(shift.starts_at), clock.local(shift.ends_at)
    names = ", ".join(people[uid].display_name for uid in sorted(shift.user_ids()) if uid in people)
    return f"{start:%m-%d %H:%M}–{end:%H:%M} {shift.label} · {names}".strip()


class SwapRequestForm(forms.Form):
    colleague = forms.ModelChoiceField(label=_("Colleague"), queryset=User.objects.none())
    counter_ref = forms.ChoiceField(
        label=_("Their shift you take in return (leave empty to hand your shift over)"),
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        colleagues: Any,
        counter_shifts: Sequence[rota.ShiftTime],
        people: dict[int, User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        colleague_field = self.fields["colleague"]
        assert isinstance(colleague_field, forms.ModelChoiceField)
        colleague_field.queryset = colleagues
        colleague_field.label_from_instance = lambda user: user.display_name  # type: ignore[method-assign,assignment]
        counter = self.fields["counter_ref"]
        assert isinstance(counter, forms.ChoiceField)
        counter.choices = [("", _("— none: hand my shift over —"))] + [
            (s.ref, shift_label(s, people)) for s in counter_shifts
        ]


class ShiftCancelForm(forms.Form):
    ref = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Reason"), max_length=200, required=False)
