"""A worker's results: cards, crisis resources, the personal archive and its trends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from django.utils import timezone

from accounts.models import User
from assessments import scoring
from assessments.models import (
    ArchiveConsent,
    Report,
    Submission,
)
from assessments.presentation import charts
from core import clock, public_cache
from core.db.select import One, Reader
from core.i18n import content_language
from network import selectors as network_selectors
from network.access import Viewer
from network.models import Level, OrgUnit, StationProfile


def has_archive_consent(user: Viewer) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and ArchiveConsent.objects.filter(user=user).exists()
    )


# --- a result -------------------------------------------------------------------------


# Every result page reads its submissions and their reports in the page's language with
# this: one SELECT, written once (core.db.select). The page shows a report's status, never
# its PDF.
_RESULT_SUBMISSIONS = Reader(
    Submission,
    "instrument_version__instrument",
    "unit",
    "campaign",
    one=One(Report, "submission", match=("language",), defer=("pdf",)),
)


@dataclass(frozen=True)
class ResultRows:
    """The submissions a result page asked for, and their reports in its language."""

    submissions: list[Submission]
    reports: dict[int, Report]  # by submission pk


def submissions_by_public_id(public_ids: Sequence[UUID], *, language: str) -> ResultRows:
    """Unexpired submissions with these ids, in the order given (missing ones left out), with
    their version, instrument, unit and campaign, and their reports in `language`."""
    found = {}
    reports = {}
    for submission, report in _RESULT_SUBMISSIONS.filter_with_one(
        {"language": content_language(language)},
        public_id__in=list(public_ids),
        expires_on__gt=clock.today(),
    ):
        found[submission.public_id] = submission
        if report is not None:
            reports[submission.pk] = report
    return ResultRows([found[pid] for pid in public_ids if pid in found], reports)


@dataclass(frozen=True)
class ResultCard:
    """One submission as the result page shows it."""

    submission: Submission
    definition: scoring.Definition
    band: scoring.Band
    reasons: list[str]
    report: Report | None
    subscales: list[tuple[str, str]] = field(default_factory=list)

    @property
    def top_severity(self) -> int:
        return max(b.severity for b in self.definition.bands)


def result_cards(rows: ResultRows) -> list[ResultCard]:
    """Score, band, reasons and report of each submission (the report as `rows` read it)."""
    submissions, reports = rows.submissions, rows.reports
    cards = []
    for submission in submissions:
        definition = submission.instrument_version.parsed
        rules = {rule.code: rule for rule in definition.risk_rules}
        cards.append(
            ResultCard(
                submission=submission,
                definition=definition,
                band=definition.band(submission.band_code),
                reasons=[
                    rules[code].reason.get() for code in submission.risk_reasons if code in rules
                ],
                report=reports.get(submission.pk),
                subscales=[
                    (s.name.get(), submission.subscales[s.code])
                    for s in definition.subscales
                    if s.code in submission.subscales
                ],
            )
        )
    return cards


def submission_district(submission: Submission) -> OrgUnit | None:
    """The district sub-centre the submission's unit lies in (None without one)."""
    unit = submission.unit
    if unit is None or unit.district_path is None:
        return None
    if unit.level == Level.DISTRICT:
        return unit
    return OrgUnit.objects.filter(
        path=unit.district_path, level=Level.DISTRICT, is_active=True
    ).first()


@dataclass(frozen=True)
class CrisisResources:
    """What the crisis panel lists besides the phone numbers."""

    district: OrgUnit | None
    stations: list[StationProfile]


CRISIS_STATIONS = 3


def crisis_resources(submission: Submission, *, now: datetime | None = None) -> CrisisResources:
    """The nearest stations open now: from the submission's district when it has one.

    Without a district (or one with no stations), stations open now anywhere in
    the network, 24-hour stations first. "Open now" is decided by the database
    and only CRISIS_STATIONS are loaded: one search, however large the network,
    and for each district and minute once (core.public_cache: stations are public,
    and nothing of the submission but its district is in the key).
    """
    district = submission_district(submission)
    return CrisisResources(district=district, stations=crisis_stations(district, now=now))


def crisis_stations(
    district: OrgUnit | None, *, now: datetime | None = None
) -> list[StationProfile]:
    """The CRISIS_STATIONS stations open now nearest `district`'s centre (see above)."""
    now = now or timezone.now()
    # In this process (no unpickling of the stations per crisis result), under the same
    # data version and minute as a shared entry.
    return public_cache.cached_in_process(
        "assessments.crisis_stations",
        (district.pk if district is not None else None, int(now.timestamp() // 60)),
        lambda: _crisis_stations(district, now),
        namespaces=(public_cache.STATIONS,),
    )


def _crisis_stations(district: OrgUnit | None, now: datetime) -> list[StationProfile]:
    centre = network_selectors.district_centre(district) if district is not None else None
    if centre is not None:
        return network_selectors.search_stations(
            network_selectors.StationFilters(near=centre, open_now=True),
            now=now,
            limit=CRISIS_STATIONS,
        )
    return network_selectors.search_stations(
        network_selectors.StationFilters(open_now=True),
        now=now,
        limit=CRISIS_STATIONS,
        first=("-open_24h",),
    )


# --- the personal archive -------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveRow:
    submission: Submission
    band_label: str
    risk: bool


@dataclass(frozen=True)
class ArchiveSeries:
    """One instrument's archived results, oldest first, and their trend chart."""

    code: str
    name: str
    rows: list[ArchiveRow]
    chart: charts.TrendChart


def archive_series(user: User) -> list[ArchiveSeries]:
    """The user's archived results per instrument, each with its chart: one query."""
    submissions = list(
        Submission.objects.filter(archive_entry__consent__user=user)
        .select_related("instrument_version__instrument")
        .order_by("submitted_on", "id")
    )
    parsed: dict[int, scoring.Definition] = {}
    grouped: dict[str, list[Submission]] = {}
    for submission in submissions:
        version = submission.instrument_version
        if version.pk not in parsed:
            parsed[version.pk] = version.parsed
        grouped.setdefault(version.instrument.code, []).append(submission)
    series = []
    for code in sorted(grouped):
        items = grouped[code]
        latest = parsed[items[-1].instrument_version_id]
        rows = [
            ArchiveRow(
                submission=s,
                band_label=_band_label(parsed[s.instrument_version_id], s.band_code),
                risk=s.risk,
            )
            for s in items
        ]
        chart = charts.trend_chart(
            [
                charts.Sample(
                    day=r.submission.submitted_on, value=r.submission.total, label=r.band_label
                )
                for r in rows
            ],
            bands=[
                charts.Zone(
                    low=Decimal(b.min),
                    high=Decimal(b.max),
                    label=b.label.get(),
                    severity=b.severity,
                )
                for b in latest.bands
            ],
            low=Decimal(latest.scoring.min_total),
            high=Decimal(latest.scoring.max_total),
            step=latest.scoring.step,
        )
        series.append(ArchiveSeries(code=code, name=latest.name.get(), rows=rows, chart=chart))
    return series


def archive_count(user: User) -> int:
    return Submission.objects.filter(archive_entry__consent__user=user).count()


def _band_label(definition: scoring.Definition, code: str) -> str:
    try:
        return definition.band(code).label.get()
    except KeyError:
        return code


# --- staff: call-back requests --------------------------------------------------------
