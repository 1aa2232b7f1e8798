"""Unit campaigns: creating and closing, the aggregate report, figures, the join page, PDFs."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTRect

from accounts.models import User
from assessments import selectors as campaign_selectors
from assessments import services
from assessments.models import Campaign
from assessments.services import campaigns
from assessments.services.campaigns import JOIN_CODE_ALPHABET, CampaignInvalid
from core import clock
from core.errors import Conflict, NotFound
from network import access
from network.models import AuditEntry, OrgUnit
from tests.assessments.factories import add_answers, closed_campaign, make_campaign
from tests.network import factories
from tests.network.personas import ALL_ROLES, Login

pytestmark = pytest.mark.django_db

LIST = reverse("staff:assessments:campaign_list")
CREATE = reverse("staff:assessments:campaign_create")
FIGURES = reverse("staff:assessments:figures")


def pdf_text(response: Any) -> str:
    assert response["Content-Type"] == "application/pdf"
    return extract_text(io.BytesIO(response.content))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- creating and closing ---------------------------------------------------------------


def test_a_district_cadre_creates_a_campaign_for_a_room_of_its_district(
    instruments: None, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    today = clock.today()
    campaign = campaigns.campaign_create(
        actor=cadre_a,
        unit=tree["room_a1r"],
        name="  一季度心理体检 ",
        instrument_codes=["phq9", "gad7"],
        opens_on=today,
        closes_on=today + timedelta(days=30),
        workforce=240,
    )
    assert campaign.name == "一季度心理体检"
    assert {i.code for i in campaign.instruments.all()} == {"phq9", "gad7"}
    assert 8 <= len(campaign.code) <= 10 and set(campaign.code) <= set(JOIN_CODE_ALPHABET)
    assert campaign.created_by == cadre_a
    entry = AuditEntry.objects.get(action="assessments.campaign.created")
    assert entry.actor == cadre_a and entry.unit == tree["room_a1r"]
    assert entry.target_id == str(campaign.pk)
    assert entry.details["instruments"] == ["phq9", "gad7"]


def test_join_codes_are_unique(instruments: None, cadre_a: User, tree: dict[str, OrgUnit]) -> None:
    today = clock.today()
    codes = {
        campaigns.campaign_create(
            actor=cadre_a,
            unit=tree["room_ar"],
            name=f"批次 {n}",
            instrument_codes=["who5"],
            opens_on=today,
            closes_on=today,
            workforce=10,
        ).code
        for n in range(20)
    }
    assert len(codes) == 20


@pytest.mark.parametrize("persona", ["cadre_b", "counsellor_a", "analyst", "worker"])
def test_a_unit_outside_the_reach_is_not_found(
    instruments: None, persona: str, request: pytest.FixtureRequest, tree: dict[str, OrgUnit]
) -> None:
    today = clock.today()
    with pytest.raises(NotFound):
        campaigns.campaign_create(
            actor=request.getfixturevalue(persona),
            unit=tree["room_ar"],
            name="x",
            instrument_codes=["phq9"],
            opens_on=today,
            closes_on=today,
            workforce=10,
        )
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"opens_on": -1}, "opens_on"),
        ({"closes_on": -1}, "closes_on"),
        ({"workforce": 0}, "workforce"),
        ({"workforce": None}, "workforce"),
        ({"name": "   "}, "name"),
        ({"instrument_codes": []}, "instruments"),
        ({"instrument_codes": ["phq9", "scl90"]}, "instruments"),
    ],
)
def test_bad_input_is_a_field_error(
    instruments: None,
    cadre_a: User,
    tree: dict[str, OrgUnit],
    change: dict[str, Any],
    field: str,
) -> None:
    today = clock.today()
    kwargs: dict[str, Any] = {
        "name": "体检",
        "instrument_codes": ["phq9"],
        "opens_on": today,
        "closes_on": today + timedelta(days=3),
        "workforce": 50,
    }
    for key, value in change.items():
        if key in {"opens_on", "closes_on"}:
            kwargs[key] = today + timedelta(days=value)
        else:
            kwargs[key] = value
    with pytest.raises(CampaignInvalid) as caught:
        campaigns.campaign_create(actor=cadre_a, unit=tree["room_ar"], **kwargs)
    assert set(caught.value.fields) == {field}
    assert not AuditEntry.objects.filter(action="assessments.campaign.created").exists()


def test_closing_stops_new_answers_and_the_join_page(
    instruments: None, cadre_a: User, cadre_b: User, tree: dict[str, OrgUnit], client: Any
) -> None:
    campaign = make_campaign(tree["room_ar"], opens_on=clock.today() - timedelta(days=3))
    join = reverse("assessments:campaign_join", args=[campaign.code])
    assert client.get(join).status_code == 200
    with pytest.raises(NotFound):
        campaigns.campaign_close(actor=cadre_b, campaign=campaign)
    campaigns.campaign_close(actor=cadre_a, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.ended_at is not None and campaign.is_closed_on(clock.today())
    assert AuditEntry.objects.filter(action="assessments.campaign.closed").count() == 1
    with pytest.raises(services.CampaignClosed):
        services.submission_create(
            actor=None, instrument_code="phq9", answers=[0] * 9, language="en", campaign=campaign
        )
    with pytest.raises(Conflict):
        campaigns.campaign_close(actor=cadre_a, campaign=campaign)
    response = client.get(join)
    assert response.status_code == 404
    assert "not open" in response.content.decode() or "未开放" in response.content.decode()


def test_closing_a_campaign_that_opened_today(
    instruments: None, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    campaign = make_campaign(tree["room_ar"])
    planned = (campaign.opens_on, campaign.closes_on)
    campaigns.campaign_close(actor=cadre_a, campaign=campaign)
    campaign.refresh_from_db()
    assert (campaign.opens_on, campaign.closes_on) == planned  # the true dates stay
    assert campaign.ended_at is not None and not campaign.is_open_on(clock.today())


def test_the_create_form_creates_and_shows_field_errors(
    instruments: None, login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(cadre_a)
    page = client.get(CREATE)
    assert page.status_code == 200
    units = list(page.context["form"].fields["unit"].queryset)
    assert tree["room_a1r"] in units and tree["station_b1"] not in units
    today = clock.today()
    data = {
        "unit": str(tree["room_a1r"].public_id),
        "name": "三月测评",
        "instruments": ["phq9", "gad7"],
        "opens_on": today.isoformat(),
        "closes_on": (today - timedelta(days=1)).isoformat(),
        "workforce": "80",
    }
    bad = client.post(CREATE, data)
    assert bad.status_code == 400
    assert "closes_on" in bad.context["form"].errors
    assert not Campaign.objects.exists()
    data["closes_on"] = (today + timedelta(days=10)).isoformat()
    good = client.post(CREATE, data)
    campaign = Campaign.objects.get()
    assert good.status_code == 302
    assert good["Location"] == reverse("staff:assessments:campaign_detail", args=[campaign.code])
    # A unit of another district is not even a choice.
    data["unit"] = str(tree["station_b1"].public_id)
    assert "unit" in client.post(CREATE, data).context["form"].errors


# --- the report ---------------------------------------------------------------------------


def test_fewer_than_ten_answers_show_only_the_count(
    instruments: None, login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    campaign = closed_campaign(tree["room_ar"])
    add_answers({"minimal": 4, "mild": 3, "severe": 2}, campaign=campaign, risk=2)
    report = campaign_selectors.campaign_report(campaign)
    assert report.withheld and report.submissions == 9
    assert report.sections == () and report.risk is None and report.actions == ()

    client = login(cadre_a)
    page = client.get(reverse("staff:assessments:campaign_detail", args=[campaign.code]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Only 9 answers." in html
    assert "None or minimal" not in html and "Severe" not in html and "risk:" not in html

    pdf = client.get(reverse("staff:assessments:campaign_report_pdf", args=[campaign.code]))
    text = pdf_text(pdf)
    assert "Only 9 answers." in " ".join(text.split())
    assert "Severe" not in text and "minimal" not in text


def test_an_open_campaign_shows_only_its_count_until_it_closes(
    instruments: None, login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    """Day-by-day figures would give away each day's answers by their difference."""
    campaign = make_campaign(tree["room_ar"], opens_on=clock.today() - timedelta(days=3))
    add_answers({"minimal": 20, "mild": 12}, campaign=campaign)
    report = campaign_selectors.campaign_report(campaign)
    assert report.in_progress and not report.withheld and report.submissions == 32
    assert report.sections == () and report.risk is None
    html = (
        login(cadre_a)
        .get(reverse("staff:assessments:campaign_detail", args=[campaign.code]))
        .content.decode()
    )
    assert "The report is made once the campaign has closed" in html
    assert "None or minimal" not in html
    campaigns.campaign_close(actor=cadre_a, campaign=campaign)
    campaign.refresh_from_db()
    closed = campaign_selectors.campaign_report(campaign)
    assert not closed.in_progress and closed.sections[0].bands[0].count == 20


