"""Reads of cases, follow-ups, notes and referrals, with visibility decided here."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from appointments.models import FollowUp


def overdue_followups(*, viewer: Any) -> QuerySet[FollowUp]:
    """Open follow-ups past their due date that `viewer` may see (stub; cases helper)."""
    return FollowUp.objects.none()
