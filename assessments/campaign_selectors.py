"""Reading unit campaigns: who sees which, the aggregate report, figures across a subtree.

Everything shown over people passes through core.disclosure. Counts
are made by the database (values + Count); Python only folds a few dozen rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from assessments.campaigns import normalise_join_code
from assessments.models import Campaign, Instrument, InstrumentVersion, Submission
from assessments.scoring import Band, Text
from core import clock, disclosure
from core.disclosure import SafeDistribution, Unprotectable, percent
from core.errors import NotFound
from network import access
from network.access import Perm
from network.models import STEP_LEN, OrgUnit

# Recommended actions: thresholds on the campaign's own results.
MILD_SHARE_FOR_COURSES = Decimal(20)  # % of answers mild or above → courses
LOW_PARTICIPATION = Decimal(50)  # % of the workforce → remind and re-post


# --- which campaigns a viewer sees --------------------------------------------------------


def campaign_scope(viewer: Any) -> Q:
    """Campaigns of units where the viewer manages campaigns or reads assessment figures."""
    q = Q(pk__in=[])
    for perm in (Perm.MANAGE_CAMPAIGNS, Perm.VIEW_ASSESSMENT_FIGURES):
        if access.reach_prefixes(viewer, perm) is None:
            return Q()
        q |= access.scope_q(viewer, perm, field="unit__path")
    return q


def may_open_campaigns(viewer: Any) -> bool:
    return access.holds_anywhere(viewer, Perm.MANAGE_CAMPAIGNS) or access.holds_anywhere(
        viewer, Perm.VIEW_ASSESSMENT_FIGURES
    )


def campaigns_for(viewer: Any) -> QuerySet[Campaign]:
    """The campaigns the viewer may open, newest first, with their answer counts."""
    return (
        Campaign.objects.filter(campaign_scope(viewer))
        .select_related("unit")
        .prefetch_related("instruments")
        .annotate(answers=Count("submissions"))
        .order_by("-opens_on", "-pk")
    )


def campaign_for(viewer: Any, code: str) -> Campaign:
    """One campaign by join code; NotFound when unknown or outside the viewer's reach."""
    campaign = (
        Campaign.objects.filter(campaign_scope(viewer), code=normalise_join_code(code))
        .select_related("unit")
        .first()
    )
    if campaign is None:
        raise NotFound()
    return campaign


def campaign_to_join(code: str) -> Campaign | None:
    """The campaign behind a join link, while workers may still answer it (or before it opens)."""
    campaign = (
        Campaign.objects.filter(code=normalise_join_code(code), unit__is_active=True)
        .select_related("unit")
        .prefetch_related("instruments")
        .first()
    )
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


@dataclass(frozen=True)
class BandRow:
    code: str
    label: Text
    severity: int
    count: int | None
    share: Decimal | None
    district_share: Decimal | None
    city_share: Decimal | None


@dataclass(frozen=True)
class InstrumentSection:
    code: str
    short_name: str
    name: Text
    answers: int
    participation: Decimal | None
    withheld: bool
    bands: tuple[BandRow, ...]
    district_total: int | None
    city_total: int | None


@dataclass(frozen=True)
class CampaignReport:
    campaign: Campaign
    district: OrgUnit | None
    submissions: int
    withheld: bool
    in_progress: bool
    participation: Decimal | None
    sections: tuple[InstrumentSection, ...]
    risk: int | None
    actions: tuple[Any, ...]
    min_group_size: int
    made_on: date = field(default_factory=clock.today)


def _bands(
    definition_bands: Iterable[Band], seen: Iterable[tuple[str, int]]
) -> list[tuple[str, Text, int]]:
    """The current version's bands in order, then any band only older versions had."""
    bands = [(b.code, b.label, b.severity) for b in definition_bands]
    known = {code for code, _label, _severity in bands}
    for code, severity in sorted(set(seen)):
        if code not in known:
            bands.append((code, Text(code, code), severity))
            known.add(code)
    return bands


