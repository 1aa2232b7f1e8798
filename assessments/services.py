"""Writing instruments: defining a new version, loading the data files."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import scoring
from assessments.models import (
    ArchiveConsent,
    ArchiveEntry,
    CallbackRequest,
    CallbackStatus,
    Campaign,
    Instrument,
    InstrumentVersion,
    Submission,
)
from core import clock
from core.errors import DomainError, NotFound, PermissionDenied
from core.i18n import content_language
from core.phone import phone_normalise_or_none
from network import access, audit
from network.access import Perm
from network.models import OrgUnit

logger = logging.getLogger(__name__)

# The instruments the repository ships (free, validated; see each file's terms).
INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"


@dataclass(frozen=True)
class LoadOutcome:
    code: str
    version: int
    created: bool
    path: Path | None = None


def _require_instrument_admin(actor: Any) -> None:
    # Instruments serve the whole network: only the city centre changes them.
    # `actor=None` is the system (data files, deployments).
    if actor is None:
        return
    if not access.reaches_whole_network(actor, Perm.MANAGE_UNITS):
        raise PermissionDenied(_("Only city-centre administrators may change instruments."))


@transaction.atomic
def instrument_version_create(
    *, actor: Any, definition: Mapping[str, Any]
) -> tuple[InstrumentVersion, bool]:
    """Make `definition` the instrument's current version.

    Creates the instrument on first sight. When the definition is the current
    version's (same content hash) nothing is written and `(current, False)` is
    returned; otherwise a new version numbered one higher becomes current and
    `(version, True)` is returned. Earlier versions stay, unchanged.
    Raises `InstrumentDefinitionError` naming the faulty field.
    """
    _require_instrument_admin(actor)
    parsed = scoring.parse_definition(definition)
    digest = scoring.content_hash(definition)
    instrument, _created = Instrument.objects.select_for_update().get_or_create(
        code=parsed.code,
        defaults={
            "short_name": parsed.short_name.en,
            "name": parsed.name.zh_hans,
            "name_en": parsed.name.en,
            "license": parsed.license,
        },
    )
    current = instrument.versions.current().first()
    if current is not None and current.content_hash == digest:
        return current, False

    latest = instrument.versions.aggregate(latest=Max("number"))["latest"] or 0
    instrument.versions.current().update(is_current=False)
    version = InstrumentVersion.objects.create(
        instrument=instrument,
        number=latest + 1,
        definition=dict(definition),
        content_hash=digest,
        is_current=True,
    )
    instrument.short_name = parsed.short_name.en
    instrument.name = parsed.name.zh_hans
    instrument.name_en = parsed.name.en
    instrument.license = parsed.license
    instrument.save(update_fields=["short_name", "name", "name_en", "license", "updated_at"])
    audit.record(
        actor=actor,
        action="assessments.instrument_version.created",
        target=version,
        details={"instrument": instrument.code, "version": version.number, "hash": digest},
    )
    return version, True


def _read_yaml(path: Path) -> Any:
    # PyYAML is needed only here, when instruments are (re)loaded.
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 8x faster
    with path.open(encoding="utf-8") as handle:
        try:
            return yaml.load(handle, Loader=loader)  # noqa: S506 - a safe loader
        except yaml.YAMLError as exc:
            raise scoring.InstrumentDefinitionError(
                path.name, _("is not valid YAML: %(error)s") % {"error": exc}
            ) from exc


def instrument_load_files(
    *, actor: Any = None, directories: Iterable[Path] = (INSTRUMENTS_DIR,)
) -> list[LoadOutcome]:
    """Load every `*.yaml` in `directories` (default: the shipped instruments).

    Idempotent: a file whose content is unchanged creates nothing. All files
    are loaded in one transaction, so a faulty file changes nothing at all;
    its error names the file and the field.
    """
    paths = sorted(path for directory in directories for path in Path(directory).glob("*.yaml"))
    outcomes = []
    with transaction.atomic():
        for path in paths:
            definition = _read_yaml(path)
            try:
                version, created = instrument_version_create(actor=actor, definition=definition)
            except scoring.InstrumentDefinitionError as exc:
                raise scoring.InstrumentDefinitionError(
                    f"{path.name}: {exc.field}", exc.problem
                ) from exc
            outcomes.append(
                LoadOutcome(
                    code=version.instrument.code,
                    version=version.number,
                    created=created,
                    path=path,
                )
            )
    return outcomes


# --- anonymous submissions -------------------------------------------------------------

# Unambiguous characters: no 0/O, 1/I/L. 16 of 31 symbols ≈ 79 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16


def new_retrieval_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch in CODE_ALPHABET)


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


class CampaignClosed(DomainError):
    code = "campaign_closed"
    default_message = _("This unit assessment is not open today.")


class InstrumentUnavailable(DomainError):
    code = "instrument_unavailable"
    default_message = _("This questionnaire is not available.")


@dataclass(frozen=True)
class Demographics:
    """Optional answers that serve the KPIs; every one may be skipped."""

    district: OrgUnit | None = None
    industry: str = ""
    key_group: str = ""
    age_band: str = ""


def current_version(code: str) -> InstrumentVersion:
    version = (
        InstrumentVersion.objects.select_related("instrument")
        .filter(instrument__code=code, instrument__is_active=True, is_current=True)
        .first()
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


@transaction.atomic
def submission_create(
    *,
    actor: Any,
    instrument_code: str,
    answers: list[int],
    language: str,
    demographics: Demographics | None = None,
    campaign: Campaign | None = None,
    archive: bool = False,
    code: str | None = None,
) -> tuple[Submission, str]:
    """Score and store an anonymous answer set; returns it with its retrieval code.

    `code` is given only for the parts of a check-up bundle, which share one code;
    otherwise a new one is drawn. The code is shown to the worker once and stored
    only as a digest. Nothing identifies the worker: `actor` is used only to file the result in the
    worker's own archive when `archive` is set and the worker has consented.
    No audit entry is written: a timeline of anonymous submissions would itself
    be a trace.
    """
    version = current_version(instrument_code)
    demographics = demographics or Demographics()
    if campaign is not None:
        _check_campaign(campaign, version)
    result = version.score(answers)
    unit = campaign.unit if campaign is not None else demographics.district
    code = code or new_retrieval_code()
    # Day precision only: no stored time of a submission is finer than its day.
    today = clock.today()
    submission = Submission.objects.create(
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
    if archive and actor is not None and actor.is_authenticated:
        consent = ArchiveConsent.objects.filter(user=actor).first()
        if consent is not None:
            ArchiveEntry.objects.create(consent=consent, submission=submission)
    return submission, code


@transaction.atomic
def submissions_create(
    *,
    actor: Any,
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
def archive_consent_grant(*, actor: Any) -> ArchiveConsent:
    consent, _created = ArchiveConsent.objects.get_or_create(user=actor)
    return consent


@transaction.atomic
def archive_consent_revoke(*, actor: Any) -> int:
    """Withdraw consent: the archived results themselves are deleted. Returns how many."""
    consent = ArchiveConsent.objects.filter(user=actor).first()
    if consent is None:
        return 0
    submission_ids = list(consent.entries.values_list("submission_id", flat=True))
    deleted = len(submission_ids)
    Submission.objects.filter(pk__in=submission_ids).delete()
    consent.delete()
    return deleted


# --- crisis path: call-back requests ---------------------------------------------------


class CallbackInvalid(DomainError):
    code = "callback_invalid"


def duty_unit() -> OrgUnit:
    """The hotline's duty unit: the city centre, which runs the 12351 line."""
    return OrgUnit.objects.get(parent__isnull=True)


