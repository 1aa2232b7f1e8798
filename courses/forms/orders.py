"""Forms of ordering: the round, the unit's order (需求登记表), the review steps.

They parse and label input; every rule (deadline, quota, dates, venue, duplicates,
who may act) is the services' (courses.services.orders, .review, .assignment).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.phone import PhoneFormField
from core.widgets import IsoDateInput
from courses.models import HalfDay, KeyGroup, Order, Round, Topic
from courses.services import OrderData, PreferredDate
from network.models import OrgUnit


class TopicChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Topic) -> str:
        return f"{obj.code} {obj.title}"


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    opens_on = forms.DateField(label=_("Opens on"), widget=IsoDateInput)
    closes_on = forms.DateField(label=_("Deadline"), widget=IsoDateInput)
    all_topics = forms.BooleanField(
        label=_("Offer every active topic of the catalogue"), required=False, initial=True
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Or only these topics"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, districts: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True).order_by("code")  # type: ignore[attr-defined]
        self.districts = districts
        for district in districts:
            self.fields[f"quota_{district.pk}"] = forms.IntegerField(
                label=_("Quota of %(district)s") % {"district": district.name},
                min_value=0,
                max_value=999,
                required=False,
                help_text=_("Empty: no quota."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("all_topics") and not data.get("topics"):
            self.add_error("topics", _("Choose the topics offered, or offer every topic."))
        return data

    def chosen_topics(self) -> list[Topic]:
        if self.cleaned_data.get("all_topics"):
            return list(Topic.objects.filter(is_active=True))
        return list(self.cleaned_data["topics"])

    def quotas(self) -> dict[OrgUnit, int]:
        found = {}
        for district in self.districts:
            value = self.cleaned_data.get(f"quota_{district.pk}")
            if value is not None:
                found[district] = value
        return found


class OrderForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Ordering unit"), queryset=OrgUnit.objects.none())
    first_topic = TopicChoiceField(label=_("First choice of topic"), queryset=Topic.objects.none())
    second_topic = TopicChoiceField(
        label=_("Second choice of topic"), queryset=Topic.objects.none(), required=False
    )
    date_1 = forms.DateField(label=_("Preferred date 1"), widget=IsoDateInput)
    half_day_1 = forms.ChoiceField(label=_("Half-day 1"), choices=HalfDay.choices)
    date_2 = forms.DateField(label=_("Preferred date 2"), widget=IsoDateInput)
    half_day_2 = forms.ChoiceField(label=_("Half-day 2"), choices=HalfDay.choices)
    date_3 = forms.DateField(
        label=_("Preferred date 3 (optional)"), widget=IsoDateInput, required=False
    )
    half_day_3 = forms.ChoiceField(label=_("Half-day 3"), choices=HalfDay.choices, required=False)
    venue = forms.CharField(label=_("Venue address"), max_length=200)
    venue_capacity = forms.IntegerField(
        label=_("Venue capacity (seats)"), min_value=1, max_value=100000
    )
    audience_size = forms.IntegerField(label=_("Expected audience"), min_value=1, max_value=100000)
    key_groups = forms.MultipleChoiceField(
        label=_("Key groups in the audience"),
        choices=KeyGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=60)
    contact_phone = PhoneFormField(label=_("Contact phone"))

    def __init__(self, *args: Any, round: Round, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics = round.topics.filter(is_active=True).order_by("code")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["first_topic"].queryset = topics  # type: ignore[attr-defined]
        self.fields["second_topic"].queryset = topics  # type: ignore[attr-defined]

    def order_data(self) -> OrderData:
        data = self.cleaned_data
        dates = [
            PreferredDate(date=data[f"date_{i}"], half_day=data[f"half_day_{i}"] or HalfDay.MORNING)
            for i in (1, 2, 3)
            if data.get(f"date_{i}")
        ]
        return OrderData(
            first_topic=data["first_topic"],
            second_topic=data.get("second_topic"),
            dates=dates,
            venue=data["venue"],
            venue_capacity=data["venue_capacity"],
            audience_size=data["audience_size"],
            key_groups=tuple(data.get("key_groups") or ()),
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    reason = forms.CharField(
        label=_("Note (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApproveForm(forms.Form):
    choice = forms.ChoiceField(label=_("Approve"))

    def __init__(self, *args: Any, order: Order, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics = [order.first_topic] + ([order.second_topic] if order.second_topic else [])
        self.options: dict[str, tuple[Topic, int]] = {}
        for topic in topics:
            for preferred in order.dates.all():
                key = f"{topic.pk}-{preferred.position}"
                self.options[key] = (topic, preferred.position)
        self.fields["choice"].choices = [  # type: ignore[attr-defined]
            (key, f"{topic.title} · {_date(order, position)}")
            for key, (topic, position) in self.options.items()
        ]

    def chosen(self) -> tuple[Topic, int]:
        return self.options[self.cleaned_data["choice"]]


def _date(order: Order, position: int) -> str:
    for preferred in order.dates.all():
        if preferred.position == position:
            return f"{preferred.date:%Y-%m-%d} {preferred.get_half_day_display()}"
    return ""


class ProposeForm(forms.Form):
    topic = TopicChoiceField(label=_("Topic"), queryset=Topic.objects.none())
    date = forms.DateField(label=_("Date"), widget=IsoDateInput)
    half_day = forms.ChoiceField(label=_("Half-day"), choices=HalfDay.choices)
    reason = forms.CharField(
        label=_("Why (the unit reads it)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, order: Order, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = order.round.topics.filter(is_active=True).order_by("code")  # type: ignore[attr-defined]
        self.fields["topic"].initial = order.first_topic_id