def _district(unit: OrgUnit) -> OrgUnit | None:
    path = unit.district_path
    if path is None:
        return None
    if path == unit.path:
        return unit
    return OrgUnit.objects.filter(path=path).first()


def campaign_report(campaign: Campaign) -> CampaignReport:
    """The unit's aggregate report: every figure protected by core.disclosure.

    A campaign still open, or with fewer than MIN_GROUP_SIZE answers, shows
    only its count; so does each questionnaire with fewer answers. The
    district and the city are compared over the campaign's dates, built from
    disjoint parts (this campaign, the rest of the district, the rest of the
    city) each protected on its own, so a comparison never reveals what the
    campaign's own table hides.
    """
    size = disclosure.min_group_size()
    unit = campaign.unit
    district = _district(unit)

    own_rows = list(
        Submission.objects.filter(campaign=campaign)
        .values("instrument_version_id", "band_code", "severity", "risk")
        .annotate(n=Count("pk"))
        .order_by()
    )
    version_ids = {row["instrument_version_id"] for row in own_rows}
    versions = list(
        InstrumentVersion.objects.filter(
            Q(pk__in=version_ids) | Q(instrument__campaigns=campaign, is_current=True)
        )
        .select_related("instrument")
        .distinct()
    )
    instrument_of = {v.pk: v.instrument for v in versions}
    current = {v.instrument_id: v for v in versions if v.is_current}
    campaign_instruments = {v.instrument_id for v in versions}

    own: dict[tuple[int, str], int] = defaultdict(int)
    severity_of: dict[tuple[int, str], int] = {}
    risk = 0
    for row in own_rows:
        instrument_id = instrument_of[row["instrument_version_id"]].pk
        own[(instrument_id, row["band_code"])] += row["n"]
        severity_of[(instrument_id, row["band_code"])] = row["severity"]
        risk += row["n"] if row["risk"] else 0
    total = sum(own.values())

    in_progress = not campaign.is_closed_on(clock.today())
    if total < size or in_progress:
        # Figures from a campaign still taking answers would change with each
        # new answer: yesterday's report minus today's gives away today's
        # answers. The report is made once, when the campaign has closed.
        return CampaignReport(
            campaign=campaign,
            district=district,
            submissions=total,
            withheld=total < size,
            in_progress=in_progress,
            participation=None,
            sections=(),
            risk=None,
            actions=(),
            min_group_size=size,
        )

    # The rest of the district and of the city over the campaign's dates (one query).
    not_this = Q(campaign__isnull=True) | ~Q(campaign=campaign)
    district_q = Q(unit_path__startswith=district.path) if district is not None else Q(pk__in=[])
    comparison_rows = (
        Submission.objects.filter(
            instrument_version__instrument_id__in=campaign_instruments,
            submitted_on__gte=campaign.opens_on,
            submitted_on__lte=campaign.last_day,
        )
        .filter(not_this)
        .values("instrument_version__instrument_id", "band_code", "severity")
        .annotate(city=Count("pk"), district=Count("pk", filter=district_q))
        .order_by()
    )
    district_rest: dict[tuple[int, str], int] = defaultdict(int)
    city_rest: dict[tuple[int, str], int] = defaultdict(int)
    for other in comparison_rows:
        key = (other["instrument_version__instrument_id"], other["band_code"])
        district_rest[key] += other["district"]
        city_rest[key] += other["city"]
        severity_of.setdefault(key, other["severity"])

    sections = []
    for instrument_id in sorted(
        campaign_instruments, key=lambda i: current[i].instrument.code if i in current else ""
    ):
        version = current.get(instrument_id)
        if version is None:  # retired without a current version: nothing to compare with
            continue
        instrument = version.instrument
        bands = _bands(
            version.parsed.bands,
            ((code, severity_of[(i, code)]) for (i, code) in severity_of if i == instrument_id),
        )
        counts = [own.get((instrument_id, code), 0) for code, _l, _s in bands]
        answers = sum(counts)
        mine = disclosure.safe_distribution(counts, min_size=size)
        district_part, city_part = _comparison_parts(
            mine,
            [district_rest.get((instrument_id, code), 0) for code, _l, _s in bands],
            [city_rest.get((instrument_id, code), 0) for code, _l, _s in bands],
            has_district=district is not None,
            size=size,
        )
        rows = tuple(
            BandRow(
                code=code,
                label=label,
                severity=severity,
                count=mine.counts[index],
                share=mine.shares[index],
                district_share=district_part.shares[index],
                city_share=city_part.shares[index],
            )
            for index, (code, label, severity) in enumerate(bands)
        )
        sections.append(
            InstrumentSection(
                code=instrument.code,
                short_name=instrument.short_name,
                name=Text(instrument.name, instrument.name_en),
                answers=answers,
                participation=percent(min(answers, campaign.workforce), campaign.workforce),
                withheld=mine.withheld,
                bands=rows if not mine.withheld else (),
                district_total=district_part.total,
                city_total=city_part.total,
            )
        )

    risk_figure = disclosure.safe_distribution([risk, total - risk], min_size=size).counts[0]
    best = max((s.answers for s in sections), default=0)
    participation = percent(min(best, campaign.workforce), campaign.workforce)
    mild = sum(row["n"] for row in own_rows if row["severity"] >= 1)
    moderate = sum(row["n"] for row in own_rows if row["severity"] >= 2)
    return CampaignReport(
        campaign=campaign,
        district=district,
        submissions=total,
        withheld=False,
        in_progress=False,
        participation=participation,
        sections=tuple(sections),
        risk=risk_figure,
        actions=recommended_actions(
            mild_share=percent(mild, total) or Decimal(0),
            moderate=moderate,
            risk=risk,
            participation=participation or Decimal(0),
        ),
        min_group_size=size,
    )


