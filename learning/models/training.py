"""Backbone-staff training: programmes, their sessions and the people enrolled.

A programme (e.g. a five-session cadre course) belongs to a unit and may link an exam.
Each session is a lecture of the courses app (attendance comes from its QR sign-in) or
an online item given by title and link (self-study; it does not count as attended).
An enrolment ties a person to a programme and to the unit they belong to (the register
and the KPIs count them there); it also says how the person signs in at the lectures
(name or employee number, and unit as written), which is how attendance is matched.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from learning.models.exams import Exam
from network.models import OrgUnit


class Programme(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("owning unit"),
        related_name="training_programmes",
        on_delete=models.PROTECT,
        help_text=_("People of this unit's subtree may be enrolled."),
    )
    exam = models.ForeignKey(
        Exam,
        verbose_name=_("final exam"),
        related_name="programmes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    refresher_exam = models.ForeignKey(
        Exam,
        verbose_name=_("refresher exam"),
        related_name="refresher_programmes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Offered before a certificate expires; passing it renews the certificate."),
    )
    required_sessions = models.PositiveSmallIntegerField(_("lecture sessions to attend"), default=1)
    self_enrolment = models.BooleanField(_("workers may enrol themselves"), default=False)
    validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"), default=36, validators=[MinValueValidator(1)]
    )
    refresher_days = models.PositiveSmallIntegerField(
        _("refresher offered (days before expiry)"), default=60
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["-created_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(validity_months__gte=1), name="learning_programme_validity_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def attendance_unreachable(self) -> bool:
        """More sessions required than can be counted (uses the prefetched sessions)."""
        return self.required_sessions > sum(1 for s in self.sessions.all() if s.is_counted)


class Session(models.Model):
    """One session of a programme: a lecture (signed in by QR) or an online item."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), related_name="sessions", on_delete=models.CASCADE
    )
    position = models.PositiveSmallIntegerField(_("position"))
    lecture = models.ForeignKey(
        "courses.Lecture",
        verbose_name=_("lecture"),
        related_name="training_sessions",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    # An online session is an item of the library (attended when the trainee marks it
    # complete there) or, for material kept elsewhere, a title and an https link (not
    # counted: nothing records who read it).
    item = models.ForeignKey(
        "learning.LibraryItem",
        verbose_name=_("library item"),
        related_name="training_sessions",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Counts as attended once the trainee marks the item complete."),
    )
    online_title = models.CharField(_("online item title"), max_length=120, blank=True)
    online_url = models.URLField(_("online item link"), blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "position"], name="learning_session_unique_position"
            ),
            models.UniqueConstraint(
                fields=["programme", "lecture"],
                condition=Q(lecture__isnull=False),
                name="learning_session_lecture_once",
            ),
            # A lecture, a library item or an outside link: exactly one of them.
            models.CheckConstraint(
                condition=(Q(lecture__isnull=False) & Q(item__isnull=True) & Q(online_url=""))
                | (Q(lecture__isnull=True) & Q(item__isnull=False) & Q(online_url=""))
                | (Q(lecture__isnull=True) & Q(item__isnull=True) & ~Q(online_url="")),
                name="learning_session_lecture_or_online",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} #{self.position}"

    @property
    def is_lecture(self) -> bool:
        return self.lecture_id is not None

    @property
    def is_counted(self) -> bool:
        """Attendance is recorded: a lecture's sign-in or a library item's completion."""
        return self.lecture_id is not None or self.item_id is not None


class Enrolment(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        related_name="enrolments",
        on_delete=models.PROTECT,
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="training_enrolments",
        on_delete=models.PROTECT,
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        related_name="training_enrolments",
        on_delete=models.PROTECT,
        help_text=_("The unit the person belongs to; the register counts them here."),
    )
    sign_in_name = models.CharField(_("name on the sign-in sheet"), max_length=40)
    employee_number = models.CharField(_("employee number"), max_length=40, blank=True)
    sign_in_unit_name = models.CharField(_("unit on the sign-in sheet"), max_length=80)
    self_enrolled = models.BooleanField(_("enrolled themselves"), default=False)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["programme", "sign_in_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"], name="learning_enrolment_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sign_in_name} · {self.programme}"
