"""Reads of the assessments app for the portal and the staff pages.

Portal: what is offered (instruments and the check-up bundle), a result with
its crisis resources, the personal archive and its trends. Staff: call-back
requests and risk results per unit and day, each within the viewer's reach.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import charts, scoring
from assessments.models import (
    ArchiveConsent,
    CallbackRequest,
    CallbackStatus,
    InstrumentVersion,
    Report,
    Submission,
)
from assessments.services import InstrumentUnavailable
from core import clock
from core.i18n import content_language
from network import access
from network import selectors as network_selectors
from network.access import Perm
from network.models import Level, OrgUnit, StationProfile

# --- what the portal offers ----------------------------------------------------------


@dataclass(frozen=True)
class Bundle:
    """Several instruments answered in one go, with one result page."""

    key: str
    codes: tuple[str, ...]
    name: Any
    description: Any


BUNDLES: dict[str, Bundle] = {
    "checkup": Bundle(
        key="checkup",
        codes=("phq9", "gad7"),
        name=_("Check-up: mood and anxiety"),
        description=_(
            "PHQ-9 and GAD-7 together: how often low mood and worry have troubled you "
            "in the last two weeks. One result page with both results."
        ),
    ),
}


@dataclass(frozen=True)
class Offer:
    """One thing a worker can take: a single instrument or a bundle."""

    key: str
    versions: tuple[InstrumentVersion, ...]
    bundle: Bundle | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(v.instrument.code for v in self.versions)

    @property
    def definitions(self) -> tuple[scoring.Definition, ...]:
        return tuple(v.parsed for v in self.versions)

    @property
    def title(self) -> str:
        if self.bundle is not None:
            return str(self.bundle.name)
        return self.definitions[0].name.get()

    @property
    def description(self) -> str:
        if self.bundle is not None:
            return str(self.bundle.description)
        text = self.definitions[0].description
        return text.get() if text is not None else ""

    @property
    def question_count(self) -> int:
        return sum(len(d.items) for d in self.definitions)

    @property
    def time_frame(self) -> str:
        return self.definitions[0].time_frame.get()

    @property
    def minutes(self) -> int:
        """A rough time to answer: about ten seconds a question, at least a minute."""
        return max(1, round(self.question_count / 6))


def _current_versions(codes: Sequence[str] | None = None) -> dict[str, InstrumentVersion]:
    qs = InstrumentVersion.objects.select_related("instrument").filter(
        is_current=True, instrument__is_active=True
    )
    if codes is not None:
        qs = qs.filter(instrument__code__in=list(codes))
    return {v.instrument.code: v for v in qs.order_by("instrument__code")}


def offers() -> tuple[list[Offer], list[Offer]]:
    """(single instruments, bundles whose instruments are all offered): one query."""
    versions = _current_versions()
    singles = [Offer(key=code, versions=(version,)) for code, version in versions.items()]
    bundles = [
        Offer(key=b.key, versions=tuple(versions[c] for c in b.codes), bundle=b)
        for b in BUNDLES.values()
        if all(c in versions for c in b.codes)
    ]
    return singles, bundles


def offer_for(key: str) -> Offer:
    """The offer behind `key` (a bundle key or an instrument code); raises InstrumentUnavailable."""
    bundle = BUNDLES.get(key)
    codes = bundle.codes if bundle is not None else (key,)
    versions = _current_versions(codes)
    if any(code not in versions for code in codes):
        raise InstrumentUnavailable()
    return Offer(key=key, versions=tuple(versions[c] for c in codes), bundle=bundle)


def has_archive_consent(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and ArchiveConsent.objects.filter(user=user).exists()
    )


# --- a result -------------------------------------------------------------------------


def submissions_by_public_id(public_ids: Sequence[UUID]) -> list[Submission]:
    """Unexpired submissions with these ids, in the order given (missing ones left out)."""
    found = {
        s.public_id: s
        for s in Submission.objects.select_related(
            "instrument_version__instrument", "unit", "campaign"
        ).filter(public_id__in=list(public_ids), expires_on__gt=clock.today())
    }
    return [found[pid] for pid in public_ids if pid in found]


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


def result_cards(submissions: Sequence[Submission], *, language: str) -> list[ResultCard]:
    """Score, band, reasons and the report in `language` of each submission: one query."""
    language = content_language(language)
    reports = {
        r.submission_id: r
        for r in Report.objects.filter(submission__in=list(submissions), language=language)
    }
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
    the network, 24-hour stations first.
    """
    now = now or timezone.now()
    district = submission_district(submission)
    centre = network_selectors.district_centre(district) if district is not None else None
    if centre is not None:
        stations = network_selectors.search_stations(
            network_selectors.StationFilters(near=centre, open_now=True), now=now
        )
    else:
        stations = network_selectors.search_stations(
            network_selectors.StationFilters(open_now=True), now=now
        )
        stations.sort(key=lambda s: not s.open_24h)
    return CrisisResources(district=district, stations=stations[:CRISIS_STATIONS])


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


