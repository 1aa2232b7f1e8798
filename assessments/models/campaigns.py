"""Unit assessment campaigns (单位测评服务)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models.instruments import Instrument
from core import clock


class Campaign(models.Model):
    """A unit assessment (单位测评服务): the campaign only tags anonymous submissions."""

    code = models.CharField(_("join code"), max_length=16, unique=True, editable=False)
    unit = models.ForeignKey(
        "network.OrgUnit",
        verbose_name=_("unit"),
        related_name="assessment_campaigns",
        on_delete=models.PROTECT,
    )
    name = models.CharField(_("name"), max_length=160)
    instruments = models.ManyToManyField(
        Instrument, verbose_name=_("instruments"), related_name="campaigns"
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # Ending early keeps the planned dates (the report shows the true period) and
    # records when answering stopped.
    ended_at = models.DateTimeField(_("ended early at"), null=True, blank=True)
    workforce = models.PositiveIntegerField(_("number of workers invited"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit assessment campaign")
        verbose_name_plural = _("unit assessment campaigns")
        ordering = ["-opens_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="assessments_campaign_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(workforce__gte=1), name="assessments_campaign_workforce_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ended_on(self) -> date | None:
        """The day the campaign was ended early (network time), or None."""
        return clock.local_date(self.ended_at) if self.ended_at is not None else None

    @property
    def last_day(self) -> date:
        """The last day answers could come in: the planned last day, or the day it ended."""
        ended = self.ended_on
        return self.closes_on if ended is None else min(self.closes_on, ended)

    def is_closed_on(self, day: date) -> bool:
        """No more answers: ended early, or past its last day."""
        return self.ended_at is not None or day > self.closes_on

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day and not self.is_closed_on(day)
