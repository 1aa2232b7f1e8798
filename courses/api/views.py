"""Public API of the catalogue: topics with search and filters, a topic, its experts.

Public data: anonymous callers and partner apps with any scope (or none) read it,
as the instruments are read; a bad partner key is still refused (401).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import error_responses
from core.errors import NotFound
from courses import selectors
from courses.api.serializers import ExpertSerializer, TopicQuerySerializer, TopicSerializer
from courses.models import Expert, Topic

TOPIC_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH)


def _topic(request: Request, raw_id: str) -> Topic:
    try:
        public_id = uuid.UUID(raw_id)
    except ValueError:
        raise NotFound() from None
    topic = selectors.topic_detail(public_id, viewer=request.user)
    if topic is None:
        raise NotFound()
    return topic


class TopicListView(generics.ListAPIView[Topic]):
    """Active topics of the catalogue; with `q`, best match first, else by code."""

    serializer_class = TopicSerializer
    permission_classes = [AllowAny]
    filter_backends: list[type] = []

    @extend_schema(
        parameters=[TopicQuerySerializer],
        operation_id="topics_list",
        responses={200: TopicSerializer, **error_responses(400, 401, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Topic]:
        params = TopicQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.topic_search(params.filters(), viewer=self.request.user)


class TopicDetailView(generics.RetrieveAPIView[Topic]):
    """One active topic by its id; unknown or inactive: 404."""

    serializer_class = TopicSerializer
    permission_classes = [AllowAny]
    filter_backends: list[type] = []

    @extend_schema(
        parameters=[TOPIC_ID],
        operation_id="topics_retrieve",
        responses={200: TopicSerializer, **error_responses(401, 404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_object(self) -> Topic:
        return _topic(self.request, self.kwargs["id"])


class TopicExpertsView(generics.ListAPIView[Expert]):
    """The public experts who teach an active topic, by name."""

    serializer_class = ExpertSerializer
    permission_classes = [AllowAny]
    filter_backends: list[type] = []
    pagination_class = None

    @extend_schema(
        parameters=[TOPIC_ID],
        operation_id="topics_experts_list",
        responses={200: ExpertSerializer(many=True), **error_responses(401, 404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Expert]:
        return selectors.experts_teaching(_topic(self.request, self.kwargs["id"]))
