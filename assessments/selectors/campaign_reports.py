"""A unit campaign's aggregate report, with the district and the city beside it.

Everything shown over people passes through core.disclosure. Counts
are made by the database (values + Count); Python only folds a few dozen rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Campaign, InstrumentVersion, Submission
from assessments.scoring import Band, Text
from core import clock, disclosure
from core.disclosure import SafeDistribution, percent
from network.models import OrgUnit

# Recommended actions: thresholds on the campaign's own results.
MILD_SHARE_FOR_COURSES = Decimal(20)  # % of answers mild or above → courses
LOW_PARTICIPATION = Decimal(50)  # % of the workforce → remind and re-post


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


@dataclass
class _Tally:
    """A campaign's own answers, counted per instrument and band (one query)."""

    rows: Sequence[Mapping[str, Any]]
    versions: dict[int, InstrumentVersion]  # current version per instrument id
    instruments: set[int]  # every instrument answered or offered
    own: dict[tuple[int, str], int]
    severity_of: dict[tuple[int, str], int]
    risk: int
    total: int


def _tally(campaign: Campaign) -> _Tally:
    rows = list(
        Submission.objects.filter(campaign=campaign)
        .values("instrument_version_id", "band_code", "severity", "risk")
        .annotate(n=Count("pk"))
        .order_by()
    )
    version_ids = {row["instrument_version_id"] for row in rows}
    versions = list(
        InstrumentVersion.objects.filter(
            Q(pk__in=version_ids) | Q(instrument__campaigns=campaign, is_current=True)
        )
        .select_related("instrument")
        .distinct()
    )
    instrument_of = {v.pk: v.instrument for v in versions}
    own: dict[tuple[int, str], int] = defaultdict(int)
    severity_of: dict[tuple[int, str], int] = {}
    risk = 0
    for row in rows:
        instrument_id = instrument_of[row["instrument_version_id"]].pk
        own[(instrument_id, row["band_code"])] += row["n"]
        severity_of[(instrument_id, row["band_code"])] = row["severity"]
        risk += row["n"] if row["risk"] else 0
    return _Tally(
        rows=rows,
        versions={v.instrument_id: v for v in versions if v.is_current},
        instruments={v.instrument_id for v in versions},
        own=own,
        severity_of=severity_of,
        risk=risk,
        total=sum(own.values()),
    )


def _comparison_counts(
    campaign: Campaign, district: OrgUnit | None, tally: _Tally
) -> tuple[dict[tuple[int, str], int], dict[tuple[int, str], int]]:
    """The rest of the district and of the city over the campaign's dates (one query)."""
    not_this = Q(campaign__isnull=True) | ~Q(campaign=campaign)
    district_q = Q(unit_path__startswith=district.path) if district is not None else Q(pk__in=[])
    comparison_rows = (
        Submission.objects.filter(
            instrument_version__instrument_id__in=tally.instruments,
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
        tally.severity_of.setdefault(key, other["severity"])
    return district_rest, city_rest


def _section(
    version: InstrumentVersion,
    tally: _Tally,
    rest: tuple[dict[tuple[int, str], int], dict[tuple[int, str], int]],
    *,
    campaign: Campaign,
    has_district: bool,
    size: int,
) -> InstrumentSection:
    """One questionnaire's table: the campaign's bands beside the district's and the city's."""
    instrument = version.instrument
    instrument_id = instrument.pk
    district_rest, city_rest = rest
    bands = _bands(
        version.parsed.bands,
        (
            (code, tally.severity_of[(i, code)])
            for (i, code) in tally.severity_of
            if i == instrument_id
        ),
    )
    counts = [tally.own.get((instrument_id, code), 0) for code, _l, _s in bands]
    answers = sum(counts)
    mine = disclosure.safe_distribution(counts, min_size=size)
    district_part, city_part = _comparison_parts(
        mine,
        [district_rest.get((instrument_id, code), 0) for code, _l, _s in bands],
        [city_rest.get((instrument_id, code), 0) for code, _l, _s in bands],
        has_district=has_district,
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
    return InstrumentSection(
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


def campaign_report(campaign: Campaign) -> CampaignReport:
    """The unit's aggregate report: every figure protected by core.disclosure.

    A campaign still open, or with fewer than MIN_GROUP_SIZE answers, shows
    only its count; so does each questionnaire with fewer answers. The
    district and the city are compared over the campaign's dates, built from
    disjoint parts (this campaign, the rest of the district, the rest of the
    city) each protected on its own, so a comparison never reveals what the
    campaign's own table hides. The campaign is one its caller may see
    (selectors.campaign_for).
    """
    size = disclosure.min_group_size()
    district = _district(campaign.unit)
    tally = _tally(campaign)
    total = tally.total
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
    rest = _comparison_counts(campaign, district, tally)
    current = tally.versions
    ordered = sorted(
        tally.instruments, key=lambda i: current[i].instrument.code if i in current else ""
    )
    sections = [
        _section(
            current[i], tally, rest, campaign=campaign, has_district=district is not None, size=size
        )
        for i in ordered
        if i in current  # retired without a current version: nothing to compare with
    ]
    risk_figure = disclosure.safe_distribution([tally.risk, total - tally.risk], min_size=size)
    best = max((s.answers for s in sections), default=0)
    participation = percent(min(best, campaign.workforce), campaign.workforce)
    mild = sum(row["n"] for row in tally.rows if row["severity"] >= 1)
    moderate = sum(row["n"] for row in tally.rows if row["severity"] >= 2)
    return CampaignReport(
        campaign=campaign,
        district=district,
        submissions=total,
        withheld=False,
        in_progress=False,
        participation=participation,
        sections=tuple(sections),
        risk=risk_figure.counts[0],
        actions=recommended_actions(
            mild_share=percent(mild, total) or Decimal(0),
            moderate=moderate,
            risk=tally.risk,
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
