"""Anonymous submissions, their retrieval codes, and the personal archive (心理健康档案)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assessments.errors import ErrorCode
from assessments.facts import counts_for_kpis, submission_facts, submissions_retract
from assessments.models import (
    ArchiveConsent,
    ArchiveEntry,
    Campaign,
    InstrumentVersion,
    Submission,
)
from core import clock, facts, public_cache
from core.db.insert import Inserter
from core.errors import DomainError
from core.i18n import content_language
from network.models import OrgUnit

# --- anonymous submissions -------------------------------------------------------------

# Unambiguous characters: no 0/O, 1/I/L. 16 of 31 symbols ≈ 79 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16


def new_retrieval_code() -> str:
    # One draw below 31**16, written in base 31: every code equally likely, as 16
    # independent choices would make it, for one call to the system's randomness.
    number = secrets.randbelow(len(CODE_ALPHABET) ** CODE_LENGTH)
    symbols = []
    for _i in range(CODE_LENGTH):
        number, digit = divmod(number, len(CODE_ALPHABET))
        symbols.append(CODE_ALPHABET[digit])
    raw = "".join(symbols)
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch in CODE_ALPHABET)


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


class CampaignClosed(DomainError):
    code = ErrorCode.CAMPAIGN_CLOSED
    default_message = _("This unit assessment is not open today.")


class InstrumentUnavailable(DomainError):
    code = ErrorCode.INSTRUMENT_UNAVAILABLE
    default_message = _("This questionnaire is not available.")


@dataclass(frozen=True)
class Demographics:
    """Optional answers that serve the KPIs; every one may be skipped."""

    district: OrgUnit | None = None
    industry: str = ""
    key_group: str = ""
    age_band: str = ""


def current_version(code: str, *, known_versions: str | None = None) -> InstrumentVersion:
    """The current version of an offered instrument; its definition, parsed once per
    process (InstrumentVersion.parsed), is not read again. The row itself is kept in the
    process until an instrument or a version changes (core.public_cache, at most a minute):
    a submit reads no instrument from the database. `known_versions`: the instruments'
    data version as the request already read it (core.public_cache.versions_from)."""

    def load() -> InstrumentVersion | None:
        return (
            InstrumentVersion.objects.select_related("instrument")
            .defer("definition")
            .filter(instrument__code=code, instrument__is_active=True, is_current=True)
            .first()
        )

    version = public_cache.cached_in_process(
        "assessments.current_version",
        (code,),
        load,
        namespaces=(public_cache.INSTRUMENTS,),
        known=known_versions,
    )
    if version is None:
        raise InstrumentUnavailable(fields={"instrument": [_("Choose a listed questionnaire.")]})
    return version


def _check_campaign(campaign: Campaign, version: InstrumentVersion) -> None:
    if not campaign.is_open_on(clock.today()):
        raise CampaignClosed()
    if not campaign.instruments.filter(pk=version.instrument_id).exists():
        raise InstrumentUnavailable(
            _("This questionnaire is not part of the unit assessment."),
            fields={"instrument": [_("Choose a questionnaire of this assessment.")]},
        )


def campaign_check(*, campaign: Campaign, instrument_code: str) -> None:
    """Raise what submission_create would raise for this campaign and instrument.

    Lets the portal say "this assessment is closed" before the worker answers.
    """
    _check_campaign(campaign, current_version(instrument_code))


def _new_submission(
    version: InstrumentVersion,
    answers: list[int],
    language: str,
    demographics: Demographics,
    campaign: Campaign | None,
    code: str,
) -> Submission:
    """The scored, unsaved row."""
    result = version.score(answers)
    unit = campaign.unit if campaign is not None else demographics.district
    # Day precision only: no stored time of a submission is finer than its day.
    today = clock.today()
    return Submission(
        retrieval_hash=hash_code(code),
        instrument_version=version,
        answers=list(answers),
        total=result.total,
        percentage=result.percentage,
        subscales={key: str(value) for key, value in result.subscales.items()},
        band_code=result.band.code,
        severity=result.band.severity,
        risk=result.risk,
        risk_reasons=[rule.code for rule in result.risk_reasons],
        language=content_language(language),
        campaign=campaign,
        unit=unit,
        unit_path=unit.path if unit is not None else "",
        industry=demographics.industry,
        key_group=demographics.key_group,
        age_band=demographics.age_band,
        submitted_on=today,
        expires_on=today + timedelta(days=settings.ASSESSMENT_RETENTION_DAYS),
    )


# The submission's INSERT, written once (a submit is one of the hottest writes).
_insert = Inserter(Submission)


def submission_create(
    *,
    actor: User | None,
    instrument_code: str,
    answers: list[int],
    language: str,
    demographics: Demographics | None = None,
    campaign: Campaign | None = None,
    archive: bool = False,
    code: str | None = None,
    version: InstrumentVersion | None = None,
) -> tuple[Submission, str]:
    """Score and store an anonymous answer set; returns it with its retrieval code.

    `code` is given only for the parts of a check-up bundle, which share one code;
    otherwise a new one is drawn. The code is shown to the worker once and stored
    only as a digest. Nothing identifies the worker: `actor` is used only to file the result in the
    worker's own archive when `archive` is set and the worker has consented.
    `version` is the instrument's current version when the caller has just read it
    (`current_version`, e.g. to check the answers): it is not read again.
    No audit entry is written: a timeline of anonymous submissions would itself
    be a trace.

    Stored durably before it returns (committed, unless the caller's own transaction is
    still open). A submission that writes nothing else (no unit to count for, no archive
    entry) is one INSERT in autocommit: one round trip to the database instead of BEGIN,
    INSERT and COMMIT. With KPI facts or an archive entry every write shares one
    transaction (no savepoint inside a caller's: a failure fails the caller's too).
    """
    if version is None:
        version = current_version(instrument_code)
    elif version.instrument.code != instrument_code:
        raise ValueError("the version given is not of this instrument")
    demographics = demographics or Demographics()
    if campaign is not None:
        _check_campaign(campaign, version)
    code = code or new_retrieval_code()
    submission = _new_submission(version, answers, language, demographics, campaign, code)
    to_archive = archive and actor is not None and actor.is_authenticated
    if not to_archive and not counts_for_kpis(submission):
        _insert(submission)  # alone: its own transaction
        return submission, code
    with transaction.atomic(savepoint=False):
        _insert(submission)
        if to_archive:
            consent = ArchiveConsent.objects.filter(user=actor).first()
            if consent is not None:
                ArchiveEntry.objects.create(consent=consent, submission=submission)
        facts.record(submission_facts(submission))
    return submission, code


@transaction.atomic
def submissions_create(
    *,
    actor: User | None,
    answer_sets: Sequence[tuple[str, list[int]]],
    language: str,
    demographics: Demographics | None = None,
    campaign: Campaign | None = None,
    archive: bool = False,
) -> list[tuple[Submission, str]]:
    """submission_create for several instruments at once (a check-up bundle): all or none.

    The whole bundle gets ONE retrieval code, which opens all of its results.
    """
    code = new_retrieval_code()
    return [
        submission_create(
            actor=actor,
            instrument_code=instrument_code,
            answers=answers,
            language=language,
            demographics=demographics,
            campaign=campaign,
            archive=archive,
            code=code,
        )
        for instrument_code, answers in answer_sets
    ]


def submissions_for_code(code: str) -> list[Submission]:
    """The results a retrieval code opens (all parts of a bundle, in the order answered);
    empty for a wrong or expired code."""
    if len(normalise_code(code)) != CODE_LENGTH:
        return []
    return list(
        Submission.objects.select_related("instrument_version__instrument", "campaign", "unit")
        .filter(retrieval_hash=hash_code(code), expires_on__gt=clock.today())
        .order_by("pk")
    )


def submission_for_code(code: str) -> Submission | None:
    """The first result a retrieval code opens, or None (wrong code or expired)."""
    found = submissions_for_code(code)
    return found[0] if found else None


# --- personal archive (心理健康档案) ---------------------------------------------------


@transaction.atomic
def archive_consent_grant(*, actor: User) -> ArchiveConsent:
    consent, _created = ArchiveConsent.objects.get_or_create(user=actor)
    return consent


@transaction.atomic
def archive_consent_revoke(*, actor: User) -> int:
    """Withdraw consent: the archived results themselves are deleted. Returns how many."""
    consent = ArchiveConsent.objects.filter(user=actor).first()
    if consent is None:
        return 0
    submission_ids = list(consent.entries.values_list("submission_id", flat=True))
    deleted = len(submission_ids)
    Submission.objects.filter(pk__in=submission_ids).delete()
    submissions_retract(submission_ids)
    consent.delete()
    return deleted
