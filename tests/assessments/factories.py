"""factory_boy factories of the assessments' rows (the network's are in tests/network)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import factory
from factory.django import DjangoModelFactory

from assessments import services
from assessments.models import Campaign, Submission
from assessments.services import campaigns
from core import clock


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
