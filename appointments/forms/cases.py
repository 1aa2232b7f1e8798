"""Forms of the case pages. They parse input and limit choice lists; the rules live in
appointments.services.cases, whose DomainErrors come back through core.web.add_domain_error."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from appointments.models import (
    Booking,
    CaseOutcome,
    CaseStatus,
    FollowUpKind,
    ReasonCategory,
    ReferralStatus,
    ReferralTarget,
    RiskLevel,
    Slot,
)
from appointments.selectors import slots as slots_selectors
from appointments.selectors.counsellors import counsellor_name
from core import clock, dates, text
from core.widgets import IsoDateInput
from network.models import Membership, Role

if TYPE_CHECKING:
    from appointments.models import Case

DATE_INPUT = IsoDateInput()
# A referral's feedback is a few sentences from the receiving service.
REFERRAL_FEEDBACK_MAX_LENGTH = 2000


def _blank(choices: list[tuple[str, Any]], label: Any = "---------") -> list[tuple[str, Any]]:
    return [("", label), *choices]


class CaseOpenForm(forms.Form):
    concern = forms.ChoiceField(label=_("Presenting concern"), choices=ReasonCategory.choices)
    risk_level = forms.ChoiceField(
        label=_("Risk level"), choices=RiskLevel.choices, initial=RiskLevel.LOW
    )
    next_due_on = dates.DateField(
        entry=True,
        label=_("First follow-up due on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "Needed when this session is not ahead any more: the case must always have a next step."
        ),
    )
    next_kind = forms.ChoiceField(
        label=_("First follow-up"),
        choices=FollowUpKind.choices,
        initial=FollowUpKind.BOOK_SESSION,
    )


class CaseUpdateForm(forms.Form):
    concern = forms.ChoiceField(label=_("Presenting concern"), choices=ReasonCategory.choices)
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in CaseStatus.choices if c[0] != CaseStatus.CLOSED],
    )


class CaseCloseForm(forms.Form):
    # Not required here: the service refuses a close without an outcome, with its message.
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=_blank(CaseOutcome.choices), required=False
    )


class SessionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return "{when} · {status}".format(
            when=clock.local(obj.starts_at).strftime("%Y-%m-%d %H:%M"),
            status=obj.get_status_display(),
        )


class NoteForm(forms.Form):
    body = text.TextField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000
    )
    booking = SessionField(
        label=_("Session"),
        queryset=Booking.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("the case as a whole"),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        booking = self.fields["booking"]
        assert isinstance(booking, forms.ModelChoiceField)
        booking.queryset = case.sessions.order_by("-starts_at")


class NoteBodyForm(forms.Form):
    body = text.TextField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000
    )


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUpKind.choices)
    due_on = dates.DateField(label=_("Due on"), widget=DATE_INPUT, entry=True)


class FollowUpCompleteForm(forms.Form):
    result = text.LineField(
        label=_("What happened"),
        max_length=200,
        required=False,
        help_text=_("A few words; confidential like the notes."),
    )
    next_due_on = dates.DateField(
        label=_("Next follow-up due on"), required=False, widget=DATE_INPUT, entry=True
    )
    next_kind = forms.ChoiceField(
        label=_("Next follow-up"), choices=FollowUpKind.choices, initial=FollowUpKind.BOOK_SESSION
    )
    close_outcome = forms.ChoiceField(
        label=_("Or close the case with the outcome"),
        choices=_blank(CaseOutcome.choices, _("keep the case open")),
        required=False,
    )


class CounsellorField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return counsellor_name(obj)


class ReferralForm(forms.Form):
    target = forms.ChoiceField(label=_("Refer to"), choices=ReferralTarget.choices)
    to_counsellor = CounsellorField(
        label=_("Counsellor (when referring to another counsellor)"),
        queryset=User.objects.none(),
        required=False,
    )
    organisation = text.LineField(
        label=_("Organisation or service"), max_length=120, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ReferralStatus.choices, initial=ReferralStatus.PROPOSED
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_counsellor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            User.objects.filter(
                is_active=True,
                pk__in=Membership.objects.filter(role=Role.COUNSELLOR, unit__is_active=True).values(
                    "user_id"
                ),
            )
            .exclude(pk=case.counsellor_id)
            .select_related("practitioner")
            .order_by("last_name", "first_name", "pk")
        )


class ReferralUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReferralStatus.choices)
    feedback = text.TextField(
        label=_("Feedback"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=REFERRAL_FEEDBACK_MAX_LENGTH,
    )


class SlotField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return "{when} · {station} · {mode}".format(
            when=clock.local(obj.starts_at).strftime("%Y-%m-%d %H:%M"),
            station=obj.station.name,
            mode=obj.get_mode_display(),
        )


class BookSessionForm(forms.Form):
    slot = SlotField(
        label=_("Time"),
        queryset=Slot.objects.none(),
        to_field_name="public_id",
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, counsellor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["slot"]
        assert isinstance(field, SlotField)
        slots = slots_selectors.free_slots_for(counsellor=counsellor)
        # The choices are the listed slots; a POSTed id is looked up among the free ones.
        field.queryset = Slot.objects.filter(pk__in=[s.pk for s in slots]).select_related("station")
        self.slots = slots
