"""Enrolment (scope-checked, or self-enrolment where allowed), attendance from the lecture
sign-in sheet, and eligibility for a certificate (attendance and the exam)."""

from __future__ import annotations

import pytest
import time_machine

from accounts.models import User
from core.errors import NotFound, PermissionDenied
from learning import selectors
from learning.models import Certificate, Enrolment
from learning.services import (
    EnrolmentData,
    NotEligible,
    certificate_issue,
    certificate_revoke,
    enrolment_create,
)
from network.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.learning.conftest import Training, passed_attempt, sign_in

pytestmark = pytest.mark.django_db


def progress(training: Training) -> selectors.Progress:
    return selectors.enrolment_for_worker(
        viewer=training.trainee, public_id=training.enrolment.public_id
    )


def test_a_unit_administrator_enrols_a_person_of_their_subtree_and_it_is_audited(
    training: Training,
) -> None:
    enrolment = training.enrolment
    assert enrolment.unit == training.tree["room_a1r"]
    assert enrolment.sign_in_unit_name == "甲一企业服务室"  # defaults to the unit's name
    assert not enrolment.self_enrolled
    assert AuditEntry.objects.filter(
        action="learning.enrolment.created", target_id=str(enrolment.pk)
    ).exists()
    again = enrolment_create(
        actor=training.cadre_a,
        programme=training.programme,
        person=training.trainee,
        unit=training.tree["room_ar"],
        data=EnrolmentData(sign_in_name="陈静"),
    )
    assert again == enrolment
    assert Enrolment.objects.count() == 1


def test_enrolment_outside_the_administrators_subtree_is_refused(
    training: Training, cadre_b: User
) -> None:
    person = UserFactory.create()
    with pytest.raises(NotFound):
        enrolment_create(
            actor=cadre_b,
            programme=training.programme,
            person=person,
            unit=training.tree["room_a1r"],
            data=EnrolmentData(sign_in_name="王芳"),
        )
    with pytest.raises(NotFound):
        enrolment_create(
            actor=training.cadre_a,
            programme=training.programme,
            person=person,
            unit=training.tree["station_b1"],
            data=EnrolmentData(sign_in_name="王芳"),
        )
    assert not Enrolment.objects.filter(person=person).exists()


def test_self_enrolment_only_where_the_programme_allows_it(training: Training) -> None:
    worker = UserFactory.create()
    data = EnrolmentData(sign_in_name="王芳", sign_in_unit_name="乙一驿站")
    unit = training.tree["station_b1"]
    with pytest.raises(PermissionDenied):
        enrolment_create(
            actor=worker, programme=training.programme, person=worker, unit=unit, data=data
        )
    training.programme.self_enrolment = True
    training.programme.save()
    enrolment = enrolment_create(
        actor=worker, programme=training.programme, person=worker, unit=unit, data=data
    )
    assert enrolment.self_enrolled and enrolment.sign_in_unit_name == "乙一驿站"
    # A worker never enrols somebody else.
    with pytest.raises(NotFound):
        enrolment_create(
            actor=worker,
            programme=training.programme,
            person=training.trainee,
            unit=unit,
            data=data,
        )


def test_attendance_comes_from_the_sign_in_sheet_by_name_and_unit(training: Training) -> None:
    first, second, third = training.lectures
    sign_in(first, "陈 静", "甲一企业服务室")  # spaces do not matter, as at sign-in
    sign_in(second, "陈静", "乙一心灵驿站")  # same name, another unit: someone else
    sign_in(third, "王芳", "甲一企业服务室")
    shown = progress(training)
    assert shown.attended_count == 1
    assert shown.attended == frozenset({training.programme.sessions.get(lecture=first).pk})
    assert not shown.attendance_met and not shown.eligible


def test_an_employee_number_on_the_sheet_counts_too(training: Training) -> None:
    training.enrolment.employee_number = "QD-0042"
    training.enrolment.save()
    sign_in(training.lectures[0], "QD-0042", "甲一企业服务室")
    sign_in(training.lectures[1], "陈静", "甲一企业服务室")
    assert progress(training).attended_count == 2


def test_a_certificate_needs_the_attendance_and_the_passed_exam(
    training: Training, during: time_machine.Traveller
) -> None:
    sign_in(training.lectures[0], "陈静", "甲一企业服务室")
    with pytest.raises(NotEligible, match="Attended 1 of the 2"):
        certificate_issue(actor=training.trainee, enrolment=training.enrolment)
    sign_in(training.lectures[2], "陈静", "甲一企业服务室")
    with pytest.raises(NotEligible, match="exam"):
        certificate_issue(actor=training.trainee, enrolment=training.enrolment)
    assert not Certificate.objects.exists()
    attempt = passed_attempt(training.programme.exam, training.trainee)  # type: ignore[arg-type]
    cert = certificate_issue(actor=training.trainee, enrolment=training.enrolment)
    assert cert.attempt == attempt
    assert cert.holder_name == "陈静"
    assert cert.number == f"XL-2026-{cert.pk:06d}"
    assert str(cert.issued_on) == "2026-05-12" and str(cert.expires_on) == "2029-05-12"
    assert len(cert.code) >= 24
    # Idempotent: asking again (the trainee or the administrator) gives the same one.
    assert certificate_issue(actor=training.cadre_a, enrolment=training.enrolment) == cert
    assert Certificate.objects.count() == 1
    assert AuditEntry.objects.filter(action="learning.certificate.issued").count() == 1


def test_a_failed_attempt_does_not_count_as_the_passed_exam(
    training: Training, during: time_machine.Traveller
) -> None:
    for lecture in training.lectures:
        sign_in(lecture, "陈静", "甲一企业服务室")
    failed = passed_attempt(training.programme.exam, training.trainee)  # type: ignore[arg-type]
    failed.passed = False
    failed.save()
    assert progress(training).exam_passed is False
    with pytest.raises(NotEligible):
        certificate_issue(actor=training.trainee, enrolment=training.enrolment)


def test_an_outsider_cannot_issue(training: Training, cadre_b: User) -> None:
    with pytest.raises(NotFound):
        certificate_issue(actor=cadre_b, enrolment=training.enrolment)


def test_certified_people_are_counted_per_unit_and_year_without_revoked_ones(
    training: Training, certified: Certificate
) -> None:
    room = training.tree["room_a1r"]
    assert selectors.certified_counts(year=2026) == {(room.pk, 2026): 1}
    assert selectors.certified_counts(year=2025) == {}
    certificate_revoke(actor=training.cadre_a, certificate=certified, reason="证书信息有误")
    assert selectors.certified_counts() == {}