def _comparison_parts(
    mine: SafeDistribution,
    district_rest: list[int],
    city_rest: list[int],
    *,
    has_district: bool,
    size: int,
) -> tuple[SafeDistribution, SafeDistribution]:
    """District and city distributions, each a sum of separately protected disjoint parts."""
    width = len(mine.counts)
    nothing = SafeDistribution(counts=(None,) * width, total=None, withheld=True)
    if mine.withheld:
        return nothing, nothing
    outside = [c - d for c, d in zip(city_rest, district_rest, strict=True)]
    rest_of_district = disclosure.safe_distribution(
        district_rest, min_size=size, publish_total=False
    )
    if not has_district or rest_of_district.withheld:
        # The rest of the district is too small to show apart: the city is
        # compared as one part, the district not at all.
        rest_of_city = disclosure.safe_distribution(city_rest, min_size=size, publish_total=False)
        return nothing, disclosure.combined([mine, rest_of_city])
    rest_outside = disclosure.safe_distribution(outside, min_size=size, publish_total=False)
    district_figures = disclosure.combined([mine, rest_of_district])
    return district_figures, disclosure.combined([mine, rest_of_district, rest_outside])


def recommended_actions(
    *, mild_share: Decimal, moderate: int, risk: int, participation: Decimal
) -> tuple[Any, ...]:
    """What the unit can do next, drawn from its own (already protected) results."""
    actions: list[Any] = []
    if risk > 0:
        actions.append(
            _(
                "Some answers showed a risk: make sure every worker knows the 12351 hotline "
                "and the crisis call-back, and ask your district sub-centre for crisis "
                "intervention support."
            )
        )
    if moderate > 0:
        actions.append(
            _(
                "Arrange counselling days at the unit: a counsellor on site for one-to-one "
                "sessions (心灵之约), booked anonymously."
            )
        )
    if mild_share >= MILD_SHARE_FOR_COURSES:
        actions.append(
            _(
                "Order courses on stress adjustment and emotion management from the "
                "course catalogue (点单送课)."
            )
        )
    if participation < LOW_PARTICIPATION:
        actions.append(
            _(
                "Fewer than half of the workers took part: put the poster up again and "
                "remind everyone that answers are anonymous."
            )
        )
    actions.append(
        _(
            "Tell workers where the nearest heart station is, and repeat the assessment "
            "in six to twelve months."
        )
    )
    return tuple(actions)


