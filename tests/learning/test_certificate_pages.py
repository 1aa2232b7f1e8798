"""The certificate on the web: the PDF the worker downloads (its text), the public
verification page (valid, expired, revoked, unknown), the portal's training page with the
refresher offer, the staff pages (scoped), and the public verification API."""

from __future__ import annotations

import io
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pdfminer.high_level import extract_text

from accounts.models import User
from learning.models import Certificate, Programme
from learning.services import (
    EnrolmentData,
    certificate_issue,
    certificate_revoke,
    enrolment_create,
)
from network.models import AuditEntry, Membership, Role
from tests.accounts.factories import UserFactory
from tests.learning.conftest import Training, passed_attempt, sign_in
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def on(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(f"{day}T10:00:00+08:00"), tick=False)


def verify_url(cert: Certificate) -> str:
    return reverse("verify:certificate", kwargs={"code": cert.code})


def test_the_worker_downloads_a_pdf_naming_them_the_programme_and_the_number(
    login: Login, training: Training, certified: Certificate, caplog: pytest.LogCaptureFixture
) -> None:
    url = reverse("learning:certificate_pdf", kwargs={"public_id": certified.public_id})
    with caplog.at_level(logging.INFO):
        response = login(training.trainee).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(extract_text(io.BytesIO(response.content)).split())
    assert "陈静" in text
    assert "心理服务骨干五讲培训班" in text
    assert certified.number in text
    assert "2029-05-12" in text
    assert f"/verify/{certified.code}/" in text.replace(" ", "")
    assert not [r for r in caplog.records if "fontTools" in r.getMessage()]


def test_nobody_else_downloads_the_certificate(
    login: Login, certified: Certificate, cadre_b: User
) -> None:
    url = reverse("learning:certificate_pdf", kwargs={"public_id": certified.public_id})
    assert login(UserFactory.create()).get(url).status_code == 404
    assert login(cadre_b).get(url).status_code == 404


def test_the_verification_page_says_valid_without_a_login_and_masks_the_name(
    client: Client, certified: Certificate
) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(verify_url(certified))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="valid"' in body and "VALID" in body
    assert "陈*" in body and "陈静" not in body
    assert "心理服务骨干五讲培训班" in body and certified.number in body
    assert "no-store" in response["Cache-Control"]


