"""The call form, laid out for an operator mid-call (see templates/hotline/staff/call.html).

Field order is the tab order: channel (autofocus, set by the template on the chosen
radio), caller, number, topics, key groups,
district, risk, summary, outcome, then the prefilled time. The same form checks a
draft (`draft=True`: nothing required, for the autosave) and a call being logged.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core import clock
from core.phone import PhoneFormField
from hotline import selectors
from hotline.models import CallerType, CallOutcome, Channel, RiskLevel
from hotline.services import CallData

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class CallForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, widget=forms.RadioSelect
    )
    caller_type = forms.ChoiceField(
        label=_("Caller"), choices=CallerType.choices, widget=forms.RadioSelect
    )
    caller_number = PhoneFormField(
        label=_("Caller's number (optional, kept encrypted)"),
        required=False,
        help_text=_("Recognises a returning caller; never shown in the log."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=selectors.topics_active(), widget=forms.CheckboxSelectMultiple
    )
    gig_worker = forms.BooleanField(label=_("gig worker"), required=False)
    woman_worker = forms.BooleanField(label=_("woman worker"), required=False)
    hardship_family = forms.BooleanField(label=_("family in hardship"), required=False)
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=selectors.districts(),
        required=False,
        empty_label=_("— not known —"),
    )
    risk = forms.ChoiceField(
        label=_("Risk level"), choices=RiskLevel.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("Short summary"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=CallOutcome.choices, widget=forms.RadioSelect
    )
    survey_consent = forms.BooleanField(
        label=_("The caller agrees to get a short anonymous survey by SMS"), required=False
    )
    started_at = forms.DateTimeField(
        label=_("Time of the call"),
        input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )
    duration_seconds = forms.IntegerField(
        label=_("Duration (seconds)"), required=False, min_value=0, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, draft: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["topics"]
        ).queryset = selectors.topics_active()
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = selectors.districts()
        if draft:
            for field in self.fields.values():
                field.required = False

    @classmethod
    def initial_for(cls, call: Any) -> dict[str, Any]:
        """The form's values from a saved call (a reopened draft); never the number."""
        return {
            "channel": call.channel,
            "caller_type": call.caller_type,
            "topics": list(call.topics.all()),
            "gig_worker": call.gig_worker,
            "woman_worker": call.woman_worker,
            "hardship_family": call.hardship_family,
            "district": call.district,
            "risk": call.risk,
            "summary": call.summary,
            "outcome": call.outcome,
            "started_at": clock.local(call.started_at),
            "duration_seconds": call.duration_seconds,
        }

    def to_data(self) -> CallData:
        data = self.cleaned_data
        return CallData(
            started_at=data.get("started_at"),
            duration_seconds=data.get("duration_seconds"),
            channel=data.get("channel") or Channel.PHONE,
            caller_type=data.get("caller_type") or "",
            topics=list(data.get("topics") or []),
            gig_worker=bool(data.get("gig_worker")),
            woman_worker=bool(data.get("woman_worker")),
            hardship_family=bool(data.get("hardship_family")),
            district=data.get("district"),
            risk=data.get("risk") or RiskLevel.NONE,
            summary=data.get("summary") or "",
            outcome=data.get("outcome") or "",
            caller_number=data.get("caller_number") or "",
            survey_consent=bool(data.get("survey_consent")),
        )