def test_the_report_of_25_answers_hides_small_bands_and_compares(
    instruments: None, login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    campaign = closed_campaign(tree["room_a1r"], workforce=50)
    # 12 minimal, 10 mild, 3 moderate: the 3 is hidden, and with it the next smallest (10).
    add_answers({"minimal": 12, "mild": 10, "moderate": 3}, campaign=campaign, risk=2)
    # The rest of district A (another room) and of the city (district B), same dates.
    day = campaign.closes_on
    add_answers({"minimal": 30, "mild": 20, "moderate": 10}, unit=tree["room_ar"], day=day)
    add_answers(
        {"minimal": 50, "mild": 40, "moderate": 20, "severe": 10}, unit=tree["station_b1"], day=day
    )
    # Outside the campaign's dates: not compared.
    add_answers({"severe": 40}, unit=tree["station_b1"])

    report = campaign_selectors.campaign_report(campaign)
    assert not report.withheld and not report.in_progress and report.submissions == 25
    assert report.participation == pytest.approx(50)
    assert report.risk is None  # 2 of 25: hidden
    (section,) = report.sections
    by_code = {row.code: row for row in section.bands}
    assert [row.code for row in section.bands] == [
        "minimal",
        "mild",
        "moderate",
        "moderately_severe",
        "severe",
    ]
    assert by_code["minimal"].count == 12 and str(by_code["minimal"].share) == "48.0"
    assert by_code["mild"].count is None and by_code["moderate"].count is None
    assert by_code["severe"].count == 0
    # District A = campaign + room_ar: minimal (12+30)/85; hidden where the campaign hides.
    assert str(by_code["minimal"].district_share) == "49.4"
    assert by_code["mild"].district_share is None
    assert section.district_total == 85 and section.city_total == 205
    assert str(by_code["minimal"].city_share) == "44.9"  # (12+30+50)/205
    assert str(by_code["severe"].city_share) == "4.9"  # 10/205
    assert len(report.actions) == 4  # risk, counselling days, courses, and the one always given

    client = login(cadre_a)
    page = client.get(reverse("staff:assessments:campaign_detail", args=[campaign.code]))
    html = page.content.decode()
    assert "None or minimal" in html and "48.0 %" in html and "Answers showing a risk: *" in html
    assert "Arrange counselling days" in html

    pdf = client.get(reverse("staff:assessments:campaign_report_pdf", args=[campaign.code]))
    text = " ".join(pdf_text(pdf).split())
    assert "Unit assessment report" in text and campaign.name in text
    assert "None or minimal" in text and "48.0 %" in text and "n = 85" in text
    assert "Arrange counselling days" in text


def test_the_chinese_pdf_names_the_bands(
    instruments: None, login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    campaign = closed_campaign(tree["room_ar"])
    add_answers({"minimal": 15, "mild": 12}, campaign=campaign)
    client = login(cadre_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    text = pdf_text(
        client.get(reverse("staff:assessments:campaign_report_pdf", args=[campaign.code]))
    )
    assert "轻度抑郁症状" in text and squeeze(campaign.name) in squeeze(text)


def test_a_small_rest_of_the_district_is_not_compared(
    instruments: None, tree: dict[str, OrgUnit]
) -> None:
    """District = campaign + 3 others: showing it would give away those 3."""
    campaign = closed_campaign(tree["room_a1r"])
    add_answers({"minimal": 15, "mild": 15}, campaign=campaign)
    add_answers({"minimal": 2, "mild": 1}, unit=tree["room_ar"], day=campaign.closes_on)
    add_answers({"minimal": 40, "mild": 30}, unit=tree["station_b1"], day=campaign.closes_on)
    (section,) = campaign_selectors.campaign_report(campaign).sections
    assert section.district_total is None
    assert all(row.district_share is None for row in section.bands)
    # The city is compared as campaign + everything else (73 others).
    assert section.city_total == 103
    assert str(section.bands[0].city_share) == str(round(100 * 57 / 103, 1))


@pytest.mark.parametrize("level", ["centre", "district_a"])
def test_campaigns_of_the_centre_and_of_a_district_compare_too(
    instruments: None, tree: dict[str, OrgUnit], level: str
) -> None:
    campaign = closed_campaign(tree[level])
    add_answers({"minimal": 20, "mild": 10}, campaign=campaign)
    day = campaign.opens_on
    add_answers({"minimal": 40, "mild": 20}, unit=tree["station_b1"], day=day)
    add_answers({"minimal": 15, "mild": 15}, unit=tree["room_ar"], day=day)
    report = campaign_selectors.campaign_report(campaign)
    (section,) = report.sections
    assert section.city_total == 120
    if level == "centre":
        assert report.district is None and section.district_total is None
    else:
        assert report.district == tree["district_a"] and section.district_total == 60


def test_a_questionnaire_with_few_answers_shows_only_its_count(
    instruments: None, tree: dict[str, OrgUnit]
) -> None:
    campaign = closed_campaign(tree["room_ar"], codes=("phq9", "gad7"))
    add_answers({"minimal": 20, "mild": 10}, campaign=campaign)
    add_answers({"minimal": 4}, code="gad7", campaign=campaign)
    report = campaign_selectors.campaign_report(campaign)
    gad7, phq9 = report.sections
    assert gad7.code == "gad7" and gad7.withheld and gad7.answers == 4 and gad7.bands == ()
    assert phq9.answers == 30 and not phq9.withheld


# --- figures across a subtree ----------------------------------------------------------------


@pytest.fixture
def network_results(instruments: None, tree: dict[str, OrgUnit]) -> None:
    """PHQ-9 this year. District A: 60 (room A1r 30, 10 mild or above; room Ar 30, 20);
    district B: 32, 12 mild or above. GAD-7: 16 in district B, 4 mild or above."""
    in_a1r = make_campaign(tree["room_a1r"])
    add_answers({"minimal": 20, "mild": 6, "moderate": 4}, campaign=in_a1r)
    add_answers({"minimal": 10, "mild": 15, "severe": 5}, unit=tree["room_ar"])
    add_answers({"minimal": 20, "mild": 12}, unit=tree["station_b1"])
    add_answers({"minimal": 12, "mild": 4}, code="gad7", unit=tree["station_b1"])


def rows_of(figures: campaign_selectors.Figures) -> dict[str, tuple[int | None, int | None]]:
    return {str(row.label): (row.tested, row.mild) for row in figures.by_unit}


def test_figures_say_how_many_were_tested_and_how_many_mild_or_above(
    network_results: None, login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    figures = campaign_selectors.subtree_figures(centre_admin, instrument_code="phq9")
    assert figures.unit == tree["centre"]
    assert figures.tested == 92 and figures.mild == 42
    assert rows_of(figures) == {
        tree["district_a"].name: (60, 30),
        tree["district_b"].name: (32, 12),
    }
    # Each questionnaire on its own: GAD-7's 4 of 16 is hidden.
    per_instrument = {row.label: (row.tested, row.mild) for row in figures.by_instrument}
    assert per_instrument == {"GAD-7": (16, None), "PHQ-9": (92, 42)}
    html = login(centre_admin).get(FIGURES, {"instrument": "phq9"}).content.decode()
    assert "92 tested, 42 mild or above" in html


def test_a_figure_hidden_in_the_city_view_stays_hidden_in_the_district_view(
    instruments: None, centre_admin: User, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    """District B has 4 mild or above. The city's table hides it and, the city total being
    shown, district A's 30 too; showing A's 30 in A's own view would give B's 4 away."""
    add_answers({"minimal": 20, "mild": 6, "moderate": 4}, unit=tree["room_a1r"])
    add_answers({"minimal": 10, "mild": 15, "severe": 5}, unit=tree["room_ar"])
    add_answers({"minimal": 12, "mild": 4}, unit=tree["station_b1"])
    city = campaign_selectors.subtree_figures(centre_admin)
    assert (city.tested, city.mild) == (76, 34)
    assert rows_of(city) == {
        tree["district_a"].name: (60, None),
        tree["district_b"].name: (16, None),
    }
    for viewer in (centre_admin, cadre_a):
        district = campaign_selectors.subtree_figures(viewer, unit=tree["district_a"])
        assert (district.tested, district.mild) == (60, None)
        assert rows_of(district) == {
            tree["station_a1"].name: (30, None),
            tree["room_ar"].name: (30, None),
        }


def test_figures_of_a_district_stay_in_the_district(
    network_results: None, login: Login, cadre_a: User, cadre_b: User, tree: dict[str, OrgUnit]
) -> None:
    figures = campaign_selectors.subtree_figures(cadre_a)
    assert figures.unit == tree["district_a"]
    assert figures.instrument is not None and figures.instrument.code == "phq9"
    assert (figures.tested, figures.mild) == (60, 30)
    assert rows_of(figures) == {tree["station_a1"].name: (30, 10), tree["room_ar"].name: (30, 20)}
    html = login(cadre_a).get(FIGURES).content.decode()
    assert "60 tested, 30 mild or above" in html
    assert tree["district_b"].name not in html and tree["station_b1"].name not in html

    b = campaign_selectors.subtree_figures(cadre_b, instrument_code="gad7")
    assert b.tested == 16 and b.mild is None  # 4 of 16: hidden
    html = login(cadre_b).get(FIGURES, {"instrument": "gad7"}).content.decode()
    assert "16 tested, * mild or above" in html
    assert tree["district_a"].name not in html and tree["room_ar"].name not in html
    # Asking for district A by name is "not found".
    response = login(cadre_b).get(FIGURES, {"unit": str(tree["district_a"].public_id)})
    assert response.status_code == 404
    with pytest.raises(NotFound):
        campaign_selectors.subtree_figures(cadre_b, unit=tree["district_a"])


def test_figures_below_ten_results_are_withheld(
    instruments: None, login: Login, cadre_b: User, tree: dict[str, OrgUnit]
) -> None:
    add_answers({"minimal": 5, "mild": 3}, unit=tree["station_b1"])
    figures = campaign_selectors.subtree_figures(cadre_b)
    assert figures.withheld and figures.tested is None
    assert all(row.tested is None for row in figures.by_unit)
    html = login(cadre_b).get(FIGURES).content.decode()
    assert "figures are hidden" in html and "8 tested" not in html


def test_figures_by_unit_and_year(
    network_results: None, login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    last_year = date(clock.today().year - 1, 6, 1)
    add_answers({"minimal": 10, "mild": 10}, unit=tree["room_ar"], day=last_year)
    client = login(centre_admin)
    this_year = client.get(FIGURES, {"instrument": "phq9"}).context["figures"]
    assert this_year.tested == 92
    before = client.get(FIGURES, {"instrument": "phq9", "year": str(last_year.year)})
    assert before.context["figures"].tested == 20
    room = client.get(FIGURES, {"unit": str(tree["room_ar"].public_id), "instrument": "phq9"})
    figures = room.context["figures"]
    assert (figures.tested, figures.mild) == (30, 20)
    # The room's own row: results filed directly under it.
    assert [(row.tested, row.mild) for row in figures.by_unit] == [(30, 20)]
    assert (
        client.get(FIGURES, {"year": "1999"}).status_code == 400
    )  # not a choice: the form says so
    assert "year" in client.get(FIGURES, {"year": "1999"}).context["form"].errors


# --- the join page and the poster ---------------------------------------------------------


def test_the_join_page_lists_the_questionnaires_with_the_campaign_code(
    instruments: None, client: Any, tree: dict[str, OrgUnit]
) -> None:
    campaign = make_campaign(tree["room_ar"], codes=("phq9", "gad7"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(reverse("assessments:campaign_join", args=[campaign.code.lower()]))
    assert response.status_code == 200
    html = response.content.decode()
    assert campaign.name in html and tree["room_ar"].name in html
    assert "only totals for groups of 10 or more" in html
    for code in ("phq9", "gad7"):
        url = campaign_selectors.take_url(code, campaign.code)
        assert url.endswith(f"?campaign={campaign.code}") and f"/{code}/" in url
        assert url.replace("&", "&amp;") in html


def test_a_campaign_not_yet_open_shows_no_questionnaires(
    instruments: None, client: Any, tree: dict[str, OrgUnit]
) -> None:
    campaign = make_campaign(tree["room_ar"], opens_on=clock.today() + timedelta(days=5))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(reverse("assessments:campaign_join", args=[campaign.code]))
    assert response.status_code == 200
    assert "opens on" in response.content.decode()
    assert "?campaign=" not in response.content.decode()


def test_an_unknown_code_is_a_friendly_not_found(client: Any, db: None) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(reverse("assessments:campaign_join", args=["NOPE2345"]))
    assert response.status_code == 404
    assert "This unit assessment is not open" in response.content.decode()


def test_the_poster_carries_the_join_link(
    instruments: None, login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    campaign = make_campaign(tree["room_ar"], codes=("phq9", "gad7"))
    response = login(cadre_a).get(
        reverse("staff:assessments:campaign_poster_pdf", args=[campaign.code])
    )
    assert response.status_code == 200
    text = squeeze(pdf_text(response))
    join = "http://testserver" + reverse("assessments:campaign_join", args=[campaign.code])
    assert join in text
    assert campaign.code in text and "PHQ-9" in text
    # The QR code is drawn as vector modules: many small squares filling a large square.
    modules = [
        item.bbox
        for page in extract_pages(io.BytesIO(response.content))
        for item in page
        if isinstance(item, LTRect)
    ]
    assert len(modules) > 200
    width = max(b[2] for b in modules) - min(b[0] for b in modules)
    height = max(b[3] for b in modules) - min(b[1] for b in modules)
    assert width > 150 and abs(width - height) < 5  # points: over 5 cm, square


# --- who may open what ------------------------------------------------------------------------


def staff_pages(campaign: Campaign) -> dict[str, str]:
    return {
        "list": LIST,
        "create": CREATE,
        "detail": reverse("staff:assessments:campaign_detail", args=[campaign.code]),
        "report": reverse("staff:assessments:campaign_report_pdf", args=[campaign.code]),
        "poster": reverse("staff:assessments:campaign_poster_pdf", args=[campaign.code]),
        "figures": FIGURES,
    }


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("where", ["own", "sibling"])
def test_staff_pages_by_role_and_subtree(
    instruments: None, login: Login, tree: dict[str, OrgUnit], role: str, where: str
) -> None:
    user = factories.staff(f"{role}@example.com", role, tree["district_a"])
    campaign = make_campaign(tree["room_ar"] if where == "own" else tree["station_b1"])
    client = login(user)
    manages = role in access.ROLE_PERMS[access.Perm.MANAGE_CAMPAIGNS]
    figures = role in access.ROLE_PERMS[access.Perm.VIEW_ASSESSMENT_FIGURES]
    sees = manages or figures
    expected = {
        "list": sees,
        "create": manages,
        "detail": sees and where == "own",
        "report": sees and where == "own",
        "poster": sees and where == "own",
        "figures": figures,
    }
    for name, url in staff_pages(campaign).items():
        status = client.get(url).status_code
        assert status == (200 if expected[name] else 404), (name, status)
    close = reverse("staff:assessments:campaign_close", args=[campaign.code])
    confirmed = client.post(close, {"confirm": "yes"})
    assert confirmed.status_code == (302 if manages and where == "own" else 404)


def test_the_list_shows_only_campaigns_in_reach(
    instruments: None, login: Login, cadre_b: User, analyst: User, tree: dict[str, OrgUnit]
) -> None:
    mine = make_campaign(tree["station_b1"], name="乙区测评")
    theirs = make_campaign(tree["room_ar"], name="甲区测评")
    listed = list(login(cadre_b).get(LIST).context["page"].object_list)
    assert listed == [mine]
    # The centre's analyst reads every campaign's figures but creates none.
    response = login(analyst).get(LIST)
    assert set(response.context["page"].object_list) == {mine, theirs}
    assert not response.context["can_create"]


def test_a_superuser_sees_every_campaign_and_the_whole_network(
    instruments: None, login: Login, city_admin: User, tree: dict[str, OrgUnit]
) -> None:
    first = make_campaign(tree["station_b1"])
    second = make_campaign(tree["room_ar"])
    add_answers({"minimal": 10, "mild": 10}, campaign=second)
    client = login(city_admin)
    assert set(client.get(LIST).context["page"].object_list) == {first, second}
    figures = client.get(FIGURES).context["figures"]
    assert figures.unit == tree["centre"] and figures.tested == 20


def test_workers_are_sent_to_sign_in(login: Login, worker: User) -> None:
    assert login(worker).get(LIST).status_code == 302
    assert login(worker).get(FIGURES).status_code == 302


# --- query budgets -------------------------------------------------------------------------


@pytest.mark.parametrize("campaigns_count", [1, 15])
def test_campaign_list_query_budget(
    instruments: None,
    login: Login,
    cadre_a: User,
    tree: dict[str, OrgUnit],
    campaigns_count: int,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(campaigns_count):
        campaign = make_campaign(tree["room_ar"], codes=("phq9", "gad7"), name=f"测评 {n}")
        add_answers({"minimal": 3}, campaign=campaign)
    client = login(cadre_a)
    with django_assert_max_num_queries(7):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == campaigns_count


@pytest.mark.parametrize("size", [12, 200])
def test_campaign_report_query_budget(
    instruments: None,
    login: Login,
    cadre_a: User,
    tree: dict[str, OrgUnit],
    size: int,
    django_assert_max_num_queries: Any,
) -> None:
    campaign = closed_campaign(tree["room_a1r"], codes=("phq9", "gad7", "who5"))
    add_answers({"minimal": size, "mild": size // 2}, campaign=campaign)
    add_answers({"minimal": size, "severe": size // 3}, code="gad7", campaign=campaign)
    add_answers({"minimal": size}, unit=tree["room_ar"], day=campaign.closes_on)
    client = login(cadre_a)
    url = reverse("staff:assessments:campaign_detail", args=[campaign.code])
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.context["report"].submissions == size + size // 2 + size + size // 3


@pytest.mark.parametrize("rooms", [1, 12])
def test_figures_query_budget(
    instruments: None,
    login: Login,
    centre_admin: User,
    tree: dict[str, OrgUnit],
    rooms: int,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(rooms):
        room = factories.unit(f"企业服务室 {n}", "room", tree["station_a1"])
        add_answers({"minimal": 10 + n, "mild": 10}, unit=room)
        add_answers({"minimal": 10, "moderate": n + 1}, code="gad7", unit=room)
    client = login(centre_admin)
    with django_assert_max_num_queries(10):
        response = client.get(FIGURES, {"unit": str(tree["station_a1"].public_id)})
    assert len(response.context["figures"].by_unit) == rooms
    assert len(response.context["figures"].by_instrument) == 2