def test_the_verification_page_says_expired_after_the_expiry_date(
    client: Client, certified: Certificate
) -> None:
    with on("2029-05-12"):
        assert 'data-status="valid"' in client.get(verify_url(certified)).content.decode()
    with on("2029-05-13"):
        body = client.get(verify_url(certified), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-status="expired"' in body and "EXPIRED" in body


def test_the_verification_page_says_revoked(
    client: Client, training: Training, certified: Certificate
) -> None:
    certificate_revoke(actor=training.cadre_a, certificate=certified, reason="冒用他人身份")
    body = client.get(verify_url(certified), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-status="revoked"' in body and "REVOKED" in body
    assert "冒用" not in body  # the reason is not public


def test_an_unknown_code_is_not_found(client: Client, certified: Certificate) -> None:
    response = client.get(reverse("verify:certificate", kwargs={"code": "not-a-real-code"}))
    assert response.status_code == 404
    assert 'data-status="unknown"' in response.content.decode()


def test_the_training_page_offers_the_certificate_then_the_refresher_near_expiry(
    login: Login, training: Training, certified: Certificate
) -> None:
    client = login(training.trainee)
    url = reverse("learning:training")
    body = client.get(url).content.decode()
    assert certified.number in body and "data-download" in body
    assert "Sessions attended: 2 of 2 required" in body
    assert "data-refresher" not in body
    with on("2029-03-13"):
        body = login(training.trainee).get(url).content.decode()  # a fresh session then
    assert "data-refresher" in body and "Renew my certificate" in body


def test_an_eligible_trainee_gets_the_certificate_from_the_portal(
    login: Login, training: Training, during: time_machine.Traveller
) -> None:
    for lecture in training.lectures[1:]:
        sign_in(lecture, "陈静", "甲一企业服务室")
    passed_attempt(training.programme.exam, training.trainee)  # type: ignore[arg-type]
    client = login(training.trainee)
    assert "data-get-certificate" in client.get(reverse("learning:training")).content.decode()
    url = reverse(
        "learning:certificate_request", kwargs={"public_id": training.enrolment.public_id}
    )
    assert client.post(url).status_code == 302
    assert Certificate.objects.filter(enrolment=training.enrolment).count() == 1


def test_the_staff_programme_page_lists_trainees_of_the_viewers_subtree_only(
    login: Login,
    training: Training,
    certified: Certificate,
    cadre_b: User,
) -> None:
    url = reverse("staff:learning:programme", kwargs={"public_id": training.programme.public_id})
    response = login(training.cadre_a).get(url)
    assert response.status_code == 200
    assert certified.number in response.content.decode()
    body = login(cadre_b).get(url).content.decode()
    assert certified.number not in body and "陈静" not in body
    viewed = AuditEntry.objects.filter(action="learning.trainees.viewed")
    assert [entry.actor for entry in viewed] == [training.cadre_a]  # nothing shown to cadre_b


def test_the_register_page_and_the_backbone_button(
    login: Login, training: Training, certified: Certificate, cadre_b: User
) -> None:
    client = login(training.cadre_a)
    response = client.get(reverse("staff:learning:register"))
    assert response.status_code == 200 and certified.number in response.content.decode()
    grant = reverse("staff:learning:backbone_grant", kwargs={"public_id": certified.public_id})
    assert login(cadre_b).post(grant).status_code == 404
    assert not Membership.objects.filter(role=Role.BACKBONE).exists()
    assert login(training.cadre_a).post(grant).status_code == 302
    assert Membership.objects.filter(user=training.trainee, role=Role.BACKBONE).exists()
    revoke = reverse("staff:learning:certificate_revoke", kwargs={"public_id": certified.public_id})
    assert login(training.cadre_a).post(revoke, {"reason": "离职"}).status_code == 302
    certified.refresh_from_db()
    assert certified.revoke_reason == "离职"


def test_an_administrator_enrols_a_person_by_e_mail_on_the_staff_page(
    login: Login, training: Training, cadre_b: User
) -> None:
    person = UserFactory.create(email="wang.fang@example.com")
    url = reverse("staff:learning:programme", kwargs={"public_id": training.programme.public_id})
    data = {
        "person": "wang.fang@example.com",
        "unit": training.tree["station_b1"].pk,
        "sign_in_name": "王芳",
    }
    # District A's administrator cannot choose a unit of district B.
    assert login(training.cadre_a).post(url, data).status_code == 400
    assert login(cadre_b).post(url, data).status_code == 302
    assert person.training_enrolments.get().unit == training.tree["station_b1"]


def test_the_api_verifies_a_certificate_for_anyone(
    client: Client, training: Training, certified: Certificate
) -> None:
    url = reverse("api-certificate-verify", kwargs={"code": certified.code})
    response = client.get(url)
    assert response.status_code == 200
    data = response.json()
    assert data == {
        "status": "valid",
        "holder": "陈*",
        "programme": "心理服务骨干五讲培训班",
        "issued_by": "市中心",
        "number": certified.number,
        "issued_on": "2026-05-12",
        "expires_on": "2029-05-12",
    }
    certificate_revoke(actor=training.cadre_a, certificate=certified, reason="离职")
    assert client.get(url).json()["status"] == "revoked"
    missing = client.get(reverse("api-certificate-verify", kwargs={"code": "nope"}))
    assert missing.status_code == 404


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_staff_pages_query_budget_does_not_grow_with_the_trainees(
    login: Login, training: Training, certified: Certificate, centre_admin: User
) -> None:
    client = login(centre_admin)
    register = reverse("staff:learning:register")
    programme = reverse(
        "staff:learning:programme", kwargs={"public_id": training.programme.public_id}
    )
    small = (_queries(client, register), _queries(client, programme))
    for number in range(3):
        person = UserFactory.create()
        enrolment = enrolment_create(
            actor=centre_admin,
            programme=training.programme,
            person=person,
            unit=training.tree["room_ar"],
            data=EnrolmentData(sign_in_name=f"学员{number}"),
        )
        for lecture in training.lectures[:2]:
            sign_in(lecture, f"学员{number}", "甲区企业服务室")
        passed_attempt(training.programme.exam, person)  # type: ignore[arg-type]
        with time_machine.travel(datetime(2026, 5, 12, 10, tzinfo=SHANGHAI), tick=False):
            certificate_issue(actor=person, enrolment=enrolment)
    large = (_queries(client, register), _queries(client, programme))
    assert large == small
    assert max(large) <= 25


def test_the_register_downloads_as_xlsx_with_the_viewers_people_only(
    login: Login, training: Training, certified: Certificate, cadre_b: User
) -> None:
    url = reverse("staff:learning:register") + "?format=xlsx"
    response = login(training.cadre_a).get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3]) for r in rows] == [("陈静", certified.number)]
    other = load_workbook(io.BytesIO(login(cadre_b).get(url).content)).active
    assert other is not None and other.max_row == 1  # the header only


def test_an_administrator_issues_the_certificate_from_the_programme_page(
    login: Login, training: Training, cadre_b: User, during: time_machine.Traveller
) -> None:
    for lecture in training.lectures[:2]:
        sign_in(lecture, "陈静", "甲一企业服务室")
    passed_attempt(training.programme.exam, training.trainee)  # type: ignore[arg-type]
    url = reverse(
        "staff:learning:certificate_issue", kwargs={"public_id": training.enrolment.public_id}
    )
    assert login(cadre_b).post(url).status_code == 404
    assert not Certificate.objects.exists()
    assert login(training.cadre_a).post(url).status_code == 302
    assert Certificate.objects.get().issued_by == training.cadre_a


def test_a_worker_enrols_themselves_where_the_programme_allows_it(
    login: Login, training: Training
) -> None:
    worker = UserFactory.create(first_name="芳", last_name="王")
    url = reverse("learning:enrol", kwargs={"public_id": training.programme.public_id})
    client = login(worker)
    assert client.get(url).status_code == 404  # not open to self-enrolment
    Programme.objects.filter(pk=training.programme.pk).update(self_enrolment=True)
    page = client.get(url)
    assert page.status_code == 200 and 'value="王芳"' in page.content.decode()
    data = {"unit": training.tree["station_b1"].pk, "sign_in_name": "王芳"}
    assert client.post(url, data).status_code == 302
    enrolment = worker.training_enrolments.get()
    assert enrolment.self_enrolled and enrolment.sign_in_unit_name == "乙一心灵驿站"
    assert "心理服务骨干五讲培训班" in client.get(reverse("learning:training")).content.decode()


def test_the_programme_page_warns_when_the_attendance_cannot_be_met(
    login: Login, training: Training
) -> None:
    url = reverse("staff:learning:programme", kwargs={"public_id": training.programme.public_id})
    client = login(training.cadre_a)
    assert "data-unreachable" not in client.get(url).content.decode()
    Programme.objects.filter(pk=training.programme.pk).update(required_sessions=4)  # 3 lectures
    assert "data-unreachable" in client.get(url).content.decode()
