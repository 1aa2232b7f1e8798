"""Expected progress for a date (linear or a monthly profile) and a figure's status."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    MET = "met", _("met")
    ON_TRACK = "on_track", _("on track")
    BEHIND = "behind", _("behind schedule")
    BELOW = "below", _("below target")


def expected_fraction(year: int, day: date, weights: Sequence[float] | None = None) -> Decimal:
    """Share of the year's target expected done by the end of `day` (0 before, 1 after).

    Linear over the days of the year, or, with 12 monthly `weights`, each month's weight
    spread evenly over its days.
    """
    if day.year < year:
        return Decimal(0)
    if day.year > year:
        return Decimal(1)
    if weights is None:
        days = 366 if calendar.isleap(year) else 365
        return Decimal(day.timetuple().tm_yday) / Decimal(days)
    total = Decimal(sum(Decimal(str(w)) for w in weights))
    if total == 0:
        return Decimal(1)
    done = sum((Decimal(str(w)) for w in weights[: day.month - 1]), Decimal(0))
    month_days = calendar.monthrange(year, day.month)[1]
    done += Decimal(str(weights[day.month - 1])) * Decimal(day.day) / Decimal(month_days)
    return done / total


def status(actual: Decimal, target: Decimal, expected: Decimal) -> Status:
    """Met (target reached), on track (at or above the expected share), behind schedule
    (below it while the year runs), below target (the year is over, target missed)."""
    if actual >= target:
        return Status.MET
    if expected >= 1:
        return Status.BELOW
    if actual >= target * expected:
        return Status.ON_TRACK
    return Status.BEHIND
