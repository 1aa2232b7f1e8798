"""Forms of the lecture pages: the attendee's sign-in and feedback, the lecture record.

They parse; the services (courses.services.signin, .feedback, .records) hold the rules,
so the portal, the staff site and the API refuse alike.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Category, Lecture, SignInIdentity, Usefulness
from courses.services import FeedbackData, RecordData, SignInData


class _PassFields(forms.Form):
    """What lets the form through: the code from the QR, the phone's ticket, the nonce."""

    code = forms.CharField(required=False, widget=forms.HiddenInput, max_length=80)
    ticket = forms.CharField(required=False, widget=forms.HiddenInput, max_length=300)
    nonce = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)


class SignInForm(_PassFields):
    identity = forms.CharField(label=_("Your name"), required=False, max_length=40)
    unit_name = forms.CharField(label=_("Your unit"), required=False, max_length=80)
    is_gig_worker = forms.BooleanField(
        label=_("I am a new-employment-form worker (delivery, ride-hailing, couriers…)"),
        required=False,
    )
    is_woman_worker = forms.BooleanField(label=_("I am a woman worker"), required=False)
    is_hardship_family = forms.BooleanField(label=_("My family is in hardship"), required=False)

    def __init__(self, *args: Any, lecture: Lecture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        identity = self.fields["identity"]
        if lecture.sign_in_identity == SignInIdentity.EMPLOYEE_NUMBER:
            identity.label = _("Your employee number")
            identity.widget.attrs.update(autocomplete="off", inputmode="text")
        else:
            identity.widget.attrs.update(autocomplete="name")
        self.fields["unit_name"].widget.attrs.update(autocomplete="organization")

    def data_for_service(self) -> SignInData:
        d = self.cleaned_data
        return SignInData(
            identity=d["identity"],
            unit_name=d["unit_name"],
            nonce=d["nonce"],
            is_gig_worker=d["is_gig_worker"],
            is_woman_worker=d["is_woman_worker"],
            is_hardship_family=d["is_hardship_family"],
        )


RATING_CHOICES = [(str(n), str(n)) for n in range(5, 0, -1)]


class FeedbackForm(_PassFields):
    rating = forms.TypedChoiceField(
        label=_("How would you rate the lecture? (5 is best)"),
        choices=RATING_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    usefulness = forms.ChoiceField(
        label=_("How useful was it for you?"),
        choices=Usefulness.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    wants_next = forms.ChoiceField(
        label=_("What would you like to hear about next?"),
        choices=[("", _("No preference")), *Category.choices],
        required=False,
    )
    comment = forms.CharField(
        label=_("Anything else you would like to tell us?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_requested = forms.BooleanField(
        label=_("I would like someone to contact me"), required=False
    )
    contact_phone = forms.CharField(label=_("Phone number"), required=False, max_length=32)
    contact_name = forms.CharField(label=_("How to address you"), required=False, max_length=40)
    consent = forms.BooleanField(
        label=_(
            "I agree that the 12351 hotline calls me on this number about my request. "
            "The number is used for nothing else."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")

    def data_for_service(self) -> FeedbackData:
        d = self.cleaned_data
        return FeedbackData(
            rating=d["rating"],
            usefulness=d["usefulness"],
            nonce=d["nonce"],
            wants_next=d["wants_next"],
            comment=d["comment"],
            contact_requested=d["contact_requested"],
            contact_phone=d["contact_phone"],
            contact_name=d["contact_name"],
            consent=d["consent"],
        )


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleImageField(forms.ImageField):
    """Several photos in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class LectureRecordForm(forms.Form):
    attendance = forms.IntegerField(label=_("Actual attendance"), min_value=0)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1)
    reason = forms.CharField(
        label=_("Reason, if the attendance differs from the QR count"),
        required=False,
        max_length=300,
    )
    for_cadres = forms.BooleanField(
        label=_("A cadre lecture (given to union cadres)"),
        required=False,
        help_text=_("Counted apart in the annual targets (cadre lectures)."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = _MultipleImageField(label=_("Photos (optional, up to 6)"), required=False)

    def data_for_service(self) -> RecordData:
        d = self.cleaned_data
        return RecordData(
            attendance=d["attendance"],
            duration_minutes=d["duration_minutes"],
            notes=d["notes"],
            reason=d["reason"],
            for_cadres=d["for_cadres"],
        )


class AttendanceForm(forms.Form):
    attendance = forms.IntegerField(label=_("Actual attendance"), min_value=0)
    reason = forms.CharField(label=_("Reason for the change"), max_length=300)
