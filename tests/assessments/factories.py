"""factory_boy factories of the assessments' rows, and the campaign helpers built on them
(the network's are in tests/network)."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

import factory
from factory.django import DjangoModelFactory

from assessments import services
from assessments.models import Campaign, Submission
from assessments.services import campaigns
from core import clock
from network.models import OrgUnit


class CampaignFactory(DjangoModelFactory[Campaign]):
    """A unit campaign open today for two weeks; `instruments=("phq9", …)` by code.

    Pass `unit`. The instruments must be loaded (the `instruments` fixture).
    """

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    code = factory.LazyFunction(campaigns.new_join_code)
    name = "2026 春季职工心理体检"
    opens_on = factory.LazyFunction(clock.today)
    closes_on = factory.LazyAttribute(lambda campaign: campaign.opens_on + timedelta(days=14))
    workforce = 100

    @factory.post_generation
    def instruments(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        codes = extracted if extracted is not None else ("phq9",)
        self.instruments.set(services.current_version(code).instrument for code in codes)


class SubmissionFactory(DjangoModelFactory[Submission]):
    """A stored result in one band, without going through scoring.

    `band` is the band code of the instrument's current version (`instrument`, default
    PHQ-9); the unit follows the campaign's when one is given.
    """

    class Meta:
        model = Submission
        exclude = ("instrument", "band")

    instrument = "phq9"
    band = "minimal"
    retrieval_hash = factory.LazyFunction(lambda: secrets.token_hex(32))
    instrument_version = factory.LazyAttribute(lambda s: services.current_version(s.instrument))
    total = factory.LazyAttribute(lambda s: s.instrument_version.parsed.band(s.band).min)
    band_code = factory.SelfAttribute("band")
    severity = factory.LazyAttribute(lambda s: s.instrument_version.parsed.band(s.band).severity)
    campaign = None
    unit = factory.LazyAttribute(lambda s: s.campaign.unit if s.campaign is not None else None)
    unit_path = factory.LazyAttribute(lambda s: s.unit.path if s.unit is not None else "")
    submitted_on = factory.LazyFunction(clock.today)
    expires_on = factory.LazyFunction(lambda: clock.today() + timedelta(days=365))


# --- campaign helpers (moved from test_campaigns, shared with test_campaign_end) -------


def make_campaign(
    unit: OrgUnit,
    *,
    codes: tuple[str, ...] = ("phq9",),
    workforce: int = 100,
    opens_on: date | None = None,
    days: int = 14,
    name: str = "2026 春季职工心理体检",
) -> Campaign:
    opens_on = opens_on or clock.today()
    return CampaignFactory(
        unit=unit,
        name=name,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=days),
        workforce=workforce,
        instruments=codes,
    )


def closed_campaign(unit: OrgUnit, **kwargs: Any) -> Campaign:
    """A campaign that ran from 20 to 6 days ago: its report is made."""
    return make_campaign(unit, opens_on=clock.today() - timedelta(days=20), **kwargs)


def add_answers(
    bands: dict[str, int],
    *,
    code: str = "phq9",
    campaign: Campaign | None = None,
    unit: OrgUnit | None = None,
    risk: int = 0,
    day: date | None = None,
) -> None:
    """Stored results without going through scoring: `bands` maps band code → how many."""
    version = services.current_version(code)
    unit = unit or (campaign.unit if campaign is not None else None)
    default_day = clock.today()
    if campaign is not None:
        default_day = min(default_day, campaign.closes_on)
    rows = [
        SubmissionFactory.build(
            instrument=code,
            band=band_code,
            instrument_version=version,
            campaign=campaign,
            unit=unit,
            submitted_on=day or default_day,
        )
        for band_code, n in bands.items()
        for _i in range(n)
    ]
    for row in rows[-risk:] if risk else []:
        row.risk = True
    Submission.objects.bulk_create(rows)
