"""Who came to a lecture and what they thought: sign-ins, feedback, the lecture record.

- `SignIn`: one attendee signed in by the lecture's QR code (portal page or a partner
  mini-program). The pretix check-in rule: a retried submission carries the same client
  nonce and counts once (`courses_signin_nonce_once`); one sign-in per phone
  (`courses_signin_one_per_device`) and per name (or employee number) and unit
  (`courses_signin_one_per_person`).
- `Feedback`: one attendee's answer after the lecture; a wish to be contacted becomes a
  call-back request in the hotline's queue and only its existence is kept here (no phone).
- `LectureRecord` (巡讲登记表): filed once after the lecture; filing makes it `held`.
  `AttendanceAdjustment` keeps every change of the attendance away from the QR count with
  its reason; `LecturePhoto` the optional photos.

Names and units of attendees are personal data: shown only to the lecture's staff.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models.lectures import Lecture
from courses.models.topics import Category
from network.models import PartnerApp


class SignInChannel(models.TextChoices):
    PORTAL = "portal", _("QR code page")
    API = "api", _("partner app")


class SignIn(models.Model):
    lecture = models.ForeignKey(
        Lecture, verbose_name=_("lecture"), related_name="sign_ins", on_delete=models.CASCADE
    )
    identity = models.CharField(_("name or employee number"), max_length=40)
    unit_name = models.CharField(_("unit"), max_length=80)
    # Casefolded identity and unit without spaces: "same name and unit" is this key.
    person_key = models.CharField(_("person key"), max_length=128)
    # A keyed hash of the phone's device token (never the token itself); empty when a
    # partner app sends none.
    device_hash = models.CharField(_("device hash"), max_length=64, blank=True)
    nonce = models.CharField(_("client nonce"), max_length=64)
    is_gig_worker = models.BooleanField(_("new-employment-form (gig) worker"), default=False)
    is_woman_worker = models.BooleanField(_("woman worker"), default=False)
    is_hardship_family = models.BooleanField(_("family in hardship"), default=False)
    channel = models.CharField(
        _("channel"), max_length=8, choices=SignInChannel.choices, default=SignInChannel.PORTAL
    )
    partner_app = models.ForeignKey(
        PartnerApp,
        verbose_name=_("partner app"),
        related_name="course_sign_ins",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("signed in at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        ordering = ["lecture", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["lecture", "nonce"], name="courses_signin_nonce_once"),
            models.UniqueConstraint(
                fields=["lecture", "person_key"], name="courses_signin_one_per_person"
            ),
            models.UniqueConstraint(
                fields=["lecture", "device_hash"],
                condition=~Q(device_hash=""),
                name="courses_signin_one_per_device",
            ),
            models.CheckConstraint(condition=~Q(nonce=""), name="courses_signin_nonce_given"),
        ]

    def __str__(self) -> str:
        return f"{self.lecture_id} · {self.created_at:%Y-%m-%d %H:%M}"


class Usefulness(models.TextChoices):
    VERY = "very", _("very useful")
    SOMEWHAT = "somewhat", _("somewhat useful")
    NOT = "not", _("not useful")


class Feedback(models.Model):
    lecture = models.ForeignKey(
        Lecture, verbose_name=_("lecture"), related_name="feedback", on_delete=models.CASCADE
    )
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"))
    usefulness = models.CharField(_("usefulness"), max_length=16, choices=Usefulness.choices)
    wants_next = models.CharField(
        _("would like next"), max_length=16, choices=Category.choices, blank=True
    )
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    # The call-back request itself (with the number) lives in the hotline's queue.
    contact_requested = models.BooleanField(_("asked to be contacted"), default=False)
    device_hash = models.CharField(_("device hash"), max_length=64, blank=True)
    nonce = models.CharField(_("client nonce"), max_length=64)
    partner_app = models.ForeignKey(
        PartnerApp,
        verbose_name=_("partner app"),
        related_name="course_feedback",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lecture feedback")
        verbose_name_plural = _("lecture feedback")
        ordering = ["lecture", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lecture", "nonce"], name="courses_feedback_nonce_once"
            ),
            models.UniqueConstraint(
                fields=["lecture", "device_hash"],
                condition=~Q(device_hash=""),
                name="courses_feedback_one_per_device",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="courses_feedback_rating_1_to_5"
            ),
            models.CheckConstraint(condition=~Q(nonce=""), name="courses_feedback_nonce_given"),
        ]

    def __str__(self) -> str:
        return f"{self.lecture_id} · {self.rating}"


class LectureRecord(models.Model):
    """The lecture record (巡讲登记表), filed once; attendance changes later only with a reason."""

    lecture = models.OneToOneField(
        Lecture, verbose_name=_("lecture"), related_name="record", on_delete=models.CASCADE
    )
    signed_in = models.PositiveIntegerField(_("signed in by QR code"))
    attendance = models.PositiveIntegerField(_("actual attendance"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    # A cadre lecture (干部讲座): given to union cadres, counted apart for the annual KPIs.
    for_cadres = models.BooleanField(_("given to union cadres"), default=False)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("lecture record")
        verbose_name_plural = _("lecture records")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="courses_record_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lecture_id} · {self.attendance}"


class AttendanceAdjustment(models.Model):
    """One change of a lecture's attendance away from what was there before, with its reason."""

    record = models.ForeignKey(
        LectureRecord,
        verbose_name=_("lecture record"),
        related_name="adjustments",
        on_delete=models.CASCADE,
    )
    previous = models.PositiveIntegerField(_("attendance before"))
    attendance = models.PositiveIntegerField(_("attendance after"))
    reason = models.CharField(_("reason"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance adjustment")
        verbose_name_plural = _("attendance adjustments")
        ordering = ["record", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="courses_adjustment_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.previous} → {self.attendance}"


class LecturePhoto(models.Model):
    record = models.ForeignKey(
        LectureRecord,
        verbose_name=_("lecture record"),
        related_name="photos",
        on_delete=models.CASCADE,
    )
    image = models.ImageField(_("photo"), upload_to="lectures/%Y/%m/")
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lecture photo")
        verbose_name_plural = _("lecture photos")
        ordering = ["record", "pk"]

    def __str__(self) -> str:
        return self.image.name or ""
