"""Certificates: issue (idempotent), revoke (with a reason), renew after a refresher exam,
and give a certified person the network's backbone role.

    certificate_issue(actor=worker_or_admin, enrolment=e)
    certificate_revoke(actor=admin, certificate=c, reason="…")
    certificate_renew(actor=worker, certificate=c)
    certificate_grant_backbone(actor=admin, certificate=c)

Every change is audited (`learning.certificate.*`). The verification code is random
(`secrets`), so a certificate cannot be found by guessing; the number is for people.
"""

from __future__ import annotations

import calendar
import secrets
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from core.errors import DomainError, NotFound, PermissionDenied
from learning.errors import ErrorCode
from learning.facts import certificates_refresh
from learning.models import Attempt, Certificate, CertificateStatus, Enrolment
from learning.selectors.training import MANAGE, Progress, enrolment_for_staff, progress_of
from network import access, audit
from network import services as network_services
from network.models import Membership, Role


class NotEligible(DomainError):
    code = ErrorCode.NOT_ELIGIBLE
    status = 409


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, on the month's last day when it is shorter (31 Jan + 1 → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def new_code() -> str:
    return secrets.token_urlsafe(18)  # 24 characters, 144 random bits


def _may_act_for(actor: User | None, enrolment: Enrolment) -> None:
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied()
    if actor.pk != enrolment.person_id and not access.can(actor, MANAGE, enrolment.unit):
        raise NotFound()


def _create(
    *, actor: User, enrolment: Enrolment, issued_on: date, expires_on: date, **fields: object
) -> Certificate:
    cert = Certificate.objects.create(
        enrolment=enrolment,
        number=f"tmp-{new_code()}"[:24],
        code=new_code(),
        holder_name=enrolment.person.get_full_name() or enrolment.sign_in_name,
        issued_on=issued_on,
        expires_on=expires_on,
        issued_by=actor,
        **fields,
    )
    # The number from the row's id: unique without a counter to lock.
    cert.number = f"XL-{issued_on:%Y}-{cert.pk:06d}"
    cert.save(update_fields=["number"])
    return cert


def _progress(enrolment: Enrolment) -> Progress:
    fresh = Enrolment.objects.select_related("programme", "person", "unit").get(pk=enrolment.pk)
    return progress_of([fresh])[0]


def certificate_issue(*, actor: User | None, enrolment: Enrolment) -> Certificate:
    """The enrolment's certificate, issued now if attendance and exam are met (or already)."""
    _may_act_for(actor, enrolment)
    assert actor is not None
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        existing = Certificate.objects.filter(enrolment=locked, renews=None).first()
        if existing is not None:
            return existing
        progress = _progress(locked)
        if not progress.attendance_met:
            raise NotEligible(
                _("Attended %(attended)s of the %(required)s lecture sessions required.")
                % {"attended": progress.attended_count, "required": progress.required}
            )
        if progress.exam_passed is False:
            raise NotEligible(_("The programme's exam has not been passed yet."))
        programme = progress.enrolment.programme
        today = clock.today()
        cert = _create(
            actor=actor,
            enrolment=progress.enrolment,
            issued_on=today,
            expires_on=add_months(today, programme.validity_months),
            attempt=_passed_attempt(programme.exam_id, locked.person_id, since=None),
        )
        audit.record(
            actor=actor,
            action="learning.certificate.issued",
            target=cert,
            unit=progress.enrolment.unit,
            details={"number": cert.number, "programme": programme.pk},
        )
        certificates_refresh(cert)
    return cert


def _passed_attempt(exam_id: int | None, worker_id: int, *, since: date | None) -> Attempt | None:
    if exam_id is None:
        return None
    rows = Attempt.objects.filter(exam_id=exam_id, worker_id=worker_id, passed=True)
    if since is not None:
        rows = rows.filter(submitted_at__gte=clock.at(since))
    return rows.order_by("-submitted_at").first()