# --- figures across a subtree ---------------------------------------------------------
#
# One publication per questionnaire and calendar year, the same for every viewer:
# a unit's figures are worked out top-down from the network root, so what the
# city's table hides about a district stays hidden in the district's own view
# (otherwise the city total minus the district's own headline would give away
# the district's sibling). Questionnaires and years cover disjoint answers, so
# their publications are independent; no total across them is shown.

BELOW, MILD = "below", "mild"


@dataclass(frozen=True)
class FigureRow:
    label: Any
    tested: int | None
    mild: int | None
    detail: Any = ""

    @property
    def mild_share(self) -> Decimal | None:
        return percent(self.mild, self.tested)


@dataclass(frozen=True)
class Figures:
    unit: OrgUnit
    instrument: Instrument | None
    year: int
    tested: int | None
    mild: int | None
    withheld: bool
    by_unit: tuple[FigureRow, ...]
    by_instrument: tuple[FigureRow, ...]
    min_group_size: int

    @property
    def mild_share(self) -> Decimal | None:
        return percent(self.mild, self.tested)


@dataclass(frozen=True)
class SubtreeView:
    """A unit's figures within one publication: its headline and one row per child (or itself)."""

    tested: int | None
    mild: int | None
    withheld: bool
    rows: tuple[tuple[str, int | None, int | None], ...]


def subtree_view(
    results: dict[str, tuple[int, int]], chain: list[str], *, size: int
) -> SubtreeView:
    """The view of the last unit of `chain` (tree paths from the network root down to it).

    `results` maps a unit path to (tested, mild or above) filed exactly there.
    Each unit's table is protected with its headline as decided by its parent's
    table: published (mild too), tested only, or withheld.
    """

    def grouped(prefix: str) -> dict[str, tuple[int, int]]:
        groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for path, (tested, mild) in results.items():
            if path.startswith(prefix):
                key = path[: len(prefix) + STEP_LEN]
                groups[key][0] += tested
                groups[key][1] += mild
        return {key: (t, m) for key, (t, m) in sorted(groups.items())}

    top = grouped(chain[0]).values()
    total, mild_total = sum(t for t, _m in top), sum(m for _t, m in top)
    tested: int | None = total
    mild: int | None = mild_total
    if 0 < total < size:
        tested = mild = None
    elif total:
        mild = disclosure.safe_distribution([total - mild_total, mild_total], min_size=size).counts[
            1
        ]

    for depth, node in enumerate(chain):
        groups = grouped(node)
        keys = list(groups)
        rows: list[tuple[str, int | None, int | None]]
        if tested is None:
            rows = [(k, None, None) for k in keys]
        else:
            rows = _view_rows(groups, keys, publish_mild=mild is not None, size=size)
        if depth == len(chain) - 1:
            return SubtreeView(tested=tested, mild=mild, withheld=tested is None, rows=tuple(rows))
        child = chain[depth + 1]
        tested, mild = next(((t, m) for k, t, m in rows if k == child), (0, 0))
    raise ValueError("empty chain")


