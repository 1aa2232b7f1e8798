"""core.web.signed_in_user: the User that services take, from a view only signed-in people reach."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from accounts.models import User
from core.web import signed_in_user
from tests.conftest import make_user


@pytest.mark.django_db
def test_a_signed_in_request_gives_its_user() -> None:
    request = RequestFactory().get("/")
    request.user = make_user("someone@example.com")

    user = signed_in_user(request)

    assert isinstance(user, User) and user.email == "someone@example.com"


def test_an_anonymous_request_is_refused_rather_than_acting_as_nobody() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    with pytest.raises(PermissionDenied):
        signed_in_user(request)
