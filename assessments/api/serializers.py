"""Input serializers validate; output serializers render. No rules here.

Instrument texts come in both languages (`{"zh-Hans": …, "en": …}`, as in the
instrument data files); a submission's result comes in the one language the
worker answered in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from assessments import scoring
from assessments.api import lean
from assessments.models import (
    AgeBand,
    Campaign,
    Industry,
    Instrument,
    InstrumentVersion,
    KeyGroup,
    Report,
    ReportStatus,
)
from assessments.scoring import License, Text
from assessments.services import InstrumentUnavailable, current_version
from core import clock, public_cache
from core.api.input import ShallowFieldsMixin
from core.text import validate_line
from network import selectors as network_selectors
from network.api.serializers import UnitRefField, UnitRefSerializer
from network.models import StationProfile

LANGUAGE_CHOICES = [("zh-hans", "简体中文"), ("en", "English")]

# --- shared fields ------------------------------------------------------------------------


class LanguageField(serializers.ChoiceField):
    """`zh-hans` or `en`; `zh-Hans` (the data files' spelling) is accepted too."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=LANGUAGE_CHOICES, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        return str(super().to_internal_value(data.lower() if isinstance(data, str) else data))


LOCALIZED_TEXT = inline_serializer(
    "LocalizedText",
    fields={
        "zh-Hans": serializers.CharField(help_text="Simplified Chinese."),
        "en": serializers.CharField(help_text="English."),
    },
)


@extend_schema_field(LOCALIZED_TEXT)
class TextField(serializers.Field):
    """A text in both languages: `{"zh-Hans": "…", "en": "…"}`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Text) -> dict[str, str]:
        return value.as_dict()


@extend_schema_field(OpenApiTypes.NUMBER)
class ScoreField(serializers.Field):
    """A score as a JSON number: whole scores as integers, others with their decimals."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> int | float:
        return lean.score(value)


class AnswersField(serializers.ListField):
    """Option values; a bad one is reported by its number, as a flat list of messages."""

    def run_child_validation(self, data: list[Any]) -> list[Any]:
        values = []
        for number, item in enumerate(data, start=1):
            try:
                values.append(self.child.run_validation(item))
            except serializers.ValidationError:
                raise serializers.ValidationError(
                    [
                        _("Answer %(number)d is not an option value (a whole number).")
                        % {"number": number}
                    ]
                ) from None
        return values


# --- instruments (output) -----------------------------------------------------------------


class OptionSerializer(serializers.Serializer):
    value = serializers.IntegerField(help_text="Send this value as the item's answer.")
    # Shadows Field.label only in the stubs: DRF pops declared fields off the class.
    label = TextField()  # type: ignore[assignment]


class ItemSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1-based, as printed on the questionnaire.")
    text = TextField()
    options = OptionSerializer(many=True)


class BandSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code, e.g. `mild`.")
    min = ScoreField(help_text="Lowest total in the band (inclusive).")
    max = ScoreField(help_text="Highest total in the band (inclusive).")
    severity = serializers.IntegerField(help_text="0 for the lowest band, rising with severity.")
    # Shadows Field.label only in the stubs: DRF pops declared fields off the class.
    label = TextField()  # type: ignore[assignment]


# An instrument version's representation by (version, its instrument's code and licence,
# language): versions never change, so each is rendered once per process and language.
_REPRESENTED: dict[tuple[Any, ...], Any] = {}


class InstrumentSerializer(serializers.Serializer):
    """An instrument's current version (an InstrumentVersion with its instrument).

    Public data, the same for every caller: rendered once per version and language.
    """

    def to_representation(self, instance: Any) -> Any:
        key = (
            instance.pk,
            instance.content_hash,
            instance.created_at,
            instance.instrument.code,
            instance.instrument.license,
            translation.get_language(),
        )
        found = _REPRESENTED.get(key) if instance.pk is not None else None
        if found is None:
            found = super().to_representation(instance)
            if instance.pk is not None:
                _REPRESENTED[key] = found
        return found

    code = serializers.CharField(source="instrument.code", help_text="e.g. `phq9`.")
    short_name = TextField(source="parsed.short_name")
    name = TextField(source="parsed.name")
    description = TextField(source="parsed.description", allow_null=True)
    license = serializers.ChoiceField(source="instrument.license", choices=License.choices)
    version = serializers.IntegerField(
        source="number", help_text="Version of the content; answers are scored against it."
    )
    time_frame = TextField(source="parsed.time_frame")
    instructions = TextField(source="parsed.instructions")
    items = ItemSerializer(source="parsed.items", many=True)
    min_score = ScoreField(source="parsed.scoring.min_total")
    max_score = ScoreField(source="parsed.scoring.max_total")
    bands = BandSerializer(source="parsed.bands", many=True)
    has_subscales = serializers.SerializerMethodField()
    source = serializers.CharField(  # type: ignore[assignment]  # as `label` above
        source="parsed.source", help_text="Published source."
    )
    terms_of_use = serializers.CharField(source="parsed.terms_of_use")

    def get_has_subscales(self, version: InstrumentVersion) -> bool:
        return bool(version.parsed.subscales)


# --- submissions --------------------------------------------------------------------------


class SubmissionInputSerializer(ShallowFieldsMixin, serializers.Serializer):
    """A submit's body. The usual one (instrument, answers, language) is read without
    building the fields (assessments.api.lean); anything else goes through DRF's walk."""

    instrument = serializers.SlugField(
        max_length=32, help_text="The instrument's code: `phq9`, `gad7`, `who5`, `k10`, `pss10`."
    )
    answers = AnswersField(
        child=serializers.IntegerField(),
        max_length=200,
        help_text="The chosen option values, one per item, in item order.",
    )
    language = LanguageField(
        required=False,
        help_text="Language of the result texts; default: the request's (Accept-Language).",
    )
    district = UnitRefField(
        queryset=network_selectors.districts(),
        required=False,
        allow_null=True,
        error_messages={"unknown": _("No such district sub-centre.")},
        help_text="Optional: public id of the district sub-centre the worker chose.",
    )
    industry = serializers.ChoiceField(
        choices=Industry.choices, required=False, allow_blank=True, help_text="Optional."
    )
    key_group = serializers.ChoiceField(
        choices=KeyGroup.choices, required=False, allow_blank=True, help_text="Optional."
    )
    age_band = serializers.ChoiceField(
        choices=AgeBand.choices, required=False, allow_blank=True, help_text="Optional."
    )
    campaign = serializers.CharField(
        max_length=16,
        validators=[validate_line],
        required=False,
        allow_blank=True,
        help_text="Optional: the join code of a unit assessment the worker takes part in.",
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        fast = lean.submission_input(data, frozenset(self._declared_fields))
        if fast is None:
            return dict(super().to_internal_value(data))
        self._lean = True
        return fast

    def run_validators(self, value: Any) -> None:
        # DRF's adds read-only defaults (this serializer has no read-only field) by building
        # every field: skipped on the fast path, which has nothing else to run.
        if getattr(self, "_lean", False) and not self.validators:
            return
        super().run_validators(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Checked here, before anything is written, so bad answers are a 400 with
        # field details; the service checks them again when it scores.
        try:
            # The instruments' data version, when the request read it with the partner key.
            version = current_version(
                attrs["instrument"], known_versions=self.context.get("instrument_versions")
            )
        except InstrumentUnavailable as exc:
            raise serializers.ValidationError(exc.fields) from exc
        try:
            scoring.check_answers(version.parsed, attrs["answers"])
        except scoring.InvalidAnswers as exc:
            raise serializers.ValidationError(exc.fields) from exc
        attrs["version"] = version  # the version checked against: the service reads no other
        return attrs


class EmergencyNumberSerializer(serializers.Serializer):
    number = serializers.CharField()
    name = serializers.CharField(help_text="In the result's language.")


class CrisisStationSerializer(serializers.ModelSerializer[StationProfile]):
    id = serializers.UUIDField(source="unit.public_id", read_only=True)
    name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = StationProfile
        fields = ["id", "name", "address", "phone", "lat", "lng", "open_24h"]
        read_only_fields = fields


class CrisisSerializer(serializers.Serializer):
    hotline = serializers.CharField(help_text="The 24-hour workers' hotline, e.g. 12351.")
    emergency = EmergencyNumberSerializer(many=True)
    message = serializers.CharField(help_text="Show it before anything else.")
    stations = CrisisStationSerializer(
        many=True,
        help_text="A few stations open now: nearest the worker's district when one was "
        "given (or the campaign's), else anywhere, 24-hour stations first.",
    )


class SubmissionResultSerializer(serializers.Serializer):
    """The result of one submission, in `language`; renders the dict the view builds."""

    submission_id = serializers.UUIDField()
    retrieval_code = serializers.CharField(
        help_text="Shown once and never again: the worker keeps it to open the report later."
    )
    instrument = serializers.CharField()
    version = serializers.IntegerField()
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    score = ScoreField()
    percentage = ScoreField(
        allow_null=True, help_text="Only for instruments with a percentage score (WHO-5)."
    )
    band = serializers.CharField(help_text="Stable code, e.g. `moderate`.")
    band_label = serializers.CharField()
    meaning = serializers.CharField()
    recommendation = serializers.CharField()
    risk = serializers.BooleanField()
    risk_reasons = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of the risk rules that matched."
    )
    crisis = CrisisSerializer(
        required=False, help_text="Present only when `risk` is true: show it first."
    )

    def to_representation(self, instance: Any) -> Any:
        # The same rendering without building the fields (assessments.api.lean); the crisis
        # panel, on submits at risk only, through its serializer.
        return lean.submission_result(instance, crisis_data)


def crisis_data(panel: dict[str, Any]) -> Any:
    """CrisisSerializer's rendering of a crisis panel, once a minute per district, language
    and stations in this process (core.public_cache, under the stations' data version): the
    panel is public, the same for every submit at risk from that district."""
    district = panel.get("district")
    return public_cache.cached_in_process(
        "assessments.api.crisis",
        (
            district.pk if district is not None else None,
            get_language(),
            settings.HOTLINE_NUMBER,
            tuple(station.pk for station in panel["stations"]),
        ),
        lambda: CrisisSerializer(panel).data,
        namespaces=(public_cache.STATIONS,),
    )


# --- reports ------------------------------------------------------------------------------


class ReportRequestInputSerializer(serializers.Serializer):
    retrieval_code = serializers.CharField(
        max_length=64, validators=[validate_line], help_text="The submission's code."
    )
    language = LanguageField(
        required=False, help_text="Language of the report; default: the request's."
    )


class ReportQuerySerializer(serializers.Serializer):
    language = LanguageField(
        required=False, help_text="Language of the report; default: the request's."
    )


class ReportSerializer(serializers.ModelSerializer[Report]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    status = serializers.ChoiceField(
        choices=ReportStatus.choices,
        read_only=True,
        help_text="pending → running → done; failed: ask for it again to retry.",
    )

    class Meta:
        model = Report
        fields = ["id", "language", "status", "requested_at", "finished_at"]
        read_only_fields = fields


class ReportListSerializer(serializers.Serializer):
    submission_id = serializers.UUIDField()
    reports = ReportSerializer(many=True)


# --- campaigns ----------------------------------------------------------------------------


class CampaignInstrumentSerializer(serializers.ModelSerializer[Instrument]):
    name = serializers.SerializerMethodField()

    class Meta:
        model = Instrument
        fields = ["code", "short_name", "name"]
        read_only_fields = fields

    @extend_schema_field(LOCALIZED_TEXT)
    def get_name(self, instrument: Instrument) -> dict[str, str]:
        return Text(zh_hans=instrument.name, en=instrument.name_en).as_dict()


class CampaignSerializer(serializers.ModelSerializer[Campaign]):
    """A campaign for its join page; `offered_instruments` is prefetched by the view."""

    unit = UnitRefSerializer(read_only=True)
    is_open = serializers.SerializerMethodField(help_text="Open today (the network's date).")
    instruments = CampaignInstrumentSerializer(
        source="offered_instruments", many=True, read_only=True
    )

    class Meta:
        model = Campaign
        fields = ["code", "name", "unit", "opens_on", "closes_on", "is_open", "instruments"]
        read_only_fields = fields

    def get_is_open(self, campaign: Campaign) -> bool:
        return campaign.is_open_on(clock.today())
