"""Annual plans: a target per unit, year and indicator, versioned with a reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models import OrgUnit


class Plan(models.Model):
    """The current target; every change is kept as a PlanVersion."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="kpi_plans", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("indicator"), max_length=64)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    allow_over_allocation = models.BooleanField(
        _("children may be allocated more than this target"), default=False
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "code"], name="kpis_plan_one_per_unit_year_code"
            ),
            models.CheckConstraint(
                condition=models.Q(target__gte=0), name="kpis_plan_target_not_negative"
            ),
        ]
        indexes = [
            # The allocation rule and the plans page: a year's plans of one indicator.
            models.Index(fields=["year", "code"], name="kpis_plan_year_code"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.code}: {self.target}"


class PlanVersion(models.Model):
    """One state of a plan, written by every change (the first one too)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan")
    )
    version = models.PositiveIntegerField(_("version"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    allow_over_allocation = models.BooleanField(_("over-allocation allowed"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="kpis_planversion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.version}: {self.target}"


class MonthlyProfile(models.Model):
    """How an indicator's year is expected to go: 12 relative weights (Jan..Dec)."""

    code = models.CharField(_("indicator"), max_length=64)
    year = models.PositiveSmallIntegerField(_("year"))
    weights = models.JSONField(_("monthly weights"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("monthly profile")
        verbose_name_plural = _("monthly profiles")
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="kpis_profile_one_per_code_year"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.year}"
