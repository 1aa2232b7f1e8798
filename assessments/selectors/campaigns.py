"""Which campaigns a viewer sees, joining one, and the questionnaire that comes next."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, DateField, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear, Least, TruncDate
from django.db.models.lookups import Exact, LessThanOrEqual
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from assessments.models import Campaign, Instrument, Submission
from assessments.services.campaigns import normalise_join_code
from core import clock
from core.errors import NotFound
from network import access
from network.access import Perm, Viewer
from network.models import OrgUnit

# --- which campaigns a viewer sees --------------------------------------------------------


def campaign_scope(viewer: Viewer) -> Q:
    """Campaigns of units where the viewer manages campaigns or reads assessment figures."""
    q = Q(pk__in=[])
    for perm in (Perm.MANAGE_CAMPAIGNS, Perm.VIEW_ASSESSMENT_FIGURES):
        if access.reach_prefixes(viewer, perm) is None:
            return Q()
        q |= access.scope_q(viewer, perm, field="unit__path")
    return q


def may_open_campaigns(viewer: Viewer) -> bool:
    return access.holds_anywhere(viewer, Perm.MANAGE_CAMPAIGNS) or access.holds_anywhere(
        viewer, Perm.VIEW_ASSESSMENT_FIGURES
    )


def campaigns_for(
    viewer: Viewer,
    *,
    completed: bool = False,
    within: uuid.UUID | None = None,
    year: int | None = None,
) -> QuerySet[Campaign]:
    """The campaigns the viewer may open, newest first, with their answer counts;
    optionally only the completed ones (last day reached), those of the subtree of unit
    `within`, and those whose last day falls in `year` (as the KPI facts date them)."""
    qs = (
        Campaign.objects.filter(campaign_scope(viewer))
        .select_related("unit")
        .prefetch_related("instruments")
        .annotate(answers=Count("submissions"))
        .order_by("-opens_on", "-pk")
    )
    if within is not None:
        path = OrgUnit.objects.filter(public_id=within).values_list("path", flat=True).first()
        qs = qs.filter(unit__path__startswith=path) if path else qs.none()
    # Campaign.last_day in SQL: the planned last day, or the (local) day it ended early.
    ended = TruncDate("ended_at", tzinfo=clock.network_tz())
    last = Least("closes_on", Coalesce(ended, "closes_on"), output_field=DateField())
    if completed:
        qs = qs.filter(LessThanOrEqual(last, clock.today()))
    if year is not None:
        qs = qs.filter(Exact(ExtractYear(last), year))
    return qs


def _with_code(code: str) -> QuerySet[Campaign]:
    # The one rule for a join code, wherever it comes from (a poster, a link, a partner
    # app): case, spaces and dashes do not matter (services.campaigns.normalise_join_code).
    return Campaign.objects.filter(code=normalise_join_code(code)).select_related("unit")


def campaign_for(viewer: Viewer, code: str) -> Campaign:
    """One campaign by join code, for the staff; NotFound when unknown or outside the reach.

    Staff keep seeing a campaign whose unit was deactivated (its report stays).
    """
    campaign = _with_code(code).filter(campaign_scope(viewer)).first()
    if campaign is None:
        raise NotFound()
    return campaign


def campaign_by_code(code: str, *, within: OrgUnit | None = None) -> Campaign | None:
    """The campaign behind a join code for workers (the portal and partner apps), or None.

    The same rule at every front door: the code as `_with_code` reads it, the unit
    still active, and, for a partner app limited to a unit, within that unit's subtree
    (`within`). Whether it is open today is the caller's question (`is_open_on`): a
    closed campaign is found, so the page can say it is closed. The questionnaires it
    offers now are prefetched as `offered_instruments`, by code.
    """
    campaigns = _with_code(code).filter(unit__is_active=True)
    if within is not None:
        campaigns = campaigns.filter(unit__path__startswith=within.path)
    return campaigns.prefetch_related(
        Prefetch(
            "instruments",
            queryset=Instrument.objects.filter(is_active=True).order_by("code"),
            to_attr="offered_instruments",
        )
    ).first()


def campaign_to_join(code: str) -> Campaign | None:
    """The campaign behind a join link, while workers may still answer it (or before it opens)."""
    campaign = campaign_by_code(code)
    if campaign is None or campaign.is_closed_on(clock.today()):
        return None
    return campaign


def take_url(instrument_code: str, campaign_code: str) -> str:
    """Where a worker answers one questionnaire of a campaign.

    The self-assessment pages name their URL "assessments:take"; until they
    exist the path they will have is used.
    """
    try:
        path = reverse("assessments:take", args=[instrument_code])
    except NoReverseMatch:
        path = f"/assessments/take/{instrument_code}/"
    return f"{path}?{urlencode({'campaign': campaign_code})}"


@dataclass(frozen=True)
class NextQuestionnaire:
    campaign: Campaign
    instrument: Instrument
    url: str


def next_questionnaire(submissions: Sequence[Submission]) -> NextQuestionnaire | None:
    """The campaign questionnaire that comes after the ones just answered, if any.

    A campaign with two questionnaires leads on from the first to the second, in the
    order of its join page (by code). Nothing records what an anonymous worker answered
    before, so the next one is simply the one after the last just answered; none once
    the campaign has closed.
    """
    campaign = submissions[0].campaign if submissions else None
    if campaign is None or not campaign.is_open_on(clock.today()):
        return None
    done = {s.instrument_version.instrument.code for s in submissions}
    ordered = sorted((i for i in campaign.instruments.all() if i.is_active), key=lambda i: i.code)
    last = max((n for n, i in enumerate(ordered) if i.code in done), default=-1)
    following = [i for i in ordered[last + 1 :] if i.code not in done]
    if not following:
        return None
    instrument = following[0]
    return NextQuestionnaire(campaign, instrument, take_url(instrument.code, campaign.code))


# --- the campaign report (检测报告) ---------------------------------------------------------
