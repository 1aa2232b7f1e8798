"""Manual indicators: a figure entered by a unit's staff for one month."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models import OrgUnit


class ManualEntry(models.Model):
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="kpi_manual_entries", verbose_name=_("unit")
    )
    code = models.CharField(_("indicator"), max_length=64)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("manual figure")
        verbose_name_plural = _("manual figures")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code", "year", "month"], name="kpis_manual_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="kpis_manual_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.code} {self.year}-{self.month:02d}: {self.value}"
