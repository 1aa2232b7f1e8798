"""The staff pages a KPI number links to list exactly the records behind it: the register
(`?unit=`, `?year=`, `?counted=1`: backbone_certified), the premium courses of a year
(online_courses_published) and the library items viewed in a year (online_learning_visits).
Each page's count equals a hand count and the figure of kpis.selectors.unit_figures."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from kpis.selectors.figures import figure_for, unit_figures
from learning.models import Certificate, ItemStatus, LibraryItem, Programme
from learning.services import (
    EnrolmentData,
    certificate_issue,
    certificate_revoke,
    enrolment_create,
)
from learning.services.library import item_view_count, item_withdraw, premium_schedule
from network.models import AuditEntry, OrgUnit
from tests.accounts.factories import UserFactory
from tests.learning.factories import library_item
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)
REGISTER = reverse("staff:learning:register")
PREMIUM = reverse("staff:learning:premium")
ITEMS = reverse("staff:learning:library_items")
_serial = count(1)


@pytest.fixture(autouse=True)
def _frozen(settings: Any) -> Iterator[None]:
    """10 June 2026; hand counts are small, so no figure is suppressed (test_figures)."""
    settings.MIN_GROUP_SIZE = 1
    with time_machine.travel(NOW, tick=False):
        yield


def at(moment: str) -> time_machine.travel:
    """A moment in Shanghai: `2026-03-01` (10:00) or `2025-12-31T23:30`."""
    text = moment if "T" in moment else f"{moment}T10:00"
    return time_machine.travel(datetime.fromisoformat(f"{text}:00+08:00"), tick=False)


def figure(unit: OrgUnit, year: int, code: str) -> Decimal | None:
    return figure_for(unit_figures(unit, year), code).actual


def shown_count(page: str) -> int:
    found = re.search(r'data-(?:count|total)="(\d+)"', page)
    assert found is not None, "the page shows no count"
    return int(found.group(1))


def certificate_numbers(page: str) -> list[str]:
    return re.findall(r'data-certificate="([^"]+)"', page)


def get(client: Client, url: str, **params: object) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


# --- the register and backbone_certified ------------------------------------------------------


def certify(admin: User, unit: OrgUnit, person: User, day: str) -> Certificate:
    """A certificate of a new programme (nothing required) for `person` at `unit`, issued
    on `day` through the service (so its KPI facts are written)."""
    with at(day):
        programme = Programme.objects.create(
            title=f"骨干培训{next(_serial)}", unit=unit.parent or unit, required_sessions=0
        )
        enrolment = enrolment_create(
            actor=admin,
            programme=programme,
            person=person,
            unit=unit,
            data=EnrolmentData(sign_in_name=f"{person.last_name}{person.first_name}"),
        )
        return certificate_issue(actor=admin, enrolment=enrolment)


def person(name: str) -> User:
    return UserFactory.create(last_name=name[0], first_name=name[1:])


def renewal_of(cert: Certificate, day: date) -> Certificate:
    """A renewal row (as certificate_renew writes it, without the three years' wait)."""
    return Certificate.objects.create(
        enrolment=cert.enrolment,
        number=f"R-{cert.number}",
        code=f"renewal-{cert.code}"[:32],
        holder_name=cert.holder_name,
        issued_on=day,
        expires_on=date(day.year + 3, day.month, day.day),
        renews=cert,
    )


@pytest.fixture
def people(tree: dict[str, OrgUnit], centre_admin: User) -> dict[str, Certificate]:
    """Certificates of five people in district A (room A1r, room Ar, the district itself)
    and district B (station B1), across the turn of 2025 into 2026."""
    a1r, ar, b1 = tree["room_a1r"], tree["room_ar"], tree["station_b1"]
    zhao, qian, sun, li, zhou = (person(n) for n in ("赵一", "钱二", "孙三", "李四", "周五"))
    made = {
        # Certified twice in 2026: counted once, at A (their first certificate's unit).
        "zhao_a": certify(centre_admin, a1r, zhao, "2026-03-01"),
        "zhao_b": certify(centre_admin, b1, zhao, "2026-04-01"),
        # First in B, later in A: counted in B only.
        "qian_b": certify(centre_admin, b1, qian, "2026-02-01"),
        "qian_a": certify(centre_admin, ar, qian, "2026-05-01"),
        # On the last day of 2025 and the first of 2026: counted once in each year.
        "sun_2025": certify(centre_admin, ar, sun, "2025-12-31"),
        "sun_2026": certify(centre_admin, ar, sun, "2026-01-01"),
        # The first of 2026 revoked: the count passes to the next one, in B.
        "li_revoked": certify(centre_admin, a1r, li, "2026-01-15"),
        "li_b": certify(centre_admin, b1, li, "2026-03-10"),
        # At the district itself (the top of A's subtree).
        "zhou_a": certify(centre_admin, tree["district_a"], zhou, "2026-02-02"),
    }
    certificate_revoke(actor=centre_admin, certificate=made["li_revoked"], reason="信息有误")
    return made


def numbers(people: dict[str, Certificate], *keys: str) -> list[str]:
    return sorted(people[key].number for key in keys)


COUNTED_2026 = {
    "district_a": ("zhao_a", "sun_2026", "zhou_a"),
    "district_b": ("qian_b", "li_b"),
    "centre": ("zhao_a", "sun_2026", "zhou_a", "qian_b", "li_b"),
    "room_ar": ("sun_2026",),
    "station_b1": ("qian_b", "li_b"),
}


@pytest.mark.parametrize("unit_key", sorted(COUNTED_2026))
def test_the_counted_register_lists_the_people_behind_the_figure(
    login: Login,
    centre_admin: User,
    tree: dict[str, OrgUnit],
    people: dict[str, Certificate],
    unit_key: str,
) -> None:
    unit = tree[unit_key]
    page = get(login(centre_admin), REGISTER, unit=unit.public_id, year=2026, counted=1)
    hand = COUNTED_2026[unit_key]
    assert sorted(certificate_numbers(page)) == numbers(people, *hand)
    assert shown_count(page) == len(hand) == figure(unit, 2026, "backbone_certified")


def test_a_person_certified_twice_in_a_year_is_one_row_at_their_first_certificates_unit(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit], people: dict[str, Certificate]
) -> None:
    client = login(centre_admin)
    everyone = get(client, REGISTER, year=2026, counted=1)
    assert people["zhao_a"].number in everyone and people["zhao_b"].number not in everyone
    assert certificate_numbers(everyone).count(people["qian_b"].number) == 1
    # Zhao's second certificate is in B, Qian's second in A: neither counts there.
    in_b = get(client, REGISTER, unit=tree["district_b"].public_id, year=2026, counted=1)
    assert people["zhao_b"].number not in in_b
    in_a = get(client, REGISTER, unit=tree["district_a"].public_id, year=2026, counted=1)
    assert people["qian_a"].number not in in_a
    # Without the counted mode the year's certificates are all there, one row each.
    listed = get(client, REGISTER, unit=tree["district_a"].public_id, year=2026)
    assert sorted(certificate_numbers(listed)) == numbers(
        people, "zhao_a", "qian_a", "sun_2026", "zhou_a"
    )
    assert shown_count(listed) == 4


