"""From an order to the lecture record, in a real browser (issue 12, "Must show").

A service-room administrator orders a course, the district sub-centre and the centre
approve it, the centre accepts the suggested expert (who accepts), an attendee signs in
by the poster's QR link on a 360 px phone and leaves feedback, and the record the unit
files shows the QR count. Every step is clicks and typing; only the setup uses the ORM.

The dates are built from `core.clock.today()` (the suite runs at the real date and at
TEST_CLOCK 08:45 and 23:30); the test travels to the lecture's morning for the sign-in,
the feedback and the record — the live server runs in this process, so it travels too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from core import clock
from courses.models import (
    BlockedDay,
    Expert,
    Feedback,
    Lecture,
    LectureRecord,
    LectureStatus,
    Order,
    OrderStatus,
    Round,
    SignIn,
    Topic,
)
from network.models import OrgUnit, Role
from tests.browser import log_in
from tests.courses.factories import ExpertFactory, PractitionerFactory, TopicFactory
from tests.network import factories

TOPIC = "职场压力识别与应对"


@dataclass
class Cast:
    room: OrgUnit  # 甲一企业服务室, the ordering unit
    room_admin: User
    district_admin: User  # 甲区分中心, strictly above the room
    centre_admin: User
    lecturer: User  # the expert's own account
    expert: Expert  # 李老师, ZJ-101: teaches the topic, travels to district A, free
    topic: Topic
    second: Topic
    day: date  # the lecture's day, two days from today


def _cast(tree: dict[str, OrgUnit], centre_admin: User, cadre_a: User) -> Cast:
    today = clock.today()
    day = today + timedelta(days=2)
    centre, district = tree["centre"], tree["district_a"]
    lecturer = factories.staff("lecturer@example.com", Role.EXPERT, centre)
    li = ExpertFactory.create(
        unit=centre,
        code="ZJ-101",
        practitioner=PractitionerFactory.create(user=lecturer, display_name="李老师"),
    )
    # First by code, but on leave that day: never suggested.
    wang = ExpertFactory.create(
        unit=centre, code="ZJ-100", practitioner=PractitionerFactory.create(display_name="王晓梅")
    )
    zhao = ExpertFactory.create(
        unit=centre, code="ZJ-102", practitioner=PractitionerFactory.create(display_name="赵老师")
    )
    for expert in (li, wang, zhao):
        expert.districts.add(district)
    BlockedDay.objects.create(expert=wang, date=day, note="年假")
    topic = TopicFactory.create(
        code="YL-001", title=TOPIC, length_minutes=90, experts=[li, wang, zhao]
    )
    second = TopicFactory.create(code="QZ-003", title="与青春期孩子有效沟通", experts=[zhao])
    # The round of the lecture's year, taking orders today (it may open in the year before).
    round_ = Round.objects.create(
        year=day.year,
        opens_on=today - timedelta(days=30),
        closes_on=today + timedelta(days=1),
        opened_by=centre_admin,
    )
    round_.topics.set([topic, second])
    room = tree["room_a1r"]
    return Cast(
        room=room,
        room_admin=factories.staff("room.admin@example.com", Role.UNIT_ADMIN, room),
        district_admin=cadre_a,
        centre_admin=centre_admin,
        lecturer=lecturer,
        expert=li,
        topic=topic,
        second=second,
        day=day,
    )


@pytest.fixture
def desk_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_extra_http_headers({"Accept-Language": "en"})
    yield page
    context.close()


def act_as(page: Page, live_server: LiveServer, user: User) -> None:
    """Sign `user` in on the desk page (a fresh session, at the clock's time now)."""
    page.context.clear_cookies()
    log_in(page, live_server.url, user)


def _open_order(page: Page, live_server: LiveServer) -> None:
    """From the order list to the (one) order's page, as a reviewer goes there."""
    page.goto(live_server.url + reverse("staff:courses:order_list"))
    page.locator("[data-orders] tbody tr a").first.click()
    page.wait_for_selector("[data-timeline]")


def _status(page: Page, status: str, label: str, event: str) -> None:
    """The order's page shows `status` and the timeline ends with `event`."""
    page.wait_for_selector(f"[data-status='{status}']")
    assert label in page.locator("[data-status]").inner_text()
    assert page.locator("[data-timeline] li").last.get_attribute("data-event") == event


def _order(page: Page, live_server: LiveServer, cast: Cast) -> None:
    act_as(page, live_server, cast.room_admin)
    page.goto(live_server.url + reverse("staff:courses:order_list"))
    page.locator(".orders-nav").get_by_role("link", name="Order a course").click()
    form = page.locator("form[data-order-form]")
    assert f"The {cast.day.year} round takes orders" in page.inner_text("[data-round-deadline]")
    form.locator("#id_unit").select_option(str(cast.room.pk))
    form.locator("#id_first_topic").select_option(label=f"YL-001 {TOPIC}")
    form.locator("#id_second_topic").select_option(label=f"QZ-003 {cast.second.title}")
    form.locator("#id_date_1").fill(cast.day.isoformat())
    form.locator("#id_half_day_1").select_option("morning")
    form.locator("#id_date_2").fill(cast.day.isoformat())
    form.locator("#id_half_day_2").select_option("afternoon")
    form.locator("#id_venue").fill("甲一企业三楼报告厅")
    form.locator("#id_venue_capacity").fill("120")
    form.locator("#id_audience_size").fill("80")
    form.locator("input[name=key_groups][value=frontline]").check()
    form.locator("#id_contact_name").fill("李干事")
    form.locator("#id_contact_phone").fill("139 1234 5678")
    form.get_by_role("button", name="Submit the order").click()
    _status(page, OrderStatus.SUBMITTED, "awaiting the district", "submitted")
    assert "139****5678" in page.inner_text(".order-facts")  # the phone shown masked
    assert page.locator("[data-step]").count() == 0  # a unit does not review its own order


def _review(page: Page, live_server: LiveServer, cast: Cast) -> None:
    act_as(page, live_server, cast.district_admin)
    _open_order(page, live_server)
    page.click("[data-step='district-approve']")
    _status(page, OrderStatus.DISTRICT_APPROVED, "awaiting the centre", "district_approved")

    act_as(page, live_server, cast.centre_admin)
    _open_order(page, live_server)
    choice = page.locator("#id_approve-choice")
    options = choice.locator("option").all_inner_texts()
    assert options[0] == f"{TOPIC} · {cast.day:%Y-%m-%d} morning"
    choice.select_option(label=options[0])
    page.click("[data-step='approve']")
    _status(page, OrderStatus.APPROVED, "awaiting an expert", "approved")
    assert page.inner_text("[data-chosen]") == f"{TOPIC} · {cast.day:%Y-%m-%d} morning"


def _assign(page: Page, live_server: LiveServer, cast: Cast) -> None:
    page.click("[data-step='assign']")
    page.wait_for_selector("[data-suggestions]")
    suggested = page.locator("[data-suggestions] li")
    # Teaches the topic, travels to district A, free: 王晓梅 (on leave) is not suggested.
    assert [suggested.nth(i).get_attribute("data-expert") for i in range(suggested.count())] == [
        "ZJ-101",
        "ZJ-102",
    ]
    assert "李老师" in suggested.first.inner_text()
    page.click("[data-accept-suggestion]")
    _status(page, OrderStatus.ASSIGNED, "awaiting the expert", "expert_assigned")
    assert "The expert is asked to accept the lecture." in page.inner_text("[role=status]")
    assert "李老师" in page.inner_text("[data-lecture]")
    assert "planned" in page.inner_text("[data-lecture]")

    act_as(page, live_server, cast.lecturer)
    page.goto(live_server.url + reverse("staff:courses:assignment_list"))
    mine = page.locator("[data-assignments] li")
    assert mine.count() == 1 and TOPIC in mine.inner_text()
    assert f"{cast.day:%Y-%m-%d} 09:00–10:30" in mine.inner_text()
    mine.locator("[data-answer='accept']").click()
    page.wait_for_selector("text=Thank you: your answer is recorded.")
    assert "No lecture awaits your answer." in page.inner_text("main")

    act_as(page, live_server, cast.room_admin)
    _open_order(page, live_server)
    _status(page, OrderStatus.SCHEDULED, "scheduled", "expert_accepted")


def _open_lecture(page: Page, live_server: LiveServer, cast: Cast) -> None:
    """The host unit's administrator opens the lecture from the lecture list."""
    act_as(page, live_server, cast.room_admin)
    page.goto(live_server.url + reverse("staff:courses:lectures"))
    page.locator("[data-lectures]").get_by_role("link", name=TOPIC).click()
    page.wait_for_selector("[data-lecture-facts]")


def _sign_in(desk: Page, phone: Page, live_server: LiveServer, cast: Cast) -> None:
    _open_lecture(desk, live_server, cast)
    assert desk.get_attribute("[data-lecture-facts] [data-status]", "data-status") == "scheduled"
    assert "open now" in desk.inner_text("[data-lecture-facts]")
    assert desk.get_attribute("[data-live-count]", "data-live-count") == "0"
    desk.click("[data-poster]")
    link = desk.inner_text("[data-sign-in-url]").strip()
    assert link.startswith(f"{live_server.url}/courses/lectures/") and "/sign-in/?c=p." in link
    desk.go_back()
    desk.wait_for_selector("[data-live-count='0']")

    phone.goto(link)
    assert phone.get_by_role("heading", level=1).inner_text() == TOPIC
    assert "李老师" in phone.inner_text(".lecture-meta")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.locator("#id_identity").fill("王芳")
    phone.locator("#id_unit_name").fill("青岛港集团")
    phone.locator("form[data-offline-queue] button[type=submit]").click()
    phone.wait_for_url("**/signed-in/")
    assert "签到成功" in phone.inner_text("[data-signed-in]")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # The lecture page polls its live count: the attendee appears without a reload.
    desk.wait_for_selector("[data-live-count='1']", timeout=15_000)


def _feedback(phone: Page) -> None:
    phone.reload()  # near the end of the lecture the page offers the feedback form
    phone.click("[data-feedback-link]")
    phone.wait_for_selector("form[data-offline-queue='feedback']")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.locator("input[name=rating][value='5']").check()
    phone.locator("input[name=usefulness][value='very']").check()
    phone.locator("#id_wants_next").select_option("relations")
    phone.locator("#id_comment").fill("方法很实用，希望多办几次。")
    phone.locator("form[data-offline-queue] button[type=submit]").click()
    phone.wait_for_url("**/feedback/thanks/")
    assert phone.locator("[data-feedback-thanks]").is_visible()


def _record(desk: Page, live_server: LiveServer, cast: Cast) -> None:
    _open_lecture(desk, live_server, cast)
    summary = desk.inner_text("[data-feedback-summary]")
    assert "1 response" in summary and desk.locator("[data-withheld]").is_visible()
    desk.click("[data-file-record]")
    form = desk.locator("form[data-record-form]")
    assert "1 person signed in by the QR code." in desk.inner_text("main")
    assert form.locator("#id_attendance").input_value() == "1"  # the QR count, no retyping
    assert form.locator("#id_duration_minutes").input_value() == "90"
    form.locator("#id_notes").fill("职工反响很好。")
    form.get_by_role("button", name="File the record").click()
    desk.wait_for_selector("[data-record]")
    assert "The lecture record has been filed." in desk.inner_text("main")
    assert desk.get_attribute("[data-attendance]", "data-attendance") == "1"
    assert desk.get_attribute("[data-lecture-facts] [data-status]", "data-status") == "held"
    assert desk.locator("[data-file-record]").count() == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_room_orders_a_course_and_the_record_shows_the_qr_count(
    live_server: LiveServer,
    desk_page: Page,
    phone_page: Page,
    tree: dict[str, OrgUnit],
    centre_admin: User,
    cadre_a: User,
) -> None:
    cast = _cast(tree, centre_admin, cadre_a)
    _order(desk_page, live_server, cast)
    _review(desk_page, live_server, cast)
    _assign(desk_page, live_server, cast)

    lecture = Lecture.objects.get()
    assert lecture.expert == cast.expert and lecture.status == LectureStatus.SCHEDULED
    assert clock.local(lecture.starts_at).date() == cast.day
    with time_machine.travel(lecture.starts_at + timedelta(minutes=5), tick=True) as traveller:
        _sign_in(desk_page, phone_page, live_server, cast)
        traveller.move_to(lecture.ends_at - timedelta(minutes=10))  # feedback is open
        _feedback(phone_page)
        _record(desk_page, live_server, cast)

    order = Order.objects.get()
    assert order.status == OrderStatus.SCHEDULED and order.lecture == lecture
    assert order.unit == cast.room and order.topic == cast.topic and order.date == cast.day
    assert list(order.events.values_list("kind", flat=True)) == [
        "submitted",
        "district_approved",
        "approved",
        "expert_assigned",
        "expert_accepted",
    ]
    lecture.refresh_from_db()
    assert lecture.status == LectureStatus.HELD
    assert SignIn.objects.filter(lecture=lecture).count() == 1
    assert Feedback.objects.filter(lecture=lecture).count() == 1
    feedback = Feedback.objects.get()
    assert feedback.rating == 5 and feedback.usefulness == "very"
    record = LectureRecord.objects.get(lecture=lecture)
    assert record.signed_in == 1 and record.attendance == 1 and record.filed_by == cast.room_admin
