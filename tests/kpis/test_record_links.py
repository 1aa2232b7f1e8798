"""Every number on the KPI dashboard links to the records behind it, filtered to what it
counts, for viewers who may open the page; and the page behind the link opens for them."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.models import User
from kpis.indicators import CATALOGUE, Origin
from kpis.selectors import dashboard
from kpis.selectors.dashboard import RECORD_PAGES
from network.models import OrgUnit, Role
from tests.kpis.builders import NOW, YEAR
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.django_db


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_every_recorded_indicator_has_a_record_page() -> None:
    # Manual entries have no records on the platform; everything else has a page.
    expected = {i.code for i in CATALOGUE if i.origin in (Origin.COMPUTED, Origin.TREE)}
    assert set(RECORD_PAGES) == expected


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize(
    ("persona", "where", "some"),
    [
        ("cadre_a", "district_a", {"units_active_station", "backbone_certified", "pod_sessions"}),
        ("centre_admin", "centre", {"online_courses_published", "online_learning_visits"}),
    ],
)
def test_every_link_opens_filtered_to_the_unit_for_the_viewer_it_is_offered_to(
    request: pytest.FixtureRequest,
    login: Login,
    tree: dict[str, OrgUnit],
    persona: str,
    where: str,
    some: set[str],
) -> None:
    viewer, unit = request.getfixturevalue(persona), tree[where]
    links = dashboard(viewer, unit, YEAR, day=NOW.date()).links
    assert some <= set(links)
    client = login(viewer)
    for code, link in links.items():
        assert client.get(link).status_code == 200, code
        page = RECORD_PAGES[code]
        params = query(link)
        if page.unit:
            assert params[page.unit] == str(unit.public_id), code
        assert ("year" in params) == page.by_year, code


@pytest.mark.usefixtures("frozen")
def test_library_numbers_link_only_for_the_centres_catalogue_managers(
    tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    # A district's unit administrator manages the catalogue of the district, but the
    # library's pages are the city centre's: no link, rather than one to a 404.
    links = dashboard(cadre_a, tree["district_a"], YEAR, day=NOW.date()).links
    assert not {"online_courses_published", "online_learning_visits"} & set(links)
    assert query(links["backbone_certified"])["counted"] == "1"


@pytest.mark.usefixtures("frozen")
def test_active_units_link_to_exactly_the_units_counted(
    login: Login, tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    district = tree["district_a"]
    board = dashboard(cadre_a, district, YEAR, day=NOW.date())
    client = login(cadre_a)
    for code in ("units_active_station", "units_active_room"):
        figure = next(f for f in board.figures if f.code == code)
        listed = client.get(board.links[code]).context_data["cl"].result_count
        assert listed == figure.actual, code
    room = tree["room_ar"]
    room.is_active = False
    room.save(update_fields=["is_active"])
    rooms = client.get(board.links["units_active_room"]).context_data["cl"]
    assert room not in rooms.result_list  # only active ones, as the count
    units = reverse("admin:network_orgunit_changelist")
    outside = f"{units}?within={tree['district_b'].public_id}"
    assert client.get(outside).context_data["cl"].result_count == 0  # out of the cadre's reach
    bad = client.get(f"{units}?within=nonsense")
    assert bad.context_data["cl"].result_count == 0  # no such unit, no rows, no error


@pytest.mark.usefixtures("frozen")
def test_cadre_lectures_link_only_to_lectures_for_cadres(
    tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    links = dashboard(cadre_a, tree["district_a"], YEAR, day=NOW.date()).links
    assert query(links["cadre_lectures"])["cadres"] == "1"
    assert "cadres" not in query(links["lectures_held"])


@pytest.mark.usefixtures("frozen")
def test_links_need_the_page_permission_at_the_unit(
    tree: dict[str, OrgUnit], cadre_b: User, counsellor_a: User
) -> None:
    outsider = dashboard(cadre_b, tree["district_b"], YEAR, day=NOW.date()).links
    assert "units_active_station" in outsider
    counsellor = dashboard(counsellor_a, tree["station_a1"], YEAR, day=NOW.date()).links
    assert not {"units_active_room", "assessments_taken", "cadre_lectures"} & set(counsellor)


@pytest.mark.usefixtures("frozen")
def test_petition_numbers_link_for_the_hotline_staff_who_keep_the_desk(
    login: Login, tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    centre = tree["centre"]
    operator = factories.staff("operator@example.com", Role.HOTLINE_OPERATOR, centre)
    links = dashboard(operator, centre, YEAR, day=NOW.date()).links
    visits = links["petition_visits"]
    assert query(visits) == {"unit": str(centre.public_id), "year": str(YEAR)}
    assert login(operator).get(visits).status_code == 200
    assert "hotline_calls" not in links  # the counts page's figures are the analysts'
    assert "petition_visits" not in dashboard(cadre_a, tree["district_a"], YEAR).links