def test_the_year_boundary_and_a_revoked_first_certificate_follow_the_facts(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit], people: dict[str, Certificate]
) -> None:
    client = login(centre_admin)
    for unit_key, hand in (("centre", ("sun_2025",)), ("district_b", ())):
        unit = tree[unit_key]
        page = get(client, REGISTER, unit=unit.public_id, year=2025, counted=1)
        assert sorted(certificate_numbers(page)) == numbers(people, *hand)
        assert shown_count(page) == len(hand) == figure(unit, 2025, "backbone_certified")
    # The revoked one is listed only when asked for, and never counted.
    a1r = tree["room_a1r"].public_id
    assert people["li_revoked"].number not in get(client, REGISTER, unit=a1r, year=2026)
    assert people["li_revoked"].number in get(client, REGISTER, unit=a1r, year=2026, all=1)
    assert people["li_revoked"].number not in get(client, REGISTER, year=2026, counted=1, all=1)
    # Every year at once: each person once a year.
    every_year = get(client, REGISTER, counted=1)
    assert shown_count(every_year) == 6
    # Revoking the only certificate of the year leaves nobody to count.
    certificate_revoke(actor=centre_admin, certificate=people["zhou_a"], reason="离职")
    district = tree["district_a"]
    page = get(client, REGISTER, unit=district.public_id, year=2026, counted=1)
    assert shown_count(page) == 2 == figure(district, 2026, "backbone_certified")


