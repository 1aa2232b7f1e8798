"""What the portal offers: the instruments and the check-up bundle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from assessments import scoring
from assessments.models import (
    InstrumentVersion,
)
from assessments.services.submissions import InstrumentUnavailable


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
