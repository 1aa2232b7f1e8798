"""Welfare: what weighs on a person, counted over the last 30 days.

Night shifts come from the roster. Crisis calls are `WelfareEvent` rows the call log
will write (through `hotline.services.welfare_event_record`) in the same transaction
as the call; until the call log exists nothing writes them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline.models.roster import Line


class WelfareEventKind(models.TextChoices):
    CRISIS_CALL = "crisis_call", _("crisis call")


class WelfareEvent(models.Model):
    line = models.ForeignKey(
        Line, verbose_name=_("line"), related_name="welfare_events", on_delete=models.CASCADE
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="hotline_welfare_events",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=24, choices=WelfareEventKind.choices)
    occurred_at = models.DateTimeField(_("when"))
    # What caused it (e.g. "call:1234"), so the feeding record is counted once.
    source = models.CharField(_("source"), max_length=64)

    class Meta:
        verbose_name = _("welfare event")
        verbose_name_plural = _("welfare events")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source", "person"], name="hotline_welfare_once_per_source"
            )
        ]
        indexes = [
            # The welfare table: a line's events of the last 30 days.
            models.Index(fields=["line", "occurred_at"], name="hotline_welfare_line_time"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.occurred_at:%Y-%m-%d}"