def test_a_renewal_is_not_counted_again(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    first = certify(centre_admin, tree["room_ar"], person("吴六"), "2023-03-01")
    renewal = renewal_of(first, date(2026, 3, 1))
    client = login(centre_admin)
    counted = get(client, REGISTER, year=2026, counted=1)
    assert shown_count(counted) == 0 == figure(tree["centre"], 2026, "backbone_certified")
    assert renewal.number in get(client, REGISTER, year=2026)
    old = get(client, REGISTER, year=2023, counted=1)
    assert certificate_numbers(old) == [first.number]  # renewed since: still counted in 2023


def test_a_cadre_sees_the_people_of_their_subtree_and_a_unit_outside_is_not_found(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit], people: dict[str, Certificate]
) -> None:
    client = login(cadre_a)
    page = get(client, REGISTER, year=2026, counted=1)
    assert sorted(certificate_numbers(page)) == numbers(people, *COUNTED_2026["district_a"])
    outside = client.get(REGISTER, {"unit": tree["district_b"].public_id, "counted": 1})
    assert outside.status_code == 404
    assert client.get(REGISTER, {"unit": tree["district_b"].pk}).status_code == 404
    # The unit menu's primary key still works, and reads the subtree too.
    by_pk = get(client, REGISTER, unit=tree["station_a1"].pk, year=2026, counted=1)
    assert certificate_numbers(by_pk) == [people["zhao_a"].number]
    entry = AuditEntry.objects.filter(action="learning.register.viewed", actor=cadre_a).first()
    assert entry is not None and entry.details["counted"] is True


def test_the_export_keeps_the_filters(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit], people: dict[str, Certificate]
) -> None:
    client = login(centre_admin)
    district = tree["district_a"].public_id
    page = get(client, REGISTER, unit=district, year=2026, counted=1)
    link = re.search(r'href="\?([^"]+)" data-export', page)
    assert link is not None
    query = link.group(1).replace("&amp;", "&")
    assert set(query.split("&")) == {f"unit={district}", "year=2026", "counted=1", "format=xlsx"}
    response = client.get(f"{REGISTER}?{query}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(row[3] for row in rows) == numbers(people, *COUNTED_2026["district_a"])


@pytest.mark.parametrize(
    "params",
    [
        {"unit": "not-a-unit"},
        {"unit": "１２"},
        {"unit": "²"},
        {"unit": "9" * 5000},
        {"year": "20x6"},
        {"year": "1999"},
        {"year": "²⁰²⁶"},
        {"year": "9" * 5000},
        {"counted": "yes", "all": "maybe"},
        {"unit": "", "year": ""},
    ],
)
def test_a_bad_parameter_is_no_filter(
    login: Login, centre_admin: User, people: dict[str, Certificate], params: dict[str, str]
) -> None:
    client = login(centre_admin)
    unfiltered = sorted(certificate_numbers(get(client, REGISTER)))
    assert sorted(certificate_numbers(get(client, REGISTER, **params))) == unfiltered
    assert len(unfiltered) == 8  # all but the revoked one, every year


def test_the_register_keeps_its_query_count_as_people_are_added(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit], people: dict[str, Certificate]
) -> None:
    client = login(centre_admin)
    district = tree["district_a"].public_id
    urls = [
        {"unit": district, "year": 2026, "counted": 1},
        {"unit": district, "year": 2026, "all": 1},
        {"unit": district, "year": 2026, "counted": 1, "format": "xlsx"},
    ]

    def queries() -> list[int]:
        found = []
        for params in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(REGISTER, params).status_code == 200
            found.append(len(captured))
        return found

    small = queries()
    for n in range(6):
        certify(centre_admin, tree["room_a1r"], person(f"郑{n}号"), f"2026-04-0{n + 1}")
    large = queries()
    assert large == small and max(large) <= 12
    assert shown_count(get(client, REGISTER, unit=district, year=2026, counted=1)) == 9


# --- premium courses and online_courses_published ---------------------------------------------


