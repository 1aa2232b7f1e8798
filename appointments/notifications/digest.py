"""The morning digest of overdue follow-ups, to each counsellor and station lead."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from accounts.models import User
from appointments.models.cases import (
    CaseStatus,
    FollowUp,
)
from appointments.services.cases import cases_sweep_next_steps
from core import clock, outbox
from network.models import STEP_LEN, Membership, Role


def _digest_body(*, lead: str, dues: list[date], link: str) -> str:
    per_day: dict[date, int] = defaultdict(int)
    for due in dues:
        per_day[due] += 1
    lines = [lead, "", gettext("Due dates:")]
    lines += [
        ngettext("%(date)s: %(count)d follow-up", "%(date)s: %(count)d follow-ups", count)
        % {"date": day.isoformat(), "count": count}
        for day, count in sorted(per_day.items())
    ]
    lines += [
        "",
        gettext("See the list on the staff site: %(link)s") % {"link": link},
        gettext("This mail names no worker; details are on the staff site only."),
    ]
    return "\n".join(lines)


def _overdue(day: date) -> list[FollowUp]:
    return list(
        FollowUp.objects.filter(done_at__isnull=True, due_on__lt=day)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case__station", "assigned_to")
    )


def _lead_units(overdue: list[FollowUp]) -> dict[Any, set[str]]:
    """Station leads: unit administrators of a unit on the path of an overdue case's station."""
    paths = {f.case.station.path for f in overdue}
    ancestors = {path[:end] for path in paths for end in range(STEP_LEN, len(path) + 1, STEP_LEN)}
    lead_units: dict[Any, set[str]] = defaultdict(set)
    for membership in (
        Membership.objects.filter(
            role=Role.UNIT_ADMIN,
            unit__path__in=ancestors,
            unit__is_active=True,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user", "unit")
    ):
        lead_units[membership.user].add(membership.unit.path)
    return lead_units


def _mail_counsellor(*, followups: list[FollowUp], link: str, day: date) -> bool:
    user = followups[0].assigned_to
    if not user.is_active or not user.email:
        return False
    count = len(followups)
    subject = ngettext("%(count)d overdue follow-up", "%(count)d overdue follow-ups", count) % {
        "count": count
    }
    lead = ngettext(
        "You have %(count)d follow-up past its due date.",
        "You have %(count)d follow-ups past their due date.",
        count,
    ) % {"count": count}
    body = _digest_body(lead=lead, dues=[f.due_on for f in followups], link=link)
    outbox.enqueue_email(
        to=[user.email],
        subject=subject,
        body=body,
        purpose="appointments.followup_digest",
        dedupe_key=f"appointments.followup_digest.{day}.counsellor.{user.pk}",
    )
    return True


def _mail_lead(*, user: User, dues: list[date], link: str, day: date) -> None:
    count = len(dues)
    subject = ngettext(
        "%(count)d overdue follow-up at your stations",
        "%(count)d overdue follow-ups at your stations",
        count,
    ) % {"count": count}
    lead = ngettext(
        "%(count)d follow-up at the stations you lead is past its due date.",
        "%(count)d follow-ups at the stations you lead are past their due date.",
        count,
    ) % {"count": count}
    outbox.enqueue_email(
        to=[user.email],
        subject=subject,
        body=_digest_body(lead=lead, dues=dues, link=link),
        purpose="appointments.followup_digest",
        dedupe_key=f"appointments.followup_digest.{day}.lead.{user.pk}",
    )


def followups_digest_send() -> int:
    """Mail each counsellor and station lead their overdue follow-ups; return the mails sent.

    Run every morning (beat). First every open case that lost its next step
    gets one. A counsellor hears about the follow-ups assigned to them; a unit
    administrator (station lead) about those at stations in their subtree. The
    mails hold counts, due dates and a link only: no worker, no narrative, no
    phone number. The mails are outbox rows, one per person and day: a rerun
    the same day (a redelivered beat task) sends nothing twice.
    """
    cases_sweep_next_steps()
    day = clock.today()
    overdue = _overdue(day)
    if not overdue:
        return 0
    by_counsellor: dict[int, list[FollowUp]] = defaultdict(list)
    for followup in overdue:
        by_counsellor[followup.assigned_to_id].append(followup)
    lead_units = _lead_units(overdue)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.SITE_URL + reverse("staff:appointments:overdue_followups")
        for followups in by_counsellor.values():
            sent += _mail_counsellor(followups=followups, link=link, day=day)
        for user, prefixes in lead_units.items():
            dues = [
                f.due_on
                for f in overdue
                if any(f.case.station.path.startswith(p) for p in prefixes)
            ]
            _mail_lead(user=user, dues=dues, link=link, day=day)
            sent += 1
    return sent
