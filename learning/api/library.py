"""Public API of the online library: the live items (filtered, paginated) and this month's
premium courses. Public data: anonymous callers and partner apps read it; a bad partner
key is still refused (401). Listing never counts views: only opening an item's page does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.schema import error_responses
from courses.services import Audience, Category
from learning import selectors
from learning.models import ItemKind, LibraryItem, PremiumCourse


class ItemQuerySerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    kind = serializers.ChoiceField(choices=ItemKind.choices, required=False)


class LibraryItemSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    title = serializers.CharField()
    summary = serializers.CharField()
    category = serializers.ChoiceField(choices=Category.choices)
    category_label = serializers.CharField(source="get_category_display")
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices))
    duration_minutes = serializers.IntegerField()
    published_at = serializers.DateTimeField(allow_null=True)
    page_url = serializers.SerializerMethodField()
    media_url = serializers.SerializerMethodField()
    cover_url = serializers.SerializerMethodField()

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field(serializers.URLField(help_text="The item's page in the worker portal."))
    def get_page_url(self, item: LibraryItem) -> str:
        return self._absolute(reverse("learning:library_item", args=[item.public_id]))

    @extend_schema_field(
        serializers.URLField(
            allow_null=True,
            help_text="Video or audio: the file (served with range requests) or an https "
            "address; null for an article.",
        )
    )
    def get_media_url(self, item: LibraryItem) -> str | None:
        if item.media_file:
            return self._absolute(reverse("learning:library_media", args=[item.public_id]))
        return item.external_url or None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_cover_url(self, item: LibraryItem) -> str | None:
        return self._absolute(item.cover.url) if item.cover else None


class PremiumCourseSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    order = serializers.IntegerField()
    item = LibraryItemSerializer()


class LibraryItemListView(generics.ListAPIView[LibraryItem]):
    """Live items of the online library, newest first; filter by category and kind."""

    serializer_class = LibraryItemSerializer
    permission_classes = [AllowAny]
    filter_backends: list[type] = []

    @extend_schema(
        parameters=[ItemQuerySerializer],
        operation_id="library_items_list",
        responses={200: LibraryItemSerializer, **error_responses(400, 401, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[LibraryItem]:
        params = ItemQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.library_items(
            viewer=self.request.user,
            category=params.validated_data.get("category"),
            kind=params.validated_data.get("kind"),
        )


class ThisMonthView(APIView):
    """This month's premium online courses (精品课程), in the centre's order."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="library_this_month",
        responses={200: PremiumCourseSerializer(many=True), **error_responses(401, 429)},
    )
    def get(self, request: Request) -> Response:
        # "This month" is the network's month (core.clock), whatever the caller's zone.
        courses: list[PremiumCourse] = selectors.premium_this_month(viewer=request.user)
        serializer = PremiumCourseSerializer(courses, many=True, context={"request": request})
        return Response(serializer.data)
