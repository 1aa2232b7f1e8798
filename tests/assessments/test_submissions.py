"""Anonymous submissions, the personal archive and call-back requests."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core import mail

from accounts.models import User
from assessments import services
from assessments.models import (
    ArchiveEntry,
    CallbackRequest,
    Campaign,
    Instrument,
    Submission,
)
from core import clock
from hotline.models import ContactRequest
from hotline.services import contact_assign, contact_close
from network.models import OrgUnit, Role
from tests.conftest import make_user
from tests.hotline.factories import LineFactory
from tests.network import factories

pytestmark = pytest.mark.django_db

PHQ9_MILD = [1, 1, 1, 1, 1, 0, 0, 0, 0]  # total 5: mild, item 9 = 0
PHQ9_ITEM9 = [0, 0, 0, 0, 0, 0, 0, 0, 1]  # total 1, but item 9 > 0


def test_a_submission_stores_nothing_that_identifies_the_worker(
    instruments: None, worker: User
) -> None:
    submission, code = services.submission_create(
        actor=worker, instrument_code="phq9", answers=PHQ9_MILD, language="zh-hans"
    )
    field_names = {f.name for f in Submission._meta.get_fields()}
    assert not field_names & {"user", "owner", "ip", "ip_address", "device", "user_agent", "name"}
    assert submission.band_code == "mild"
    assert code not in submission.retrieval_hash
    assert len(services.normalise_code(code)) == 16
    assert services.submission_for_code(code) == submission
    assert services.submission_for_code(code.lower().replace("-", " ")) == submission
    assert services.submission_for_code("AAAA-BBBB-CCCC-DDDD") is None


def test_item_9_flags_risk_whatever_the_total(instruments: None) -> None:
    submission, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=PHQ9_ITEM9, language="en"
    )
    assert submission.risk is True
    assert submission.band_code == "minimal"


def test_expired_codes_open_nothing(instruments: None) -> None:
    submission, code = services.submission_create(
        actor=None, instrument_code="gad7", answers=[0] * 7, language="en"
    )
    Submission.objects.filter(pk=submission.pk).update(expires_on=clock.today())
    assert services.submission_for_code(code) is None


def test_the_archive_needs_consent_and_revoking_deletes_it(instruments: None, worker: User) -> None:
    services.submission_create(
        actor=worker, instrument_code="phq9", answers=PHQ9_MILD, language="en", archive=True
    )
    assert not ArchiveEntry.objects.exists()
    services.archive_consent_grant(actor=worker)
    kept, _code = services.submission_create(
        actor=worker, instrument_code="phq9", answers=PHQ9_MILD, language="en", archive=True
    )
    assert ArchiveEntry.objects.get().submission == kept
    assert services.archive_consent_revoke(actor=worker) == 1
    assert not Submission.objects.filter(pk=kept.pk).exists()
    assert Submission.objects.count() == 1  # the unarchived one stays, anonymous


def test_a_campaign_tags_submissions_only_while_open(
    instruments: None, tree: dict[str, OrgUnit]
) -> None:
    today = clock.today()
    campaign = Campaign.objects.create(
        code="TESTCODE",
        unit=tree["room_ar"],
        name="测评",
        opens_on=today,
        closes_on=today + timedelta(days=7),
        workforce=50,
    )
    campaign.instruments.add(Instrument.objects.get(code="phq9"))
    submission, _ = services.submission_create(
        actor=None, instrument_code="phq9", answers=PHQ9_MILD, language="en", campaign=campaign
    )
    assert submission.unit == tree["room_ar"]
    assert submission.unit_path == tree["room_ar"].path
    with pytest.raises(services.InstrumentUnavailable):
        services.submission_create(
            actor=None, instrument_code="gad7", answers=[0] * 7, language="en", campaign=campaign
        )
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=today - timedelta(days=7), closes_on=today - timedelta(days=1)
    )
    campaign.refresh_from_db()
    with pytest.raises(services.CampaignClosed):
        services.submission_create(
            actor=None, instrument_code="phq9", answers=PHQ9_MILD, language="en", campaign=campaign
        )


def test_a_call_back_request_alerts_the_duty_operators_without_the_number(
    instruments: None,
    tree: dict[str, OrgUnit],
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: object,
) -> None:
    factories.staff("operator@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    submission, _ = services.submission_create(
        actor=None, instrument_code="phq9", answers=PHQ9_ITEM9, language="zh-hans"
    )
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        request = services.callback_request_create(
            submission=submission, contact_phone="138 0013 8000", consent=True
        )
    assert request.contact_phone == "+8613800138000"
    assert request.duty_unit == tree["centre"]
    assert request.risk_reasons == submission.risk_reasons
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["operator@example.com"]
    assert "13800138000" not in mail.outbox[0].body
    assert "13800138000" not in caplog.text


@pytest.mark.parametrize(
    ("phone", "consent", "field"),
    [("12345", True, "contact_phone"), ("13800138000", False, "consent")],
)
def test_a_call_back_needs_a_real_number_and_consent(
    instruments: None, tree: dict[str, OrgUnit], phone: str, consent: bool, field: str
) -> None:
    with pytest.raises(services.CallbackInvalid) as caught:
        services.callback_request_create(submission=None, contact_phone=phone, consent=consent)
    assert field in caught.value.fields
    assert not CallbackRequest.objects.exists()


def test_only_hotline_staff_handle_call_backs(
    instruments: None, tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    LineFactory(unit=tree["centre"])
    request = services.callback_request_create(
        submission=None, contact_phone="13800138000", consent=True
    )
    queued = ContactRequest.objects.get(reference=str(request.public_id))
    outsider = make_user("someone@example.com")
    for stranger in (cadre_a, outsider):
        with pytest.raises(services.NotFound):
            contact_close(actor=stranger, request=queued, outcome="reached")
    request.refresh_from_db()
    assert request.status == "open"
    operator = factories.staff("op@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    contact_assign(actor=operator, request=queued, assignee=operator)
    request.refresh_from_db()
    assert request.status == "in_progress"
    assert request.handled_by == operator
