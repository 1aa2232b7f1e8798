"""Bench-only URLs in front of the project's: the ceiling, a bare DRF partner view and the
floor of any durable submit.

/bench/ceiling/ is a bare JsonResponse: the same process and middleware as every page, no
work of ours. /bench/drf/ is a bare DRF APIView with the project's partner-key
authentication, the partner permission and the partner throttle: what every partner
request pays before its own work. /bench/floor/ is what no submit can do without, in a
plain Django view with none of DRF or the ORM: parse the JSON body, one Redis round trip
(the partner key and the throttle's INCR, EXPIRE, GET in one pipeline, as
network.api.partner_hit sends them), one INSERT committed before the answer (autocommit,
`synchronous_commit` as configured), and a JSON answer. A submit cannot be cheaper than
this floor; the ratio of the two shows how much of the gap to the ceiling is ours.
"""

import json
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import handler400, handler500  # noqa: F401
from network.api.authentication import PartnerKeyAuthentication
from network.api.permissions import IsPartnerApp
from network.api.throttles import PartnerAppRateThrottle


def ceiling(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


class BareDrf(APIView):
    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [IsPartnerApp]
    throttle_classes = [PartnerAppRateThrottle]

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response({"ok": True})


_floor_ready = False


@csrf_exempt
def floor(request: HttpRequest) -> JsonResponse:
    global _floor_ready
    body = json.loads(request.body)
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    pipe = client.pipeline(transaction=False)
    pipe.get("bench:floor:key")
    pipe.incr("bench:floor:hits")
    pipe.expire("bench:floor:hits", 60)
    pipe.get("bench:floor:hits")
    pipe.execute()
    with connection.cursor() as cursor:
        if not _floor_ready:
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS bench_floor_submit "
                "(id bigserial PRIMARY KEY, answers text NOT NULL, at timestamptz NOT NULL)"
            )
            _floor_ready = True
        cursor.execute(
            "INSERT INTO bench_floor_submit (answers, at) VALUES (%s, now()) RETURNING id",
            [json.dumps(body["answers"])],
        )
        (row_id,) = cursor.fetchone()
    return JsonResponse({"id": row_id, "score": sum(body["answers"])}, status=201)


urlpatterns = [
    path("bench/ceiling/", ceiling),
    path("bench/floor/", floor),
    path("bench/drf/", BareDrf.as_view()),
    path("", include("config.urls")),
]
