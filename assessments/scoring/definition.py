"""The typed instrument definition, its choices and its domain errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from assessments.errors import ErrorCode
from core.errors import DomainError
from core.i18n import ENGLISH, content_language

SCHEMA_VERSION = 1
LANGUAGES = ("zh-Hans", "en")
DEFAULT_LANGUAGE = "zh-Hans"

Score = int | Decimal


class License(models.TextChoices):
    FREE = "free", _("free to use")
    LICENSED = "licensed", _("licensed (the operator holds the licence)")


class Method(models.TextChoices):
    SUM = "sum", _("sum of item scores")
    MEAN = "mean", _("mean of item scores")


class Rounding(models.TextChoices):
    HALF_UP = "half_up", _("round half up")
    FLOOR = "floor", _("round down (integer part)")


class RiskKind(models.TextChoices):
    ITEM = "item", _("an item's answer")
    BAND = "band", _("a severity band")
    TOTAL = "total", _("the total score")
    SUBSCALE = "subscale", _("a subscale score")


class InstrumentDefinitionError(DomainError):
    """A definition (data file or stored JSON) breaks the schema; `field` names where."""

    code = ErrorCode.INVALID_INSTRUMENT_DEFINITION

    def __init__(self, field: str, problem: Any) -> None:
        self.field = field
        self.problem = problem
        message = _("Instrument definition, field “%(field)s”: %(problem)s") % {
            "field": field,
            "problem": problem,
        }
        super().__init__(message, fields={field: [str(problem)]})


class InvalidAnswers(DomainError):
    """The answers do not fit the instrument: wrong count, or a value not offered."""

    code = ErrorCode.INVALID_ANSWERS

    def __init__(self, message: Any) -> None:
        super().__init__(message, fields={"answers": [str(message)]})


# --- the typed definition ---------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A text in every language the platform speaks."""

    zh_hans: str
    en: str

    def get(self, language: str | None = None) -> str:
        """The text in `language` (a Django language code); Chinese when unknown."""
        if content_language(language or get_language()) == ENGLISH:
            return self.en
        return self.zh_hans

    def as_dict(self) -> dict[str, str]:
        return {"zh-Hans": self.zh_hans, "en": self.en}

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class Option:
    value: int
    label: Text


@dataclass(frozen=True)
class Item:
    number: int
    text: Text
    options: tuple[Option, ...]
    reverse: bool = False

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(option.value for option in self.options)

    @property
    def min_value(self) -> int:
        return min(self.values)

    @property
    def max_value(self) -> int:
        return max(self.values)

    def item_score(self, value: int) -> int:
        """The value's contribution: reverse-scored items count (max + min - value)."""
        return self.max_value + self.min_value - value if self.reverse else value


@dataclass(frozen=True)
class Subscale:
    code: str
    name: Text
    items: tuple[int, ...]
    method: Method = Method.SUM
    decimals: int = 0


@dataclass(frozen=True)
class Scoring:
    method: Method
    min_total: Score
    max_total: Score
    multiplier: Decimal = Decimal(1)
    decimals: int = 0
    rounding: Rounding = Rounding.HALF_UP
    percentage_multiplier: Decimal | None = None

    def total(self, item_scores: Sequence[int]) -> Score:
        """Sum or mean of the item scores, times the multiplier, rounded to `decimals`."""
        raw = aggregate(item_scores, self.method) * Fraction(str(self.multiplier))
        return quantize(raw, self.decimals, self.rounding)

    @property
    def step(self) -> Decimal:
        """The smallest difference between two totals (1 for whole-number totals)."""
        return Decimal(1).scaleb(-self.decimals)


@dataclass(frozen=True)
class Band:
    code: str
    min: Score
    max: Score
    severity: int
    label: Text
    meaning: Text
    recommendation: Text

    def contains(self, total: Score) -> bool:
        return self.min <= total <= self.max


@dataclass(frozen=True)
class RiskRule:
    code: str
    kind: RiskKind
    reason: Text
    item: int | None = None
    bands: tuple[str, ...] = ()
    subscale: str | None = None
    min: Score | None = None
    max: Score | None = None

    def bounds_contain(self, value: Score) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


@dataclass(frozen=True)
class Definition:
    code: str
    license: License
    name: Text
    short_name: Text
    instructions: Text
    time_frame: Text
    source: str
    terms_of_use: str
    items: tuple[Item, ...]
    scoring: Scoring
    bands: tuple[Band, ...]
    subscales: tuple[Subscale, ...] = ()
    risk_rules: tuple[RiskRule, ...] = ()
    description: Text | None = None
    notes: Text | None = None
    translation: str = ""

    def band(self, code: str) -> Band:
        for band in self.bands:
            if band.code == code:
                return band
        raise KeyError(code)


@dataclass(frozen=True)
class Result:
    total: Score
    band: Band
    percentage: Score | None = None
    subscales: dict[str, Score] = field(default_factory=dict)
    risk_reasons: tuple[RiskRule, ...] = ()

    @property
    def band_code(self) -> str:
        return self.band.code

    @property
    def risk(self) -> bool:
        return bool(self.risk_reasons)


def aggregate(values: Sequence[int], method: Method) -> Fraction:
    """Exact sum or mean: rounding happens once, at the end."""
    total = Fraction(sum(values))
    return total / len(values) if method == Method.MEAN else total


def quantize(value: Fraction, decimals: int, rounding: Rounding = Rounding.HALF_UP) -> Score:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    mode = ROUND_FLOOR if rounding == Rounding.FLOOR else ROUND_HALF_UP
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=mode)
    return int(rounded) if decimals == 0 else rounded
