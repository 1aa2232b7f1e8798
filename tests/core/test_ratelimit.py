"""Rate limits with the cache (Redis) away: ours fail open, login fails closed with a message."""

from __future__ import annotations

import json
import logging

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from redis.exceptions import ConnectionError

from accounts.models import User
from core import ratelimit
from core.middleware import CacheUnavailableMiddleware
from tests.conftest import PASSWORD
from tests.core.outage import CACHE_DOWN

pytestmark = pytest.mark.django_db


def test_hit_counts_within_the_window_then_refuses() -> None:
    assert [ratelimit.hit("t:one", limit=2, window=60) for _ in range(3)] == [True, True, False]


def test_hit_fails_open_with_a_warning_that_names_the_limiter_not_the_key(
    settings: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> None:
    settings.CACHES = CACHE_DOWN  # type: ignore[attr-defined]
    caplog.set_level(logging.WARNING, logger="core.ratelimit")
    assert ratelimit.hit("t:session:secret-session-key", limit=1, window=60, name="t.limit")
    assert "t.limit" in caplog.text and "cache unavailable" in caplog.text
    assert "secret-session-key" not in caplog.text


def test_the_api_answers_with_the_cache_down(
    settings: pytest.FixtureRequest, client: Client, tree: object
) -> None:
    settings.CACHES = CACHE_DOWN  # type: ignore[attr-defined]
    response = client.get(reverse("api-stations"))
    assert response.status_code == 200


def test_the_code_form_answers_with_the_cache_down(
    settings: pytest.FixtureRequest, client: Client
) -> None:
    settings.CACHES = CACHE_DOWN  # type: ignore[attr-defined]
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(reverse("assessments:open_code"), {"code": "ABCD-EFGH-JKLM"})
    assert response.status_code in {200, 400}
    assert "Too many attempts" not in response.content.decode()


def test_login_with_the_cache_down_is_refused_with_a_message_not_a_500(
    settings: pytest.FixtureRequest, client: Client, worker: User
) -> None:
    # allauth keeps its login limits in the cache: without it, signing in fails closed.
    settings.CACHES = CACHE_DOWN  # type: ignore[attr-defined]
    response = client.post(reverse("account_login"), {"login": worker.email, "password": PASSWORD})
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "服务暂时不可用，请几分钟后再试。" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_works_again_once_the_cache_is_back(client: Client, worker: User) -> None:
    response = client.post(reverse("account_login"), {"login": worker.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(worker.pk)


def test_other_sign_in_pages_answer_503_with_a_message_with_the_cache_down(
    settings: pytest.FixtureRequest, client: Client, worker: User
) -> None:
    settings.CACHES = CACHE_DOWN  # type: ignore[attr-defined]
    response = client.post(reverse("account_request_login_code"), {"phone": worker.phone})
    assert response.status_code == 503
    assert "服务暂时不可用" in response.content.decode()


def test_an_api_request_that_needed_the_cache_answers_a_json_503_in_the_error_shape(
    rf: RequestFactory,
) -> None:
    request = rf.get("/api/v1/stations/")
    response = CacheUnavailableMiddleware(lambda r: HttpResponse())(request)
    assert response.status_code == 200
    response = CacheUnavailableMiddleware(lambda r: HttpResponse()).process_exception(
        request, ConnectionError("Error 111 connecting to 127.0.0.1:1.")
    )
    assert response is not None and response.status_code == 503
    assert json.loads(response.content)["error"]["code"] == "service_unavailable"
    assert response["Retry-After"] == "60"


def test_no_fail_open_throttle_overrides_the_fail_open_wrapper() -> None:
    # A subclass's own allow_request would replace FailOpenThrottleMixin's, and a Redis
    # outage would then be a 500 on every partner request (it was, for the partner throttle).
    from core.ratelimit import FailOpenThrottleMixin
    from network.api import throttles

    found = [
        cls
        for cls in vars(throttles).values()
        if isinstance(cls, type) and issubclass(cls, FailOpenThrottleMixin)
    ]
    assert len(found) >= 2
    for cls in found:
        owner = next(k for k in cls.__mro__ if "allow_request" in vars(k))
        assert owner is FailOpenThrottleMixin, cls
