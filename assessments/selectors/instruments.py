"""What the portal offers: the instruments and the check-up bundle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from assessments import scoring
from assessments.models import (
    InstrumentVersion,
)
from assessments.services.submissions import InstrumentUnavailable
from core import public_cache


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


def _current_versions() -> dict[str, InstrumentVersion]:
    """The current version of each offered instrument, by code.

    Kept in the process until an instrument or a version changes (core.public_cache, at most
    a minute), as `services.current_version` keeps one: the portal's questionnaire pages read
    no instrument from the database. The rows are shared by the process's requests, which
    only read them; a definition is parsed once per version (InstrumentVersion.parsed)."""

    def load() -> dict[str, InstrumentVersion]:
        rows = InstrumentVersion.objects.select_related("instrument").filter(
            is_current=True, instrument__is_active=True
        )
        return {v.instrument.code: v for v in rows.order_by("instrument__code")}

    return public_cache.cached_in_process(
        "assessments.current_versions", (), load, namespaces=(public_cache.INSTRUMENTS,)
    )


def offers() -> tuple[list[Offer], list[Offer]]:
    """(single instruments, bundles whose instruments are all offered): no query when the
    process has the current versions."""
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
    versions = _current_versions()
    if any(code not in versions for code in codes):
        raise InstrumentUnavailable()
    return Offer(key=key, versions=tuple(versions[c] for c in codes), bundle=bundle)
