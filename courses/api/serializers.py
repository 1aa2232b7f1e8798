"""Input serializers parse query strings; output serializers render. No rules here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from courses import selectors
from courses.models import Audience, Category, Expert, Format, Topic

# --- input -------------------------------------------------------------------------------


class TopicQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Search text; Chinese works (e.g. 职场压力), as do codes and English labels.",
    )
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    # Not `format`: DRF reads ?format= as the choice of renderer.
    delivery = serializers.ChoiceField(
        choices=Format.choices,
        required=False,
        help_text="A format the topic is offered in (lecture, workshop, group, online).",
    )
    expert = serializers.SlugRelatedField(
        slug_field="public_id",
        queryset=Expert.objects.none(),
        required=False,
        help_text="Public id of an expert: topics that expert teaches.",
        error_messages={"does_not_exist": _("No such expert."), "invalid": _("No such expert.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = selectors.public_experts()  # type: ignore[attr-defined]

    def filters(self) -> selectors.CatalogueFilters:
        data = self.validated_data
        return selectors.CatalogueFilters(
            q=data.get("q", ""),
            category=data.get("category"),
            audience=data.get("audience"),
            format=data.get("delivery"),
            expert=data.get("expert"),
        )


# --- output ------------------------------------------------------------------------------


class ExpertRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class TopicSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    code = serializers.CharField(help_text="Stable code of the catalogue, e.g. QX-001.")
    title = serializers.CharField()
    summary = serializers.CharField()
    category = serializers.ChoiceField(choices=Category.choices)
    category_label = serializers.CharField(source="get_category_display")
    length_minutes = serializers.IntegerField()
    formats = serializers.SerializerMethodField()
    audiences = serializers.SerializerMethodField()
    experts = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=Format.choices))
    )
    def get_formats(self, topic: Topic) -> list[str]:
        return [row.format for row in topic.format_rows.all()]

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices))
    )
    def get_audiences(self, topic: Topic) -> list[str]:
        return [row.audience for row in topic.audience_rows.all()]

    @extend_schema_field(ExpertRefSerializer(many=True))
    def get_experts(self, topic: Topic) -> list[dict[str, Any]]:
        experts = getattr(topic, "shown_experts", [])
        return ExpertRefSerializer(experts, many=True).data  # type: ignore[return-value]


class ExpertSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    qualification = serializers.CharField(source="practitioner.qualification")
    qualification_label = serializers.CharField(source="practitioner.get_qualification_display")
    specialities = serializers.SerializerMethodField()
    bio = serializers.CharField(source="practitioner.bio")
    photo = serializers.SerializerMethodField()
    districts = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_specialities(self, expert: Expert) -> list[str]:
        text = expert.practitioner.specialities.replace("，", ",").replace("、", ",")
        return [part.strip() for part in text.split(",") if part.strip()]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_photo(self, expert: Expert) -> str | None:
        photo = expert.practitioner.photo
        if not photo:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(photo.url) if request is not None else photo.url

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_districts(self, expert: Expert) -> list[str]:
        return [unit.name for unit in expert.districts.all()]
