"""Lectures (巡讲): one topic given by one expert at one unit's venue at a set time.

A lecture is what an approved order becomes once the centre has assigned an expert
(courses.services.orders); the centre may also schedule one directly. Sign-in, feedback
and the lecture record (巡讲登记表) hang off it (courses.models.attendance). An expert never
holds two overlapping lectures: the assignment service checks inside its transaction on
every backend, and on PostgreSQL an exclusion constraint over the expert's time range
guards it too (migration 0004).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from courses.models.experts import Expert
from courses.models.topics import Format, Topic
from network.models import OrgUnit


class LectureStatus(models.TextChoices):
    # Planned: time and venue known, no expert has accepted yet.
    PLANNED = "planned", _("planned")
    SCHEDULED = "scheduled", _("scheduled")
    # The lecture record has been filed; it counts for the KPIs from then on.
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


# States in which the lecture occupies its expert's time.
BUSY_STATUSES = (LectureStatus.SCHEDULED, LectureStatus.HELD)


class SignInIdentity(models.TextChoices):
    NAME = "name", _("name")
    EMPLOYEE_NUMBER = "employee_number", _("employee number")


class Lecture(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), related_name="lectures", on_delete=models.PROTECT
    )
    expert = models.ForeignKey(
        Expert,
        verbose_name=_("expert"),
        related_name="lectures",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("host unit"),
        related_name="lectures",
        on_delete=models.PROTECT,
        help_text=_("The grassroots union that hosts the lecture."),
    )
    format = models.CharField(
        _("format"), max_length=16, choices=Format.choices, default=Format.LECTURE
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue address"), max_length=200)
    capacity = models.PositiveIntegerField(_("venue capacity"))
    status = models.CharField(
        _("status"), max_length=16, choices=LectureStatus.choices, default=LectureStatus.PLANNED
    )
    sign_in_identity = models.CharField(
        _("attendees sign in with"),
        max_length=16,
        choices=SignInIdentity.choices,
        default=SignInIdentity.NAME,
    )
    sign_in_opens_minutes = models.PositiveSmallIntegerField(
        _("sign-in opens (minutes before the start)"), default=30
    )
    sign_in_closes_minutes = models.PositiveSmallIntegerField(
        _("sign-in closes (minutes after the end)"), default=30
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("lecture")
        verbose_name_plural = _("lectures")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="courses_lecture_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status__in=LectureStatus.values), name="courses_lecture_status_known"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0), name="courses_lecture_capacity_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=BUSY_STATUSES) | Q(expert__isnull=False),
                name="courses_lecture_busy_has_expert",
            ),
        ]
        indexes = [
            # An expert's calendar and the overlap check: lectures of one expert by time.
            models.Index(fields=["expert", "starts_at"], name="courses_lecture_expert_time"),
            # A unit's lectures, newest first.
            models.Index(fields=["unit", "starts_at"], name="courses_lecture_unit_time"),
        ]

    def __str__(self) -> str:
        return f"{self.topic.title} · {self.starts_at:%Y-%m-%d}"
