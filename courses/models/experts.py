"""The expert pool (专家库): lecturers built on the network's practitioner profiles.

Qualification, specialities, bio, photo and the public flag live on
`network.PractitionerProfile`; an `Expert` adds what the catalogue and, later,
lecture planning need: a stable code for spreadsheets, the pool (unit) it belongs
to, the districts the expert travels to and the days the expert cannot lecture.
Lectures (with their time ranges) arrive with the ordering rounds.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.models import OrgUnit, PractitionerProfile


class Expert(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    practitioner = models.OneToOneField(
        PractitionerProfile,
        verbose_name=_("practitioner profile"),
        related_name="expert",
        # Lectures will point at experts: a profile with an expert record is not deleted.
        on_delete=models.PROTECT,
    )
    code = models.CharField(
        _("expert code"),
        max_length=16,
        unique=True,
        help_text=_("Stable short code used in the catalogue spreadsheet, e.g. ZJ-001."),
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("expert pool of"),
        related_name="course_experts",
        on_delete=models.PROTECT,
        help_text=_("The unit whose expert pool this expert belongs to (usually the centre)."),
    )
    districts: models.ManyToManyField[OrgUnit, Any] = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("districts travelled to"),
        related_name="travelling_experts",
        through="ExpertDistrict",
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="courses_expert_code_not_empty"),
        ]

    def __str__(self) -> str:
        return self.practitioner.display_name

    @property
    def name(self) -> str:
        return self.practitioner.display_name


class ExpertDistrict(models.Model):
    """An expert travels to lecture in this district sub-centre's area."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), related_name="district_links", on_delete=models.CASCADE
    )
    district = models.ForeignKey(
        OrgUnit,
        verbose_name=_("district"),
        related_name="expert_links",
        on_delete=models.CASCADE,
    )

    class Meta:
        verbose_name = _("district travelled to")
        verbose_name_plural = _("districts travelled to")
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "district"], name="courses_expertdistrict_unique"
            )
        ]
        # Expert suggestions for an order: experts travelling to the order's district.
        indexes = [models.Index(fields=["district", "expert"], name="courses_expdistrict_district")]

    def __str__(self) -> str:
        return f"{self.expert} · {self.district}"


class BlockedDay(models.Model):
    """A day the expert gives no lecture (leave, other duties)."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), related_name="blocked_days", on_delete=models.CASCADE
    )
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("blocked day")
        verbose_name_plural = _("blocked days")
        ordering = ["date"]
        # The unique index also serves "is the expert free on this date".
        constraints = [
            models.UniqueConstraint(fields=["expert", "date"], name="courses_blockedday_one_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.expert} {self.date}"
