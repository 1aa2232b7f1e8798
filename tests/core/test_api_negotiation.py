"""core.api.negotiation answers the usual Accept headers without parsing them, and every
header exactly as DRF's own negotiation does (406 included)."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core.api.negotiation import PlainJsonNegotiation

JSON_ONLY: list[BaseRenderer] = [JSONRenderer()]
TWO: list[BaseRenderer] = [JSONRenderer(), BrowsableAPIRenderer()]


def _outcome(negotiation: Any, renderers: list[BaseRenderer], query: str, **headers: str) -> Any:
    request = Request(APIRequestFactory().get("/api/v1/x/" + query, **headers))
    try:
        renderer, media_type = negotiation.select_renderer(request, renderers)
    except NotAcceptable:
        return "406"
    except Http404:  # a ?format= no renderer has
        return "404"
    return type(renderer).__name__, media_type


@pytest.mark.parametrize("renderers", [JSON_ONLY, TWO])
@pytest.mark.parametrize(
    ("query", "headers"),
    [
        ("", {}),
        ("", {"HTTP_ACCEPT": "*/*"}),
        ("", {"HTTP_ACCEPT": "application/json"}),
        ("", {"HTTP_ACCEPT": "application/json; indent=4"}),
        ("", {"HTTP_ACCEPT": "text/html"}),
        ("", {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}),
        ("", {"HTTP_ACCEPT": "application/*"}),
        ("", {"HTTP_ACCEPT": "image/png"}),
        ("?format=json", {}),
        ("?format=api", {"HTTP_ACCEPT": "*/*"}),
    ],
)
def test_every_accept_header_is_answered_as_drf_answers_it(
    renderers: list[BaseRenderer], query: str, headers: dict[str, str]
) -> None:
    ours = _outcome(PlainJsonNegotiation(), renderers, query, **headers)
    assert ours == _outcome(DefaultContentNegotiation(), renderers, query, **headers)


def test_the_usual_header_is_answered_without_drf_parsing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def parse(*_args: Any) -> Any:
        raise AssertionError("parsed")

    monkeypatch.setattr(DefaultContentNegotiation, "get_accept_list", parse)
    for accept in ({}, {"HTTP_ACCEPT": "*/*"}, {"HTTP_ACCEPT": "application/json"}):
        assert _outcome(PlainJsonNegotiation(), JSON_ONLY, "", **accept) == (
            "JSONRenderer",
            "application/json",
        )
    with pytest.raises(AssertionError, match="parsed"):
        _outcome(PlainJsonNegotiation(), JSON_ONLY, "", HTTP_ACCEPT="text/html")
