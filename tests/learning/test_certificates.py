"""Certificates after issue: revoke with a reason, the refresher window and renewal, the
backbone role in one step, the register scoped to the viewer's subtree, masked names."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import User
from core.errors import DomainError, NotFound
from learning import selectors
from learning.models import Certificate, CertificateStatus, Exam
from learning.services import (
    EnrolmentData,
    NotEligible,
    certificate_grant_backbone,
    certificate_issue,
    certificate_renew,
    certificate_revoke,
    enrolment_create,
)
from network.models import AuditEntry, Membership, Role
from tests.accounts.factories import UserFactory
from tests.learning.conftest import Training, passed_attempt, sign_in
from tests.learning.factories import exam
from tests.network.factories import superuser

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def on(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(f"{day}T10:00:00+08:00"), tick=False)


def test_revoking_needs_a_reason_and_is_audited(
    training: Training, certified: Certificate, cadre_b: User
) -> None:
    with pytest.raises(DomainError, match="Say why"):
        certificate_revoke(actor=training.cadre_a, certificate=certified, reason="  ")
    with pytest.raises(NotFound):
        certificate_revoke(actor=cadre_b, certificate=certified, reason="冒用")
    cert = certificate_revoke(actor=training.cadre_a, certificate=certified, reason="冒用他人身份")
    assert cert.status_on(cert.issued_on) == CertificateStatus.REVOKED
    entry = AuditEntry.objects.get(action="learning.certificate.revoked")
    assert entry.actor == training.cadre_a and entry.target_id == str(cert.pk)
    assert "冒用" not in str(entry.details)  # the reason stays on the certificate


def test_the_refresher_is_offered_in_the_last_60_days_only(certified: Certificate) -> None:
    assert certified.expires_on.isoformat() == "2029-05-12"
    offered = selectors.refresher_offered
    assert not offered(certified, refresher_days=60, today=certified.expires_on - timedelta(61))
    assert offered(certified, refresher_days=60, today=certified.expires_on - timedelta(60))
    assert offered(certified, refresher_days=60, today=certified.expires_on)
    assert not offered(certified, refresher_days=60, today=certified.expires_on + timedelta(1))


@pytest.fixture
def refresher(training: Training) -> Exam:
    opens = datetime(2029, 3, 1, 9, 0, tzinfo=SHANGHAI)
    made = exam(opens_at=opens, closes_at=opens + timedelta(days=120), lines=[], title="复训考试")
    training.programme.refresher_exam = made
    training.programme.save()
    return made


def test_passing_the_refresher_renews_the_certificate(
    training: Training, certified: Certificate, refresher: Exam
) -> None:
    with on("2029-03-01"), pytest.raises(NotEligible, match="offered from 2029-03-13"):
        certificate_renew(actor=training.trainee, certificate=certified)
    with on("2029-04-01"):
        with pytest.raises(NotEligible, match="refresher exam first"):
            certificate_renew(actor=training.trainee, certificate=certified)
        passed_attempt(refresher, training.trainee, at=datetime(2029, 4, 1, 9, tzinfo=SHANGHAI))
        renewal = certificate_renew(actor=training.trainee, certificate=certified)
        assert certificate_renew(actor=training.trainee, certificate=certified) == renewal
    assert renewal.renews == certified and renewal.code != certified.code
    assert renewal.issued_on.isoformat() == "2029-04-01"
    assert renewal.expires_on.isoformat() == "2032-05-12"  # no day of the old one is lost
    assert not selectors.refresher_offered(
        certified, refresher_days=60, today=renewal.issued_on
    )  # renewed: no second offer
    assert AuditEntry.objects.filter(action="learning.certificate.renewed").count() == 1
    with on("2029-04-02"):
        register = selectors.certificate_register(viewer=training.cadre_a)
    assert [row.certificate for row in register] == [renewal]  # the person once


def test_a_refresher_passed_before_the_window_does_not_renew(
    training: Training, certified: Certificate, refresher: Exam
) -> None:
    passed_attempt(refresher, training.trainee, at=datetime(2029, 3, 2, 9, tzinfo=SHANGHAI))
    with on("2029-04-01"), pytest.raises(NotEligible, match="refresher exam first"):
        certificate_renew(actor=training.trainee, certificate=certified)


def test_a_certified_person_is_given_the_backbone_role_in_one_step(
    training: Training, certified: Certificate, cadre_b: User
) -> None:
    with pytest.raises(NotFound):
        certificate_grant_backbone(actor=cadre_b, certificate=certified)
    membership = certificate_grant_backbone(actor=training.cadre_a, certificate=certified)
    assert membership.user == training.trainee
    assert membership.role == Role.BACKBONE and membership.unit == training.tree["room_a1r"]
    assert AuditEntry.objects.filter(
        action="network.membership.granted", actor=training.cadre_a
    ).exists()
    assert AuditEntry.objects.filter(action="learning.certificate.backbone_granted").exists()
    # Once only.
    certificate_grant_backbone(actor=training.cadre_a, certificate=certified)
    assert Membership.objects.filter(user=training.trainee, role=Role.BACKBONE).count() == 1


def test_an_expired_certificate_gives_no_role(training: Training, certified: Certificate) -> None:
    with on("2029-05-13"), pytest.raises(NotEligible):
        certificate_grant_backbone(actor=training.cadre_a, certificate=certified)
    assert not Membership.objects.filter(role=Role.BACKBONE).exists()


def _certify_in_district_b(training: Training) -> Certificate:
    person = UserFactory.create(first_name="芳", last_name="王")
    enrolment = enrolment_create(
        actor=superuser(),
        programme=training.programme,
        person=person,
        unit=training.tree["station_b1"],
        data=EnrolmentData(sign_in_name="王芳"),
    )
    for lecture in training.lectures[:2]:
        sign_in(lecture, "王芳", "乙一心灵驿站")
    passed_attempt(training.programme.exam, person)  # type: ignore[arg-type]
    return certificate_issue(actor=person, enrolment=enrolment)


def test_the_register_shows_only_the_viewers_subtree_and_the_read_is_audited(
    training: Training, certified: Certificate, cadre_b: User, centre_admin: User
) -> None:
    other = _certify_in_district_b(training)
    seen_a = [r.certificate for r in selectors.certificate_register(viewer=training.cadre_a)]
    seen_b = [r.certificate for r in selectors.certificate_register(viewer=cadre_b)]
    seen_all = [r.certificate for r in selectors.certificate_register(viewer=centre_admin)]
    assert seen_a == [certified]
    assert seen_b == [other]
    assert set(seen_all) == {certified, other}
    assert AuditEntry.objects.filter(action="learning.register.viewed", actor=cadre_b).exists()
    # Revoked ones leave the register unless asked for.
    certificate_revoke(actor=training.cadre_a, certificate=certified, reason="离职")
    assert selectors.certificate_register(viewer=training.cadre_a) == []
    rows = selectors.certificate_register(viewer=training.cadre_a, include_all=True)
    assert [r.status for r in rows] == [CertificateStatus.REVOKED]


@pytest.mark.parametrize(
    ("name", "masked"),
    [("陈静", "陈*"), ("欧阳娜娜", "欧***"), ("Jane Doe", "J*** D**"), ("王", "王"), ("", "*")],
)
def test_names_are_masked_for_the_public(name: str, masked: str) -> None:
    assert selectors.mask_name(name) == masked
