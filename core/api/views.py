from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.health import check_all


class HealthView(APIView):
    """Reports whether the database, the cache and the Celery broker answer."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    # Load balancers and monitors poll this; it must never answer 429.
    throttle_classes: list[type] = []

    @extend_schema(
        responses={
            200: inline_serializer(
                "Health",
                fields={
                    "status": serializers.ChoiceField(choices=["ok", "error"]),
                    "components": serializers.DictField(child=serializers.DictField()),
                },
            ),
            503: None,
        },
        auth=[],
    )
    def get(self, request: Request) -> Response:
        components = check_all()
        healthy = all(item["status"] == "ok" for item in components.values())
        return Response(
            {"status": "ok" if healthy else "error", "components": components},
            status=200 if healthy else 503,
        )
