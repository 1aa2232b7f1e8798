"""The fact table the figures are read from, and the flattened ancestors of the tree."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models import OrgUnit


class Fact(models.Model):
    """One count recorded by a domain service (core.facts), for a unit and a day.

    `source_*` names the record it comes from, so the record's facts can be retracted;
    `breakdown` is empty for the indicator's total, or a key (a key group) within it.
    """

    indicator = models.CharField(_("indicator"), max_length=64)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="kpi_facts", verbose_name=_("unit")
    )
    date = models.DateField(_("date"))
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    value = models.IntegerField(_("value"))
    breakdown = models.CharField(_("breakdown"), max_length=32, blank=True, default="")
    source_app = models.CharField(_("source app"), max_length=32)
    source_model = models.CharField(_("source model"), max_length=64)
    source_pk = models.BigIntegerField(_("source record"))

    class Meta:
        verbose_name = _("KPI fact")
        verbose_name_plural = _("KPI facts")
        indexes = [
            # One indicator across units of a year (drill-down, children's figures).
            models.Index(fields=["indicator", "year", "unit"], name="kpis_fact_ind_year_unit"),
            # figures(): a year's facts of a subtree's units, grouped by indicator.
            models.Index(fields=["year", "unit", "indicator"], name="kpis_fact_year_unit_ind"),
            # figures(): the current month's facts (the months before come from FactRollup).
            models.Index(fields=["year", "month", "unit"], name="kpis_fact_year_month_unit"),
            # core.facts.retract: the facts of one record.
            models.Index(
                fields=["source_app", "source_model", "source_pk"], name="kpis_fact_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.unit_id} {self.date}: {self.value}"


class UnitAncestor(models.Model):
    """`ancestor` is `unit` itself (depth 0) or one of its ancestors (depth = levels up).

    Kept current when the tree changes (network.signals.tree_changed) and rebuilt by
    `manage.py kpis_rebuild`, so a roll-up to any unit is one indexed join.
    """

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="kpi_ancestor_rows", verbose_name=_("unit")
    )
    ancestor = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        related_name="kpi_descendant_rows",
        verbose_name=_("ancestor"),
    )
    depth = models.PositiveSmallIntegerField(_("levels up"))

    class Meta:
        verbose_name = _("unit ancestor")
        verbose_name_plural = _("unit ancestors")
        constraints = [
            models.UniqueConstraint(fields=["ancestor", "unit"], name="kpis_unitancestor_unique"),
        ]
        indexes = [
            # Rewriting the rows of a moved subtree.
            models.Index(fields=["unit"], name="kpis_unitancestor_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} ← {self.ancestor_id} ({self.depth})"


class FactRollup(models.Model):
    """The facts of a unit's whole subtree summed by month, for closed months only.

    A month's rows are written once when the month is closed (kpis.services.rollup,
    `RollupMonth`), then kept current by the rare writes into a closed month (a late
    record, a correction), moved with a subtree when the tree changes, rebuilt by
    `manage.py kpis_rebuild`. A unit's year is at most 12 months × indicators ×
    breakdown keys rows, whatever the tree. Rows of a month not closed mean nothing.
    """

    ancestor = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="kpi_rollups", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    indicator = models.CharField(_("indicator"), max_length=64)
    breakdown = models.CharField(_("breakdown"), max_length=32, blank=True, default="")
    value = models.BigIntegerField(_("value"))

    class Meta:
        verbose_name = _("KPI roll-up")
        verbose_name_plural = _("KPI roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["ancestor", "year", "month", "indicator", "breakdown"],
                name="kpis_factrollup_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ancestor_id} {self.year}-{self.month} {self.indicator}: {self.value}"


class RollupMonth(models.Model):
    """A month whose facts are summed in FactRollup (closed an hour after it ended).

    Before a month is closed its figures are read from the facts themselves, so the
    writers of the current month insert facts and touch no shared roll-up row.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    closed_at = models.DateTimeField(_("closed at"))

    class Meta:
        verbose_name = _("closed KPI month")
        verbose_name_plural = _("closed KPI months")
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="kpis_rollupmonth_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"