@transaction.atomic
def callback_request_create(
    *,
    submission: Submission | None,
    contact_phone: str,
    consent: bool,
    contact_name: str = "",
    preferred_time: str = "",
) -> CallbackRequest:
    """Open an urgent call-back item for the hotline (consumed by the hotline app).

    Only the contact the worker gives, with consent, is stored.
    """
    errors: dict[str, list[Any]] = {}
    # A mobile or a landline, stored in E.164 (core.phone).
    phone = phone_normalise_or_none(contact_phone or "")
    if phone is None:
        errors["contact_phone"] = [_("Give a mobile number (11 digits) or a landline number.")]
    if not consent:
        errors["consent"] = [_("We can only call you back with your consent.")]
    if errors or phone is None:
        raise CallbackInvalid(_("Please check the highlighted fields."), fields=errors)
    repeat = callback_request_open_for(submission)
    if repeat is not None:  # one open request per submission: a repeat updates it, no alert
        return _callback_request_refresh(
            repeat, phone=phone, contact_name=contact_name, preferred_time=preferred_time
        )
    version = submission.instrument_version if submission is not None else None
    request = CallbackRequest.objects.create(
        submission=submission,
        instrument_code=version.instrument.code if version is not None else "",
        band_code=submission.band_code if submission is not None else "",
        risk_reasons=list(submission.risk_reasons) if submission is not None else [],
        contact_phone=phone,
        contact_name=(contact_name or "").strip()[:40],
        preferred_time=(preferred_time or "").strip()[:80],
        consent=True,
        duty_unit=duty_unit(),
    )
    audit.record(
        actor=None,
        action="assessments.callback.requested",
        target=request,
        unit=request.duty_unit,
        details={"instrument": request.instrument_code, "band": request.band_code},
    )
    callback_request_alert(request=request)
    return request