def certificate_revoke(*, actor: User | None, certificate: Certificate, reason: str) -> Certificate:
    """Revoke for a stated reason; revoking again changes nothing."""
    reason = " ".join((reason or "").split())
    with transaction.atomic():
        cert = (
            Certificate.objects.select_for_update()
            .select_related("enrolment__unit")
            .get(pk=certificate.pk)
        )
        if actor is None or not access.can(actor, MANAGE, cert.enrolment.unit):
            raise NotFound()
        if cert.revoked_at is not None:
            return cert
        if not reason:
            raise DomainError(
                _("Say why the certificate is revoked."),
                code=ErrorCode.REASON_REQUIRED,
                fields={"reason": [_("This field is required.")]},
            )
        cert.revoked_at = clock.now_local()
        cert.revoked_by = actor
        cert.revoke_reason = reason[:300]
        cert.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        certificates_refresh(cert)
        audit.record(
            actor=actor,
            action="learning.certificate.revoked",
            target=cert,
            unit=cert.enrolment.unit,
            details={"number": cert.number},
        )
    return cert


def refresher_window(certificate: Certificate, days: int) -> tuple[date, date]:
    """[first, last] day on which the refresher is offered: `days` before expiry, to expiry."""
    return certificate.expires_on - timedelta(days=days), certificate.expires_on


def certificate_renew(*, actor: User | None, certificate: Certificate) -> Certificate:
    """A renewed certificate after a refresher exam passed inside the window (idempotent)."""
    with transaction.atomic():
        cert = (
            Certificate.objects.select_for_update()
            .select_related("enrolment__programme", "enrolment__person", "enrolment__unit")
            .get(pk=certificate.pk)
        )
        enrolment = cert.enrolment
        _may_act_for(actor, enrolment)
        assert actor is not None
        renewal = Certificate.objects.filter(renews=cert).first()
        if renewal is not None:
            return renewal
        programme = enrolment.programme
        today = clock.today()
        if cert.status_on(today) != CertificateStatus.VALID:
            raise NotEligible(
                _("Only a valid certificate can be renewed."), code=ErrorCode.CERTIFICATE_NOT_VALID
            )
        first, last = refresher_window(cert, programme.refresher_days)
        if not first <= today <= last:
            raise NotEligible(
                _("The refresher is offered from %(day)s.") % {"day": first.isoformat()},
                code=ErrorCode.REFRESHER_NOT_OFFERED,
            )
        exam_id = programme.refresher_exam_id or programme.exam_id
        passed = _passed_attempt(exam_id, enrolment.person_id, since=first)
        if exam_id is not None and passed is None:
            raise NotEligible(
                _("Pass the refresher exam first."), code=ErrorCode.REFRESHER_NOT_PASSED
            )
        renewal = _create(
            actor=actor,
            enrolment=enrolment,
            issued_on=today,
            expires_on=add_months(cert.expires_on, programme.validity_months),
            renews=cert,
            attempt=passed,
        )
        audit.record(
            actor=actor,
            action="learning.certificate.renewed",
            target=renewal,
            unit=enrolment.unit,
            details={"number": renewal.number, "renews": cert.number},
        )
    return renewal


def certificate_grant_backbone(*, actor: User, certificate: Certificate) -> Membership:
    """Give the holder of a valid certificate the `backbone` role at their unit (one step)."""
    enrolment = enrolment_for_staff(viewer=actor, public_id=certificate.enrolment.public_id)
    cert = Certificate.objects.get(pk=certificate.pk)
    if cert.status_on(clock.today()) != CertificateStatus.VALID:
        raise NotEligible(
            _("Only the holder of a valid certificate can be given the role."),
            code=ErrorCode.CERTIFICATE_NOT_VALID,
        )
    with transaction.atomic():
        membership = network_services.membership_grant(
            actor=actor,
            user=enrolment.enrolment.person,
            unit=enrolment.enrolment.unit,
            role=Role.BACKBONE,
        )
        audit.record(
            actor=actor,
            action="learning.certificate.backbone_granted",
            target=cert,
            unit=enrolment.enrolment.unit,
            details={"membership": membership.pk},
        )
    return membership