@pytest.fixture
def premium(centre_admin: User) -> dict[str, LibraryItem]:
    """2026: January and June published, March a draft, February withdrawn, July planned
    (not begun on 10 June); December 2025 published."""

    def scheduled(year: int, month: int, *, status: str = ItemStatus.PUBLISHED) -> LibraryItem:
        item = library_item(title=f"精品课{year}-{month}", status=status)
        premium_schedule(actor=centre_admin, year=year, month=month, item=item)
        return item

    made = {
        "jan": scheduled(2026, 1),
        "jun": scheduled(2026, 6),
        "mar_draft": scheduled(2026, 3, status=ItemStatus.DRAFT),
        "feb_withdrawn": scheduled(2026, 2),
        "jul": scheduled(2026, 7),
        "dec_2025": scheduled(2025, 12),
    }
    item_withdraw(actor=centre_admin, item=made["feb_withdrawn"])
    return made


def course_titles(page: str) -> list[str]:
    return re.findall(r"<td data-label=\"Title\">([^<]+)</td>", page)


@pytest.mark.parametrize(
    ("year", "hand"), [(2026, ["精品课2026-1", "精品课2026-6"]), (2025, ["精品课2025-12"])]
)
def test_the_premium_courses_of_a_year_are_those_the_figure_counts(
    login: Login,
    centre_admin: User,
    tree: dict[str, OrgUnit],
    premium: dict[str, LibraryItem],
    year: int,
    hand: list[str],
) -> None:
    page = get(login(centre_admin), PREMIUM, year=year)
    assert course_titles(page) == hand
    assert (
        shown_count(page) == len(hand) == figure(tree["centre"], year, "online_courses_published")
    )


def test_the_planned_month_counts_once_it_begins(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit], premium: dict[str, LibraryItem]
) -> None:
    with at("2026-07-01T00:05"):
        page = get(login(centre_admin), PREMIUM, year=2026)
        assert course_titles(page) == ["精品课2026-1", "精品课2026-6", "精品课2026-7"]
        assert shown_count(page) == 3 == figure(tree["centre"], 2026, "online_courses_published")


def test_a_unit_below_the_centre_has_no_premium_course_or_visit(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit], premium: dict[str, LibraryItem]
) -> None:
    item_view_count(item=premium["jan"])
    client = login(centre_admin)
    district = tree["district_a"]
    courses = get(client, PREMIUM, year=2026, unit=district.public_id)
    assert shown_count(courses) == 0 == figure(district, 2026, "online_courses_published")
    visits = get(client, ITEMS, year=2026, unit=district.public_id)
    assert shown_count(visits) == 0 == figure(district, 2026, "online_learning_visits")
    centre = get(client, ITEMS, year=2026, unit=tree["centre"].public_id)
    assert shown_count(centre) == 1 == figure(tree["centre"], 2026, "online_learning_visits")


def test_the_premium_year_needs_the_catalogue_managers_and_survives_bad_values(
    login: Login, centre_admin: User, cadre_a: User, premium: dict[str, LibraryItem]
) -> None:
    assert login(cadre_a).get(PREMIUM, {"year": 2026}).status_code == 404
    client = login(centre_admin)
    for bad in ({"year": "abc"}, {"year": "²⁰²⁶"}, {"year": "2026", "unit": "x"}):
        response = client.get(PREMIUM, bad)
        assert response.status_code == 200
    assert 'data-month="2026-6"' in client.get(PREMIUM, {"year": "abc"}).content.decode()
    assert shown_count(client.get(PREMIUM, {"year": "2026", "unit": "x"}).content.decode()) == 2


def test_the_premium_year_keeps_its_query_count(
    login: Login, centre_admin: User, premium: dict[str, LibraryItem]
) -> None:
    client = login(centre_admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PREMIUM, {"year": 2026}).status_code == 200
        return len(captured)

    small = queries()
    for month in range(1, 6):
        item = library_item(title=f"加课{month}")
        premium_schedule(actor=centre_admin, year=2026, month=month, item=item)
    large = queries()
    assert large == small and large <= 8


# --- library items and online_learning_visits -------------------------------------------------


def viewed(item: LibraryItem, moment: str, times: int) -> None:
    with at(moment):
        for _ in range(times):
            item_view_count(item=item)


