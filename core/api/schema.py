"""The one error format (core.api.errors) as an OpenAPI component, for extend_schema."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, e.g. validation_error, not_found, throttled.")
    message = serializers.CharField(help_text="In the request's language.")
    # Shadows Serializer.fields only in the stubs: DRF pops declared fields off the class.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per query or body field; empty unless code is validation_error.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


_DESCRIPTIONS = {
    400: "Invalid input (validation_error, with field details).",
    401: "Missing, unknown or revoked API key (invalid_key, not_authenticated).",
    403: "The partner app lacks the scope (scope_missing).",
    404: "Not found (not_found), also when outside the caller's reach.",
    429: "Too many requests (throttled); see Retry-After.",
}


PAGE_404 = "No such page (not_found): `page` is 0, not a number, or past the last page."


def document_page_not_found(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: every paginated list documents its 404."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            parameters = operation.get("parameters", [])
            if not any(p.get("name") == "page" and p.get("in") == "query" for p in parameters):
                continue
            for parameter in parameters:
                if parameter.get("name") == "page":
                    parameter["description"] = "A page number, from 1. " + PAGE_404
            operation.setdefault("responses", {}).setdefault(
                "404",
                {
                    "description": PAGE_404,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
            )
    return result


def error_responses(*statuses: int) -> dict[int, Any]:
    """`responses` entries for extend_schema: each status with the one error body."""
    return {
        status: OpenApiResponse(response=ErrorSerializer, description=_DESCRIPTIONS[status])
        for status in statuses
    }
