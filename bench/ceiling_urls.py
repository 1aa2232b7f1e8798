"""Bench-only URLs in front of the project's: the ceiling and a bare DRF partner view.

/bench/ceiling/ is a bare JsonResponse: the same process and middleware as every page, no
work of ours. /bench/drf/ is a bare DRF APIView with the project's partner-key
authentication, the partner permission and the partner throttle: what every partner
request pays before its own work.
"""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import include, path
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


urlpatterns = [
    path("bench/ceiling/", ceiling),
    path("bench/drf/", BareDrf.as_view()),
    path("", include("config.urls")),
]
