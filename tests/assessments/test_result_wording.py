"""What workers and operators read (issue 10): one retrieval code for the check-up bundle,
the district question lists districts, call-backs reach the hotline queue in words, and the personal
PDF prints a full link."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pdfminer.high_level import extract_text

from assessments import services
from assessments.forms import FinishForm
from assessments.models import Report, ReportStatus, Submission
from assessments.services import reports
from network.models import OrgUnit, Role
from tests.assessments.portal import GAD7_MODERATE, PHQ9_MILD, take
from tests.hotline.factories import LineFactory
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

CODE_SHAPE = re.compile(r"\b[2-9A-HJKMNP-Z]{4}(?:-[2-9A-HJKMNP-Z]{4}){3}\b")
RISKY = [0] * 8 + [1]  # PHQ-9: item 9 > 0


def test_the_check_up_gives_one_code_that_opens_both_results(
    instruments: None, client: Client
) -> None:
    response = take(client, "checkup", {"phq9": PHQ9_MILD, "gad7": GAD7_MODERATE})
    page = client.get(response["Location"]).content.decode()
    codes = set(CODE_SHAPE.findall(page))
    assert len(codes) == 1
    assert page.count('class="code"') == 1
    (code,) = codes
    submissions = list(Submission.objects.order_by("pk"))
    assert len(submissions) == 2
    assert submissions[0].retrieval_hash == submissions[1].retrieval_hash

    elsewhere = Client()
    opened = elsewhere.post(reverse("assessments:open_code"), {"code": code})
    assert opened["Location"] == reverse(
        "assessments:results", kwargs={"public_ids": [s.public_id for s in submissions]}
    )
    both = elsewhere.get(opened["Location"])
    assert both.status_code == 200 and len(both.context["cards"]) == 2


def test_single_questionnaires_still_get_a_code_each(instruments: None) -> None:
    first, first_code = services.submission_create(
        actor=None, instrument_code="phq9", answers=PHQ9_MILD, language="en"
    )
    _second, second_code = services.submission_create(
        actor=None, instrument_code="phq9", answers=PHQ9_MILD, language="en"
    )
    assert first_code != second_code
    assert services.submissions_for_code(first_code) == [first]


def test_the_district_question_lists_districts_not_offices(
    instruments: None, tree: dict[str, OrgUnit]
) -> None:
    field = FinishForm().fields["district"]
    choices = [str(label) for value, label in field.choices if value]
    # small_tree's districts are the offices 甲区分中心 and 乙区分中心.
    assert choices == ["甲区", "乙区"]
    assert not {"市中心", "甲一心灵驿站", "甲区企业服务室"} & set(choices)


def test_the_hotline_queue_shows_instrument_band_and_risk_in_words(
    instruments: None, login: Login, tree: dict[str, OrgUnit]
) -> None:
    line = LineFactory(unit=tree["centre"])
    submission, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=RISKY, language="en"
    )
    services.callback_request_create(
        submission=submission, contact_phone="13800138000", consent=True
    )
    operator = factories.staff("op@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    client = login(operator)
    desk = reverse("staff:hotline:desk", kwargs={"line": line.public_id})
    page = client.get(desk, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    band = submission.instrument_version.parsed.band(submission.band_code).label
    # Written in the staff's language whatever the worker's, as handed to the queue.
    with translation.override("zh-hans"):
        words = gettext("Self-assessment %(instrument)s, result: %(band)s.")
    assert words % {"instrument": "PHQ-9", "band": band.zh_hans} in page
    assert "您提到近两周有过不如死掉或伤害自己的念头。" in page
    for code in ("phq9", submission.band_code, "self_harm_thoughts"):
        assert code not in page.split("data-queue", 1)[1].split("</section>", 1)[0]


def report_text(report: Report) -> str:
    assert reports.report_render(report.pk) is True
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    return " ".join(extract_text(io.BytesIO(bytes(report.pdf))).split())


@override_settings(SITE_URL="")
def test_the_pdf_prints_the_full_link_of_the_station_map(instruments: None) -> None:
    submission, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=PHQ9_MILD, language="en"
    )
    report = reports.report_request(
        submission=submission, language="en", link_base="https://xinli.example.org/"
    )
    assert "https://xinli.example.org/stations/" in report_text(report)


@override_settings(SITE_URL="https://union.example.cn")
def test_the_pdf_link_uses_the_site_url_when_set(instruments: None) -> None:
    submission, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=PHQ9_MILD, language="en"
    )
    report = Report.objects.create(submission=submission, language="en")
    assert "https://union.example.cn/stations/" in report_text(report)
