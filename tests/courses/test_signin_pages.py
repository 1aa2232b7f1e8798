"""The attendee's phone pages and the staff lecture pages around sign-in."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from courses import services
from courses.models import Lecture, SignIn, SignInIdentity
from tests.courses.conftest import LECTURE_START
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

DURING = LECTURE_START - timedelta(minutes=10)


def sign_in_url(lecture: Lecture) -> str:
    return reverse("courses:lecture_sign_in", kwargs={"public_id": lecture.public_id})


def open_form(client: Client, lecture: Lecture, code: str | None = None) -> dict[str, str]:
    """Open the form the QR code leads to; the hidden fields it carries."""
    code = services.rotating_code(lecture) if code is None else code
    response = client.get(sign_in_url(lecture), {"c": code}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    form = response.context["form"]
    return {name: str(form.initial[name]) for name in ("code", "ticket", "nonce")}


@time_machine.travel(DURING, tick=False)
def test_the_qr_code_opens_a_small_form_and_a_sign_in_lands(
    client: Client, lecture: Lecture
) -> None:
    hidden = open_form(client, lecture)
    page = client.get(sign_in_url(lecture), {"c": hidden["code"]}, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Your name" in html and "Privacy" in html and "signin-queue.js" in html
    assert "leaflet" not in html.lower()
    response = client.post(
        sign_in_url(lecture), {**hidden, "identity": "王芳", "unit_name": "青岛港集团"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/signed-in/")
    assert SignIn.objects.filter(lecture=lecture, identity="王芳").count() == 1
    done = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert "You are signed in" in done.content.decode()


@time_machine.travel(DURING, tick=False)
def test_an_expired_code_gets_a_kind_page_and_no_form(client: Client, lecture: Lecture) -> None:
    old = services.rotating_code(lecture, at=DURING - timedelta(minutes=2))
    response = client.get(sign_in_url(lecture), {"c": old}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"] is None
    assert "expired" in response.content.decode()


@time_machine.travel(DURING, tick=False)
def test_the_form_still_goes_through_after_the_code_rotated(
    client: Client, lecture: Lecture
) -> None:
    hidden = open_form(client, lecture)
    with time_machine.travel(DURING + timedelta(minutes=3), tick=False):
        response = client.post(
            sign_in_url(lecture), {**hidden, "identity": "王芳", "unit_name": "青岛港集团"}
        )
    assert response.status_code == 302
    assert SignIn.objects.filter(lecture=lecture).count() == 1


@time_machine.travel(DURING, tick=False)
def test_the_queue_script_resending_the_same_nonce_counts_once(
    client: Client, lecture: Lecture
) -> None:
    hidden = open_form(client, lecture)
    body = {**hidden, "identity": "王芳", "unit_name": "青岛港集团"}
    answers = [
        client.post(sign_in_url(lecture), body, HTTP_ACCEPT="application/json") for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert all(json.loads(a.content)["ok"] for a in answers)
    assert SignIn.objects.filter(lecture=lecture).count() == 1


@time_machine.travel(DURING, tick=False)
def test_a_second_person_on_the_same_phone_is_told_it_is_counted(
    client: Client, lecture: Lecture
) -> None:
    hidden = open_form(client, lecture)
    client.post(sign_in_url(lecture), {**hidden, "identity": "王芳", "unit_name": "港口"})
    again = client.get(sign_in_url(lecture), {"c": services.rotating_code(lecture)})
    assert again.status_code == 302 and again["Location"].endswith("/signed-in/")
    assert SignIn.objects.filter(lecture=lecture).count() == 1


@time_machine.travel(DURING, tick=False)
def test_the_same_name_and_unit_from_another_phone_is_refused_with_a_message(
    lecture: Lecture,
) -> None:
    first, second = Client(), Client()
    for phone in (first, second):
        hidden = open_form(phone, lecture)
        response = phone.post(
            sign_in_url(lecture),
            {**hidden, "identity": "王芳", "unit_name": "港口"},
            HTTP_ACCEPT="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 409
    assert json.loads(response.content)["code"] == "sign_in_duplicate_person"
    assert SignIn.objects.filter(lecture=lecture).count() == 1


def test_before_the_window_the_page_says_when_it_opens(client: Client, lecture: Lecture) -> None:
    with time_machine.travel(LECTURE_START - timedelta(hours=2), tick=False):
        response = client.get(
            sign_in_url(lecture), {"c": services.poster_code(lecture)}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 409
    assert "Sign-in opens at 2026-06-10 13:30" in response.content.decode()


@time_machine.travel(DURING, tick=False)
def test_missing_name_is_named_on_its_field(client: Client, lecture: Lecture) -> None:
    hidden = open_form(client, lecture)
    response = client.post(
        sign_in_url(lecture),
        {**hidden, "identity": "", "unit_name": "港口"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["identity"] == ["Please give your name."]
    assert not SignIn.objects.exists()


# --- staff pages ------------------------------------------------------------------------


def staff_url(name: str, lecture: Lecture) -> str:
    return reverse(f"staff:courses:{name}", kwargs={"public_id": lecture.public_id})


@time_machine.travel(DURING, tick=False)
def test_the_host_unit_and_the_expert_see_the_lecture_and_its_live_count(
    login: Login, lecture: Lecture, room_admin, lecturer, centre_admin, cadre_a
) -> None:
    services.sign_in_create(
        lecture=lecture,
        data=services.SignInData(identity="王芳", unit_name="港口", nonce="nonce-0001"),
        code=services.poster_code(lecture),
    )
    for person in (room_admin, lecturer, centre_admin, cadre_a):
        client = login(person)
        page = client.get(staff_url("lecture", lecture))
        assert page.status_code == 200, person
        html = page.content.decode()
        assert lecture.topic.title in html and "李老师" in html and lecture.venue in html
        count = client.get(staff_url("lecture_count", lecture))
        assert 'data-live-count="1"' in count.content.decode()
        assert 'hx-trigger="every 5s"' in count.content.decode()
        listing = client.get(reverse("staff:courses:lectures"))
        assert str(lecture.public_id) in listing.content.decode()


@time_machine.travel(DURING, tick=False)
def test_the_outsider_finds_no_lecture(login: Login, lecture: Lecture, cadre_b) -> None:
    client = login(cadre_b)
    for name in (
        "lecture",
        "lecture_count",
        "lecture_sheet",
        "lecture_poster",
        "lecture_projector",
    ):
        assert client.get(staff_url(name, lecture)).status_code == 404, name
    listing = client.get(reverse("staff:courses:lectures"))
    assert str(lecture.public_id) not in listing.content.decode()


@time_machine.travel(DURING, tick=False)
def test_the_projector_shows_a_code_that_signs_in_and_rotates(
    login: Login, lecture: Lecture, room_admin
) -> None:
    client = login(room_admin)
    page = client.get(staff_url("lecture_projector", lecture))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    url = page.context["url"]
    assert services.rotating_code(lecture) in url and "<svg" in page.content.decode()
    with time_machine.travel(DURING + timedelta(seconds=services.WINDOW_SECONDS), tick=False):
        later = client.get(staff_url("lecture_projector_code", lecture)).context["url"]
    assert later != url


@time_machine.travel(DURING, tick=False)
def test_the_poster_carries_the_fixed_code(login: Login, lecture: Lecture, room_admin) -> None:
    page = login(room_admin).get(staff_url("lecture_poster", lecture))
    assert page.status_code == 200
    assert services.poster_code(lecture) in page.context["url"]
    assert "<svg" in page.content.decode()


def test_lecture_list_query_budget(
    login: Login, lecture: Lecture, room_admin, django_assert_max_num_queries
) -> None:
    from tests.courses.factories import LectureFactory

    client = login(room_admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("staff:courses:lectures")).status_code == 200
    for day in range(1, 15):
        LectureFactory(
            topic=lecture.topic,
            expert=lecture.expert,
            unit=lecture.unit,
            starts_at=LECTURE_START + timedelta(days=day),
            ends_at=LECTURE_START + timedelta(days=day, hours=1),
        )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("staff:courses:lectures"))
    assert len(response.context["page"].object_list) == 15


def test_the_lectures_link_is_offered_to_the_unit_and_the_expert_only(
    login: Login, lecture: Lecture, room_admin, lecturer, counsellor_a
) -> None:
    from core import views

    link = reverse("staff:courses:lectures")
    assert link in {entry.url for entry in views.staff_links(room_admin)}
    assert link in {entry.url for entry in views.staff_links(lecturer)}
    assert link not in {entry.url for entry in views.staff_links(counsellor_a)}


@time_machine.travel(DURING, tick=False)
def test_lecture_page_query_budget(
    login: Login, lecture: Lecture, room_admin, django_assert_max_num_queries
) -> None:
    client = login(room_admin)
    url = staff_url("lecture", lecture)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    for n in range(30):
        services.sign_in_create(
            lecture=lecture,
            data=services.SignInData(identity=f"职工{n}", unit_name="港口", nonce=f"nonce-{n:04d}"),
            code=services.poster_code(lecture),
        )
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.context["count"] == 30


@time_machine.travel(DURING, tick=False)
def test_a_lecture_signing_in_by_employee_number_asks_for_it(
    client: Client, lecture: Lecture
) -> None:
    lecture.sign_in_identity = SignInIdentity.EMPLOYEE_NUMBER
    lecture.save()
    page = client.get(
        sign_in_url(lecture), {"c": services.rotating_code(lecture)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Your employee number" in page.content.decode()
    hidden = open_form(client, lecture)
    refused = client.post(
        sign_in_url(lecture),
        {**hidden, "identity": "", "unit_name": "港口"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.context["form"].errors["identity"] == ["Please give your employee number."]
    done = client.post(sign_in_url(lecture), {**hidden, "identity": "GH-0421", "unit_name": "港口"})
    assert done.status_code == 302
    assert SignIn.objects.get().identity == "GH-0421"
