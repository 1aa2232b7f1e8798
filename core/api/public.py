"""List views of public data served from core.public_cache, with the access rules per request.

Authentication, permissions and throttles run before `list()` as on every DRF view (a revoked
key is still refused, a missing scope still a 403, every request still counted). Only the
page's data is cached: its count, its number and its rows rendered as JSON, keyed by the view, the
query string, the language and `cache_scope()` (the unit a partner app is limited to); the
`next` / `previous` links are built per request from the request's own address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils import translation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from core import public_cache


@dataclass(frozen=True)
class CachedPage:
    """What PageNumberPagination's links and count read of a Django page."""

    count: int
    number: int
    num_pages: int

    @property
    def paginator(self) -> CachedPage:
        return self

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class PublicCachedListMixin:
    """For a `ListAPIView` of public rows: set `cache_namespaces` (core.public_cache)."""

    cache_namespaces: tuple[str, ...] = ()

    def cache_scope(self) -> Any:
        """What else the answer depends on besides the query (e.g. the app's unit)."""
        return None

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        view: Any = self
        parts = (
            type(self).__qualname__,
            sorted(request.query_params.lists()),
            translation.get_language(),
            self.cache_scope(),
        )

        def build() -> dict[str, Any]:
            rows = view.paginate_queryset(view.get_queryset())
            data = view.get_serializer(rows, many=True).data
            page = view.paginator.page
            return {
                "count": page.paginator.count,
                "number": page.number,
                "num_pages": page.paginator.num_pages,
                "results": JSONRenderer().render(data),  # rendered once, as DRF renders it
            }

        payload = public_cache.cached(
            type(self).__qualname__, parts, build, namespaces=self.cache_namespaces
        )
        paginator = view.paginator
        paginator.request = request
        paginator.page = CachedPage(payload["count"], payload["number"], payload["num_pages"])
        # The body PageNumberPagination would give, with this request's own links.
        envelope = JSONRenderer().render(
            {
                "count": payload["count"],
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
            }
        )
        body = envelope[:-1] + b',"results":' + payload["results"] + b"}"
        return HttpResponse(body, content_type="application/json")  # type: ignore[return-value]