def _view_rows(
    groups: dict[str, tuple[int, int]], keys: list[str], *, publish_mild: bool, size: int
) -> list[tuple[str, int | None, int | None]]:
    if publish_mild and keys:
        counts = {(k, BELOW): t - m for k, (t, m) in groups.items()}
        counts |= {(k, MILD): m for k, (t, m) in groups.items()}
        try:
            table = disclosure.safe_table(
                counts, keys, [BELOW, MILD], min_size=size, publish_margins=True
            )
        except Unprotectable:
            pass
        else:
            return [(k, table.row_totals[k], table.cell(k, MILD)) for k in keys]
    # How many were tested per row only: one distribution over the rows.
    tested = disclosure.safe_distribution([groups[k][0] for k in keys], min_size=size)
    return [(k, tested.counts[i], None) for i, k in enumerate(keys)]


def figure_roots(viewer: Any) -> list[OrgUnit]:
    """The units at the top of the viewer's reach for assessment figures."""
    prefixes = access.reach_prefixes(viewer, Perm.VIEW_ASSESSMENT_FIGURES)
    if prefixes is None:
        return list(OrgUnit.objects.filter(parent__isnull=True))
    return list(OrgUnit.objects.filter(path__in=prefixes).order_by("path"))


def subtree_figures(
    viewer: Any,
    *,
    unit: OrgUnit | None = None,
    instrument_code: str | None = None,
    year: int | None = None,
) -> Figures:
    """A unit's results in a calendar year: "606 tested, 226 mild or above".

    For one questionnaire (default: the first with results under the unit),
    with a row per child unit (and one for results filed at the unit itself),
    and each questionnaire's headline for the unit. Counts are answer sets
    filed under a unit: campaign answers, and self-assessments where the
    worker named a district. "Mild or above" is severity ≥ 1 on the
    questionnaire's bands. The unit defaults to the top of the viewer's reach;
    outside it is NotFound.
    """
    size = disclosure.min_group_size()
    if unit is None:
        roots = figure_roots(viewer)
        if not roots:
            raise NotFound()
        unit = roots[0]
    if not access.can(viewer, Perm.VIEW_ASSESSMENT_FIGURES, unit):
        raise NotFound()
    year = year or clock.today().year
    # Every result of the year filed under a unit, network-wide: the unit's
    # ancestors' tables decide what its own view may show.
    grouped = (
        Submission.objects.exclude(unit_path="")
        .filter(submitted_on__gte=date(year, 1, 1), submitted_on__lte=date(year, 12, 31))
        .values("unit_path", "instrument_version__instrument_id")
        .annotate(tested=Count("pk"), mild=Count("pk", filter=Q(severity__gte=1)))
        .order_by()
    )
    results: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in grouped:
        results[row["instrument_version__instrument_id"]][row["unit_path"]] = (
            row["tested"],
            row["mild"],
        )
    instruments = list(Instrument.objects.filter(pk__in=list(results)).order_by("code"))
    chain = [unit.path[:end] for end in range(STEP_LEN, len(unit.path) + 1, STEP_LEN)]
    views = {i.pk: subtree_view(results[i.pk], chain, size=size) for i in instruments}

    chosen = next((i for i in instruments if i.code == instrument_code), None)
    if chosen is None and instrument_code is None:
        chosen = next((i for i in instruments if views[i.pk].tested != 0), None)
    view = views[chosen.pk] if chosen is not None else SubtreeView(0, 0, False, ())
    names = {u.path: u.name for u in OrgUnit.objects.filter(path__in=[k for k, *_ in view.rows])}

    def label(path: str) -> Any:
        name = names.get(path, path)
        return _("%(name)s itself") % {"name": name} if path == unit.path else name

    return Figures(
        unit=unit,
        instrument=chosen,
        year=year,
        tested=view.tested,
        mild=view.mild,
        withheld=view.withheld,
        by_unit=tuple(FigureRow(label=label(k), tested=t, mild=m) for k, t, m in view.rows),
        by_instrument=tuple(
            FigureRow(
                label=i.short_name,
                detail=Text(i.name, i.name_en),
                tested=views[i.pk].tested,
                mild=views[i.pk].mild,
            )
            for i in instruments
        ),
        min_group_size=size,
    )