def archive_series(user: Any) -> list[ArchiveSeries]:
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


def archive_count(user: Any) -> int:
    return Submission.objects.filter(archive_entry__consent__user=user).count()


def _band_label(definition: scoring.Definition, code: str) -> str:
    try:
        return definition.band(code).label.get()
    except KeyError:
        return code


# --- staff: call-back requests --------------------------------------------------------

OPEN_STATUSES = (CallbackStatus.OPEN, CallbackStatus.IN_PROGRESS)


def callback_requests(viewer: Any, *, status: str | None = None) -> QuerySet[CallbackRequest]:
    """Call-back requests of duty units in the viewer's reach, oldest open first.

    `status` None means the open ones (open or being handled); "all" means every one.
    """
    qs = CallbackRequest.objects.filter(
        access.scope_q(viewer, Perm.HANDLE_CALLBACKS, field="duty_unit__path")
    ).select_related("duty_unit", "handled_by")
    if status is None:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status != "all":
        qs = qs.filter(status=status)
    return qs.order_by("status", "created_at")


@dataclass(frozen=True)
class ScreeningWords:
    """A call-back's screening in words: "PHQ-9 · 中重度抑郁症状 · 第 9 题（伤害自己的念头）"."""

    instrument: str
    band: str
    risks: tuple[str, ...]


def callback_screening_words(requests: Sequence[CallbackRequest]) -> dict[int, ScreeningWords]:
    """Each request's instrument, band and risk reasons as the instrument names them, in the
    page's language (one query for the instruments of the page); unknown codes stay codes."""
    codes = {r.instrument_code for r in requests if r.instrument_code}
    definitions = {
        v.instrument.code: v.parsed
        for v in InstrumentVersion.objects.filter(
            instrument__code__in=codes, is_current=True
        ).select_related("instrument")
    }
    words: dict[int, ScreeningWords] = {}
    for request in requests:
        definition = definitions.get(request.instrument_code)
        if definition is None:
            words[request.pk] = ScreeningWords(
                request.instrument_code, request.band_code, tuple(request.risk_reasons)
            )
            continue
        bands = {b.code: b.label.get() for b in definition.bands}
        reasons = {rule.code: rule.reason.get() for rule in definition.risk_rules}
        words[request.pk] = ScreeningWords(
            instrument=definition.short_name.get(),
            band=bands.get(request.band_code, request.band_code),
            risks=tuple(reasons.get(code, code) for code in request.risk_reasons),
        )
    return words


# --- staff: risk results per unit and day -----------------------------------------------

RISK_DAYS = 30


@dataclass(frozen=True)
class RiskCell:
    day: date
    unit: str | None  # None: the worker gave no district and joined no campaign
    count: int

    @property
    def suppressed(self) -> bool:
        return 0 < self.count < settings.MIN_GROUP_SIZE


@dataclass(frozen=True)
class RiskCounts:
    since: date
    until: date
    cells: list[RiskCell]
    includes_no_unit: bool


def risk_counts(viewer: Any, *, today: date | None = None, days: int = RISK_DAYS) -> RiskCounts:
    """Risk results per unit and day over the last `days` days, within the viewer's reach.

    Results with no unit belong to no subtree: only viewers who reach the whole
    network see them. Cells are raw counts; the page suppresses 0 < n < MIN_GROUP_SIZE.
    """
    until = today or clock.today()
    since = until - timedelta(days=days - 1)
    qs = Submission.objects.filter(risk=True, submitted_on__range=(since, until))
    whole = access.reaches_whole_network(viewer, Perm.VIEW_RISK_COUNTS)
    if access.reach_prefixes(viewer, Perm.VIEW_RISK_COUNTS) is not None:  # not a superuser
        reach = access.scope_q(viewer, Perm.VIEW_RISK_COUNTS, field="unit_path")
        qs = qs.filter(reach | Q(unit_path="") if whole else reach)
    rows = (
        qs.values("submitted_on", "unit_id", "unit__name")
        .annotate(n=Count("pk"))
        .order_by("-submitted_on", "unit__name")
    )
    cells = [
        RiskCell(day=row["submitted_on"], unit=row["unit__name"], count=row["n"]) for row in rows
    ]
    return RiskCounts(since=since, until=until, cells=cells, includes_no_unit=whole)