@pytest.fixture
def visited(tree: dict[str, OrgUnit]) -> dict[str, LibraryItem]:
    """Views either side of midnight on 31 December 2025 (Shanghai time)."""
    made = {
        key: library_item(title=title)
        for key, title in [
            ("stress", "压力管理"),
            ("sleep", "睡个好觉"),
            ("old", "旧文章"),
            ("never", "无人问津"),
        ]
    }
    viewed(made["stress"], "2026-02-03", 2)
    viewed(made["stress"], "2026-06-10", 1)
    viewed(made["sleep"], "2026-01-01T00:10", 1)
    viewed(made["sleep"], "2025-12-31T23:50", 2)
    viewed(made["old"], "2025-05-05", 4)
    return made


def item_rows(page: str) -> list[tuple[str, int]]:
    rows = re.findall(r">([^<>]+)</a></td>(?:\s*<td>[^<]*</td>){4}\s*<td data-views>(\d+)<", page)
    return [(title, int(views)) for title, views in rows]


@pytest.mark.parametrize(
    ("year", "hand"),
    [(2026, [("压力管理", 3), ("睡个好觉", 1)]), (2025, [("旧文章", 4), ("睡个好觉", 2)])],
)
def test_the_items_of_a_year_add_up_to_the_visits_figure(
    login: Login,
    centre_admin: User,
    tree: dict[str, OrgUnit],
    visited: dict[str, LibraryItem],
    year: int,
    hand: list[tuple[str, int]],
) -> None:
    page = get(login(centre_admin), ITEMS, year=year)
    assert item_rows(page) == hand  # most viewed first; items not viewed that year hidden
    total = sum(views for _title, views in hand)
    assert shown_count(page) == total == figure(tree["centre"], year, "online_learning_visits")


def test_without_a_year_the_items_page_is_as_before(
    login: Login, centre_admin: User, cadre_a: User, visited: dict[str, LibraryItem]
) -> None:
    client = login(centre_admin)
    page = get(client, ITEMS)
    assert len(item_rows(page)) == 4 and 'data-total="' not in page
    assert dict(item_rows(page))["压力管理"] == 1  # this month's views
    assert login(cadre_a).get(ITEMS, {"year": 2026}).status_code == 404
    client = login(centre_admin)
    for bad in ("abc", "²⁰²⁶", "-2026", "2026.0"):
        assert item_rows(get(client, ITEMS, year=bad)) == item_rows(page)


def test_the_items_of_a_year_keep_their_query_count_and_page(
    login: Login, centre_admin: User, visited: dict[str, LibraryItem]
) -> None:
    client = login(centre_admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ITEMS, {"year": 2026}).status_code == 200
        return len(captured)

    small = queries()
    for n in range(35):
        viewed(library_item(title=f"加读{n:02d}"), "2026-03-03", 1)
    large = queries()
    assert large == small and large <= 8
    first, second = get(client, ITEMS, year=2026), get(client, ITEMS, year=2026, page=2)
    assert len(item_rows(first)) == 30 and len(item_rows(second)) == 7
    assert shown_count(second) == 4 + 35 == figure(unit_root(), 2026, "online_learning_visits")


def unit_root() -> OrgUnit:
    return OrgUnit.objects.get(parent__isnull=True)


# --- zh-Hans --------------------------------------------------------------------------------


def test_the_filtered_pages_render_in_chinese(
    login: Login,
    centre_admin: User,
    tree: dict[str, OrgUnit],
    people: dict[str, Certificate],
    premium: dict[str, LibraryItem],
    visited: dict[str, LibraryItem],
) -> None:
    client = login(centre_admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    register = get(client, REGISTER, unit=tree["district_a"].public_id, year=2026, counted=1)
    assert 'lang="zh-Hans"' in register
    assert "2026 年取得证书的 3 人" in register and "仅列出指标计入的人员" in register
    assert "2026 年颁发的 4 张证书" in get(
        client, REGISTER, unit=tree["district_a"].public_id, year=2026
    )
    courses = get(client, PREMIUM, year=2026)
    assert "2026 年发布的精品在线课程" in courses and "共 2 门精品课程" in courses
    items = get(client, ITEMS, year=2026)
    assert "2026 年线上学习共 4 次访问" in items and "2026 年浏览量" in items
