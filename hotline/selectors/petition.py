"""Who sees the petition desk, and what.

The line's operators and supervisors see the visits and, on a visit's page, the
summaries of the cases heard: that read is audit-logged (`visit_read`). The yearly
figures (`petition_figures`) carry no narrative. Anyone else gets "not found".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.db.models import Count, Q, QuerySet, Sum

from accounts.models import User
from core.errors import NotFound
from hotline.models import (
    LegalAidOutcome,
    Line,
    PetitionHearing,
    PetitionReferral,
    PetitionVisit,
)
from hotline.selectors.lines import may_view
from network import audit
from network.access import Viewer


@dataclass(frozen=True)
class PetitionFigures:
    """The seed's shape: visits, cases heard, people counselled one to one."""

    year: int
    visits: int
    cases_heard: int
    people_counselled: int
    legal_aid_referrals: int
    wages_recovered: Decimal


def petition_figures(*, viewer: Viewer, line: Line, year: int) -> PetitionFigures:
    """The line's petition-desk figures of `year` (three queries, whatever the data)."""
    if not may_view(viewer, line):
        raise NotFound()
    visits = PetitionVisit.objects.filter(line=line, day__year=year).aggregate(
        n=Count("pk"), people=Sum("people_counselled")
    )
    heard = PetitionHearing.objects.filter(visit__line=line, visit__day__year=year).count()
    referrals = PetitionReferral.objects.filter(
        hearing__visit__line=line, hearing__visit__day__year=year
    ).aggregate(
        n=Count("pk"),
        wages=Sum("amount", filter=Q(outcome=LegalAidOutcome.WAGES_RECOVERED)),
    )
    return PetitionFigures(
        year=year,
        visits=visits["n"],
        cases_heard=heard,
        people_counselled=visits["people"] or 0,
        legal_aid_referrals=referrals["n"],
        wages_recovered=referrals["wages"] or Decimal(0),
    )


def visits_of_year(*, viewer: Viewer, line: Line, year: int) -> QuerySet[PetitionVisit]:
    """The line's visits of `year` with counts of cases heard (no summaries)."""
    if not may_view(viewer, line):
        raise NotFound()
    return (
        PetitionVisit.objects.filter(line=line, day__year=year)
        .select_related("counsellor")
        .annotate(heard=Count("hearings"))
    )


def visit_get(*, viewer: Viewer, line: Line, public_id: UUID | str) -> PetitionVisit:
    """The visit for a staff page (no summary read is recorded: see `visit_read`)."""
    visit = (
        PetitionVisit.objects.select_related("line__unit", "counsellor")
        .filter(public_id=public_id, line=line)
        .first()
    )
    if visit is None or not may_view(viewer, visit.line):
        raise NotFound()
    return visit


def visit_read(*, viewer: User, visit: PetitionVisit) -> list[PetitionHearing]:
    """The cases heard on the visit with their summaries; the read is audit-logged."""
    if not may_view(viewer, visit.line):
        raise NotFound()
    audit.record(
        actor=viewer,
        action="hotline.petition.viewed",
        target=visit,
        unit=visit.line.unit,
        details={"visit": str(visit.public_id)},
    )
    return list(
        PetitionHearing.objects.filter(visit=visit).select_related("referral").order_by("pk")
    )


def referral_of(visit: PetitionVisit, referral_id: int) -> PetitionReferral:
    referral = (
        PetitionReferral.objects.select_related("hearing__visit__line__unit")
        .filter(pk=referral_id, hearing__visit=visit)
        .first()
    )
    if referral is None:
        raise NotFound()
    return referral
