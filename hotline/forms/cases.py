"""Forms of hotline cases: open from a call, change, add or finish a next step, close,
answer a referral, waive the crisis follow-ups. The services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from appointments.services import ReferralSlot
from core import clock
from hotline.models import CaseOutcome, ReferralBody, ReferralStatus, RiskLevel, StepKind

DATE = forms.DateInput(attrs={"type": "date"})
NO_CHOICE = [("", "—")]


class NextStepFields(forms.Form):
    next_kind = forms.ChoiceField(label=_("Next step"), choices=StepKind.choices)
    next_due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)
    referral_to = forms.ChoiceField(
        label=_("Referred to (for a referral)"),
        choices=NO_CHOICE + list(ReferralBody.choices),
        required=False,
    )


class CaseOpenForm(NextStepFields):
    concern = forms.CharField(label=_("Concern"), widget=forms.Textarea, max_length=4000)


class CaseUpdateForm(forms.Form):
    concern = forms.CharField(label=_("Concern"), widget=forms.Textarea, max_length=4000)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea, max_length=8000, required=False
    )
    risk = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("open", _("open")), ("follow_up", _("in follow-up"))]
    )


class StepDoneForm(forms.Form):
    next_kind = forms.ChoiceField(
        label=_("Next step"), choices=NO_CHOICE + list(StepKind.choices), required=False
    )
    next_due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)
    referral_to = NextStepFields.base_fields["referral_to"]
    close_outcome = forms.ChoiceField(
        label=_("Or close the case with the outcome"),
        choices=NO_CHOICE + list(CaseOutcome.choices),
        required=False,
    )


class CaseCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CaseOutcome.choices)


class ReferralAnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), choices=ReferralStatus.choices)
    feedback = forms.CharField(
        label=_("Feedback"), widget=forms.Textarea, max_length=4000, required=False
    )


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the crisis follow-ups are not needed"), widget=forms.Textarea
    )


class CounsellingBookingForm(forms.Form):
    """Book counselling for the caller: a free time, their number, the hand-over they
    agreed to and their consent (the service refuses without it, too)."""

    slot = forms.UUIDField(label=_("Counselling time"), widget=forms.Select)
    phone = forms.CharField(label=_("Caller's mobile number"), max_length=32)
    handover = forms.CharField(
        label=_("Hand-over the caller agreed the counsellor may read"),
        widget=forms.Textarea,
        max_length=2000,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("The caller agrees to the booking and to this hand-over"),
        error_messages={
            "required": _("The caller must agree to the booking and the hand-over first.")
        },
    )

    def offer(self, slots: list[ReferralSlot]) -> CounsellingBookingForm:
        """Offer these free times in the slot list."""
        self.fields["slot"].widget.choices = [  # type: ignore[attr-defined]
            (
                str(s.public_id),
                f"{clock.local(s.starts_at):%Y-%m-%d %H:%M} · {s.station} · "
                f"{s.counsellor} · {s.mode_label}",
            )
            for s in slots
        ]
        return self