def callback_request_open_for(submission: Submission | None) -> CallbackRequest | None:
    """The submission's call-back request not closed yet (locked for update), if any."""
    if submission is None:
        return None
    # Locking the submission serialises two requests for it arriving at once.
    list(Submission.objects.select_for_update().filter(pk=submission.pk).values_list("pk"))
    return (
        CallbackRequest.objects.filter(submission=submission)
        .exclude(status=CallbackStatus.CLOSED)
        .order_by("-created_at")
        .first()
    )


def _callback_request_refresh(
    request: CallbackRequest, *, phone: str, contact_name: str, preferred_time: str
) -> CallbackRequest:
    """A repeat of an open request: the latest contact details win; the hotline was alerted."""
    request.contact_phone = phone
    request.contact_name = (contact_name or "").strip()[:40]
    request.preferred_time = (preferred_time or "").strip()[:80]
    request.save(update_fields=["contact_phone", "contact_name", "preferred_time"])
    audit.record(
        actor=None,
        action="assessments.callback.updated",
        target=request,
        unit=request.duty_unit,
        details={"instrument": request.instrument_code, "band": request.band_code},
    )
    return request


def callback_request_alert(*, request: CallbackRequest) -> int:
    """Write the urgent e-mail to the duty unit's hotline staff into the outbox.

    Written in the request's transaction (core.outbox), so a broker or mail
    outage delays the alert and never loses it; one alert per request (a
    repeat is a no-op). The mail holds no contact. Returns the recipients.
    """
    from django.utils import translation
    from django.utils.translation import gettext

    from core import outbox
    from network.access import ROLE_PERMS
    from network.models import Membership

    emails = sorted(
        set(
            Membership.objects.filter(
                unit=request.duty_unit,
                role__in=ROLE_PERMS[Perm.HANDLE_CALLBACKS],
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not emails:
        logger.warning("callback request %s: no duty operator to alert", request.pk)
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        outbox.enqueue_email(
            to=emails,
            subject=gettext("Urgent: a worker asked the hotline to call back"),
            body=gettext(
                "A worker whose self-assessment showed a risk asked for a call back. "
                "Open the staff site to see the request and call as soon as possible."
            ),
            purpose="assessments.callback_alert",
            dedupe_key=f"assessments.callback.{request.pk}.alert",
        )
    return len(emails)


@transaction.atomic
def callback_request_set_status(
    *, actor: Any, request: CallbackRequest, status: str
) -> CallbackRequest:
    if not access.can(actor, Perm.HANDLE_CALLBACKS, request.duty_unit):
        raise NotFound()
    if status not in CallbackStatus.values:
        raise DomainError(_("Unknown status."), fields={"status": [_("Choose a valid status.")]})
    if not request.contact_phone:
        raise DomainError(
            _("This request was handled and its contact removed; it cannot be reopened."),
            code="callback_contact_removed",
        )
    request.status = status
    request.handled_by = actor
    request.handled_at = timezone.now()
    request.save(update_fields=["status", "handled_by", "handled_at"])
    if status == CallbackStatus.CLOSED:
        callback_contacts_wipe(CallbackRequest.objects.filter(pk=request.pk))
        request.refresh_from_db()
    audit.record(
        actor=actor,
        action=f"assessments.callback.{status}",
        target=request,
        unit=request.duty_unit,
    )
    return request


def callback_contacts_wipe(requests: QuerySet[CallbackRequest]) -> int:
    """Remove the contact, the risk flags and the link to the score; returns how many.

    What stays is a count-only trace: the duty unit, the status, the day asked
    and who handled it. Called when staff mark a request handled (closed) and
    by the retention job for whatever is left. Idempotent.
    """
    return requests.exclude(contact_phone="", submission__isnull=True).update(
        contact_phone="",
        contact_name="",
        preferred_time="",
        band_code="",
        risk_reasons=[],
        submission=None,
        status=CallbackStatus.CLOSED,
    )


def callback_requests_viewed(*, actor: Any, requests: Sequence[CallbackRequest]) -> None:
    """Record that `actor` was shown the contacts of `requests` (a staff list).

    One audit entry per duty unit on the page, holding the requests' ids, never
    the numbers. Nothing is recorded when no contact was shown.
    """
    by_unit: dict[int, list[CallbackRequest]] = {}
    for request in requests:
        if not request.contact_phone:
            continue  # handled: its contact is gone, nothing was shown
        by_unit.setdefault(request.duty_unit_id, []).append(request)
    for shown in by_unit.values():
        audit.record(
            actor=actor,
            action="assessments.callback.viewed",
            unit=shown[0].duty_unit,
            details={"requests": [str(r.public_id) for r in shown]},
        )
