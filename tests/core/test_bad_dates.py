"""Out-of-range dates in any query answer a translated 400, never an OverflowError 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from network.models import OrgUnit
from tests.network.conftest import Login

pytestmark = pytest.mark.django_db

EDGES = ["9999-12-31", "0001-01-01"]


@pytest.mark.parametrize("day", EDGES)
def test_the_slot_list_refuses_a_date_out_of_range(client: Client, day: str) -> None:
    response = client.get(
        reverse("appointments:slot_list"), {"date": day}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "Enter a date between" in response.context["form"].errors["date"][0]


def test_the_message_is_translated(client: Client) -> None:
    response = client.get(
        reverse("appointments:slot_list"), {"date": "9999-12-31"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert "请输入" in response.context["form"].errors["date"][0]


@pytest.mark.parametrize("day", EDGES)
def test_the_api_slot_list_refuses_a_date_out_of_range(client: Client, day: str) -> None:
    response = client.get("/api/v1/slots/", {"date_from": day}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert "Enter a date between" in error["fields"]["date_from"][0]


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("day", EDGES)
def test_the_audit_filters_refuse_a_date_out_of_range(
    login: Login, cadre_a: User, field: str, day: str
) -> None:
    response = login(cadre_a).get(reverse("staff:network:audit"), {field: day})
    assert response.status_code == 400
    assert field in response.context["form"].errors


@pytest.mark.parametrize("day", EDGES)
def test_the_station_week_refuses_a_date_out_of_range(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit], day: str
) -> None:
    url = reverse("staff:appointments:station_calendar", args=[tree["station_a1"].pk])
    response = login(cadre_a).get(url, {"week": day})
    assert response.status_code == 400
    assert "week" in response.context["form"].errors


def test_dates_inside_the_bounds_still_work(
    client: Client, login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    assert client.get(reverse("appointments:slot_list"), {"date": "2099-12-31"}).status_code == 200
    assert client.get("/api/v1/slots/", {"date_from": "2000-01-01"}).status_code == 200
    staff = login(cadre_a)
    audit = staff.get(
        reverse("staff:network:audit"), {"date_from": "2000-01-01", "date_to": "2099-12-31"}
    )
    assert audit.status_code == 200


def test_admin_model_forms_get_the_bounds_too() -> None:
    from django import forms

    from core import dates

    class Form(forms.Form):
        day = forms.DateField()
        when = forms.DateTimeField()

    form = Form({"day": "9999-12-31", "when": "0001-01-01 00:00"})
    dates.protect_form(form)
    assert set(form.errors) == {"day", "when"}
