"""The personal archive (心理健康档案): explicit consent, trends over time, revoking deletes."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from assessments import services
from assessments.models import ArchiveConsent, ArchiveEntry, Submission
from assessments.presentation import charts
from tests.assessments.portal import PHQ9_MILD, finish_url, result_url, take
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("assessments:archive")
REVOKE = reverse("assessments:archive_revoke")


@pytest.fixture
def signed_in(client: Client, worker: User) -> Client:
    client.force_login(worker)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def archived(worker: User, answers: list[int], days_ago: int, code: str = "phq9") -> Submission:
    submission, _code = services.submission_create(
        actor=worker, instrument_code=code, answers=answers, language="en", archive=True
    )
    Submission.objects.filter(pk=submission.pk).update(
        submitted_on=submission.submitted_on - timedelta(days=days_ago)
    )
    return submission


def test_the_archive_needs_an_account(instruments: None, client: Client) -> None:
    response = client.get(ARCHIVE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_consent_is_explicit(instruments: None, signed_in: Client, worker: User) -> None:
    page = html(signed_in.get(ARCHIVE))
    assert 'name="agree"' in page
    refused = signed_in.post(ARCHIVE, {})
    assert refused.status_code == 400
    assert "Tick the box to give your consent." in html(refused)
    assert not ArchiveConsent.objects.exists()

    granted = signed_in.post(ARCHIVE, {"agree": "on"})
    assert granted["Location"] == ARCHIVE
    assert ArchiveConsent.objects.get().user == worker
    assert "No results kept yet." in html(signed_in.get(ARCHIVE))


def test_with_consent_the_last_step_offers_the_archive(
    instruments: None, signed_in: Client, worker: User
) -> None:
    take(signed_in, "phq9", {"phq9": PHQ9_MILD})
    assert not ArchiveEntry.objects.exists()  # no consent: anonymous as anyone

    services.archive_consent_grant(actor=worker)
    signed_in.post(reverse("assessments:take", kwargs={"key": "phq9"}))
    for page in (1, 2, 3):
        signed_in.post(
            reverse("assessments:take_page", kwargs={"key": "phq9", "page": page}),
            {f"q{n}": PHQ9_MILD[n - 1] for n in range(1, 10)},
        )
    assert 'name="archive"' in html(signed_in.get(finish_url("phq9")))
    signed_in.post(finish_url("phq9"), {"skip": "1", "archive": "on"})
    entry = ArchiveEntry.objects.select_related("submission", "consent").get()
    assert entry.consent.user == worker
    assert Submission.objects.count() == 2


def test_the_archive_shows_each_instruments_trend(
    instruments: None, signed_in: Client, worker: User
) -> None:
    services.archive_consent_grant(actor=worker)
    first = archived(worker, [2, 2, 2, 2, 2, 1, 1, 0, 0], days_ago=60)  # 12: moderate
    archived(worker, [1, 1, 1, 1, 1, 1, 1, 0, 0], days_ago=30)  # 7: mild
    archived(worker, PHQ9_MILD, days_ago=0)  # 5: mild
    archived(worker, [0] * 7, days_ago=3, code="gad7")
    page = html(signed_in.get(ARCHIVE))
    assert page.count('class="trend-chart"') == 2  # PHQ-9 and GAD-7
    phq9 = page[page.index("Patient Health Questionnaire") :]
    phq9 = phq9[: phq9.index("</svg>")]
    assert phq9.count('<circle class="dot"') == 3
    assert '<polyline class="line"' in phq9
    assert phq9.count('<rect class="zone') == 5  # PHQ-9's five bands
    assert "<script>" not in page and "chart.js" not in page  # drawn on the server
    assert "Moderate" in page and "Mild" in page
    # The owner opens an archived result from any session: no code needed.
    assert signed_in.get(result_url(first)).status_code == 200
    someone = Client()
    someone.force_login(make_user("other@example.com"))
    assert someone.get(result_url(first)).status_code == 404


def test_revoking_deletes_the_archive_and_says_how_much(
    instruments: None, signed_in: Client, worker: User
) -> None:
    services.archive_consent_grant(actor=worker)
    kept = [archived(worker, PHQ9_MILD, days_ago=d) for d in (0, 10)]
    anonymous, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=PHQ9_MILD, language="en"
    )
    confirm = html(signed_in.get(REVOKE))
    assert "deletes the 2 results in your archive" in confirm
    assert Submission.objects.count() == 3  # the confirmation page deletes nothing

    response = signed_in.post(REVOKE)
    assert response["Location"] == ARCHIVE
    assert "2 archived results were deleted" in html(signed_in.get(ARCHIVE))
    assert not ArchiveConsent.objects.exists()
    assert not Submission.objects.filter(pk__in=[s.pk for s in kept]).exists()
    assert Submission.objects.get() == anonymous
    # Without consent there is nothing to revoke.
    assert signed_in.get(REVOKE)["Location"] == ARCHIVE


def test_the_archive_query_budget(
    instruments: None,
    signed_in: Client,
    worker: User,
    django_assert_max_num_queries: object,
) -> None:
    services.archive_consent_grant(actor=worker)
    for size in (2, 12):
        while Submission.objects.count() < size:
            archived(worker, PHQ9_MILD, days_ago=Submission.objects.count())
        with django_assert_max_num_queries(6):  # type: ignore[operator]
            assert signed_in.get(ARCHIVE).status_code == 200


# --- the chart's geometry -------------------------------------------------------------


def test_the_chart_puts_low_scores_low_and_bands_behind() -> None:
    bands = [
        charts.Zone(low=Decimal(0), high=Decimal(4), label="none", severity=0),
        charts.Zone(low=Decimal(5), high=Decimal(27), label="some", severity=4),
    ]
    samples = [
        charts.Sample(day=date(2026, 1, 1), value=0, label="none"),
        charts.Sample(day=date(2026, 2, 1), value=Decimal("27.00"), label="some"),
        charts.Sample(day=date(2026, 2, 1), value=5, label="some"),
    ]
    chart = charts.trend_chart(samples, bands=bands, low=Decimal(0), high=Decimal(27))
    low, high, mid = chart.points
    assert low.y == chart.bottom_edge and high.y == chart.top
    assert low.x == chart.left and mid.x == chart.right_edge
    assert low.x < high.x < mid.x  # the same day stays apart, in order
    assert [p.value for p in chart.points] == ["0", "27", "5"]
    assert chart.zones[0].css == "zone-0" and chart.zones[1].css == "zone-4"
    # The first band reaches up to where the second begins.
    assert chart.zones[0].y == pytest.approx(chart.zones[1].y + chart.zones[1].height)
    assert re.fullmatch(r"(\d+\.\d,\d+\.\d ?){3}", chart.polyline + " ")


def test_a_single_result_sits_in_the_middle() -> None:
    chart = charts.trend_chart(
        [charts.Sample(day=date(2026, 1, 1), value=3, label="x")],
        bands=[],
        low=Decimal(0),
        high=Decimal(10),
    )
    assert chart.points[0].x == (chart.left + chart.right_edge) / 2
    assert len(chart.x_ticks) == 1
