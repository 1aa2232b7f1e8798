"""Portal forms of the self-assessment. They parse input; the rules live in the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments import flow
from assessments.models import AgeBand, Industry, KeyGroup
from assessments.services import Demographics
from core import text
from core.phone import PhoneFormField
from network import selectors as network_selectors
from network.districts import district_area_name
from network.models import OrgUnit

PREFER_NOT = _("Prefer not to say")


@dataclass(frozen=True)
class Option:
    """One radio button of a question, as the page writes it."""

    id: str
    value: int
    label: str
    checked: bool


@dataclass(frozen=True)
class Question:
    """One question of a page: its field (label, errors) and its radio buttons."""

    number: int
    field: forms.BoundField
    options: list[Option]


class AnswerPageForm(forms.Form):
    """The radio buttons of one page of questions, one field `q<number>` a question."""

    def __init__(self, *args: Any, page: flow.Page, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.page = page
        for item in page.items:
            self.fields[self.field_name(item.number)] = forms.TypedChoiceField(
                label=item.text.get(),
                choices=[(option.value, option.label.get()) for option in item.options],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("Choose an answer to question %(number)s.")
                    % {"number": item.number},
                    "invalid_choice": gettext("Choose one of the answers offered."),
                },
            )

    @staticmethod
    def field_name(number: int) -> str:
        return f"q{number}"

    def questions(self) -> list[Question]:
        """The page's questions with their radio buttons: the template writes each button
        itself (the markup RadioSelect renders, without a widget template per button)."""
        questions = []
        for item in self.page.items:
            field = self[self.field_name(item.number)]
            current = field.value()
            chosen = "" if current is None else str(current)
            choices = self.fields[field.name].choices  # type: ignore[attr-defined]
            options = [
                Option(
                    id=f"{field.auto_id}_{index}",
                    value=value,
                    label=label,
                    checked=str(value) == chosen,
                )
                for index, (value, label) in enumerate(choices)
            ]
            questions.append(Question(number=item.number, field=field, options=options))
        return questions

    def answers(self) -> dict[int, int]:
        """The valid answers (call after is_valid)."""
        return {
            item.number: self.cleaned_data[self.field_name(item.number)] for item in self.page.items
        }

    def partial_answers(self) -> dict[int, int]:
        """Whatever valid answers were given, without requiring all (the Back button)."""
        given = {}
        for item in self.page.items:
            name = self.field_name(item.number)
            try:
                value = self.fields[name].clean(self.data.get(self.add_prefix(name)))
            except forms.ValidationError:
                continue
            given[item.number] = value
        return given


class DistrictChoiceField(forms.ModelChoiceField):
    """District sub-centres, offered by the district they serve (市南区, not 市南区分中心)."""

    def label_from_instance(self, obj: Any) -> str:
        return district_area_name(obj)


class FinishForm(forms.Form):
    """Optional questions that serve the network's planning, and the archive choice."""

    district = DistrictChoiceField(
        label=_("District where you work"),
        queryset=OrgUnit.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=PREFER_NOT,
    )
    industry = forms.ChoiceField(
        label=_("Industry"), choices=[("", PREFER_NOT), *Industry.choices], required=False
    )
    key_group = forms.ChoiceField(
        label=_("Do you belong to one of these groups?"),
        choices=[("", PREFER_NOT), *KeyGroup.choices],
        required=False,
    )
    age_band = forms.ChoiceField(
        label=_("Age"), choices=[("", PREFER_NOT), *AgeBand.choices], required=False
    )
    archive = forms.BooleanField(
        label=_("Keep this result in my archive"),
        help_text=_("Only you can see your archive. You can delete it at any time."),
        required=False,
    )

    DEMOGRAPHIC_FIELDS = ("district", "industry", "key_group", "age_band")

    def __init__(
        self, *args: Any, ask_district: bool = True, can_archive: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        assert isinstance(district, forms.ModelChoiceField)
        district.queryset = network_selectors.districts()
        if not ask_district:  # a unit assessment already counts for its unit
            del self.fields["district"]
        if not can_archive:
            del self.fields["archive"]

    def demographic_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DEMOGRAPHIC_FIELDS if name in self.fields]

    def demographics(self) -> Demographics:
        data = self.cleaned_data
        return Demographics(
            district=data.get("district"),
            industry=data.get("industry", ""),
            key_group=data.get("key_group", ""),
            age_band=data.get("age_band", ""),
        )


class CallbackForm(forms.Form):
    """A worker at risk asks the hotline to call back. Checked by callback_request_create."""

    contact_phone = PhoneFormField(
        label=_("Phone number to call"),
        required=False,
        invalid_message=_("Give a mobile number (11 digits) or a landline number."),
    )
    contact_name = text.LineField(
        label=_("How should we address you? (optional)"),
        help_text=_("A first name or a nickname is enough."),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    preferred_time = text.LineField(
        label=_("Best time to call (optional)"),
        max_length=80,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the hotline may call me on this number. It is used only for this "
            "call back."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("prefix", "callback")
        super().__init__(*args, **kwargs)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your retrieval code"),
        help_text=_(
            "16 letters and digits, for example ABCD-EFGH-JKMN-PQRS. Case and dashes do not matter."
        ),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_(
            "I want my self-assessment results kept in my personal archive, linked to my account."
        ),
        error_messages={"required": _("Tick the box to give your consent.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
