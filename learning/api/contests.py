"""Partner API of quiz contests: running contests, and a verified worker's entry.

    GET  /api/v1/contests/                       running contests (public)
    GET  /api/v1/contests/<id>/entry/            the worker's entry: paper, or result + rank
    POST /api/v1/contests/<id>/entry/            open it (nickname, optional unit): the paper
    POST /api/v1/contests/<id>/entry/submit/     the answers, all at once: the result

The entry endpoints are for partner apps with the `learning:write` scope and act for the
worker whose verified mobile number is in the X-Worker-Phone header (as the bookings API
does); a number in the query string is refused. The services decide everything else: one
entry per worker, the server's deadline, the marking.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core.api.schema import error_responses
from core.errors import NotFound
from learning import selectors, services
from learning.api.worker import PARTNER_ENTRY, WORKER_PHONE_PARAM, uuid_or_404, worker_of
from learning.models import NICKNAME_MAX, Contest, ContestEntry
from network.api.authentication import partner_app
from network.models import OrgUnit, Scope


class ContestSerializer(serializers.ModelSerializer[Contest]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    question_count = serializers.SerializerMethodField()

    class Meta:
        model = Contest
        fields = [
            "id",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "time_limit_minutes",
            "staggered_start",
            "question_count",
        ]

    def get_question_count(self, contest: Contest) -> int:
        return sum(line.count for line in contest.blueprint.all())


class ContestOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    chosen = serializers.BooleanField()
    is_correct = serializers.BooleanField(allow_null=True)


class ContestQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The paper question's id: the key of an answer.")
    position = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    options = ContestOptionSerializer(many=True)
    is_correct = serializers.BooleanField(allow_null=True)
    explanation = serializers.CharField()


class EntrySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="entry.public_id")
    nickname = serializers.CharField(source="entry.nickname")
    opened_at = serializers.DateTimeField(source="entry.opened_at")
    deadline = serializers.DateTimeField(source="entry.deadline")
    submitted_at = serializers.DateTimeField(source="entry.submitted_at", allow_null=True)
    score = serializers.IntegerField(source="entry.score", allow_null=True)
    max_score = serializers.IntegerField(source="entry.max_score")
    time_taken_seconds = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    questions = ContestQuestionSerializer(many=True, source="paper.questions")


class OpenSerializer(serializers.Serializer):
    nickname = serializers.CharField(max_length=NICKNAME_MAX)
    unit = serializers.UUIDField(required=False, allow_null=True, help_text="An org unit's id.")


class ContestAnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    options = serializers.ListField(child=serializers.IntegerField(), max_length=6)


class SubmitSerializer(serializers.Serializer):
    answers = serializers.ListField(child=ContestAnswerSerializer(), max_length=200)


def _entry(worker: User, id: str) -> ContestEntry:
    """The worker's entry with its contest in one query; NotFound naming what is missing."""
    entry = selectors.entry_in(viewer=worker, contest_public_id=uuid_or_404(id))
    if entry is None:
        selectors.contest_for(viewer=None, public_id=uuid_or_404(id))  # NotFound if no contest
        raise NotFound(_("This worker has not entered the contest."))
    return entry


_WHEN = serializers.DateTimeField()


def _entry_body(worker: User, entry: ContestEntry) -> dict[str, Any]:
    """What EntrySerializer would answer (it documents the shape), built by hand: DRF's
    field-by-field walk over 16 questions × 4 options cost more than the rest of a request."""
    paper = selectors.entry_paper(viewer=worker, entry=entry)
    taken = entry.time_taken.total_seconds() if entry.time_taken is not None else None
    return {
        "id": str(entry.public_id),
        "nickname": entry.nickname,
        "opened_at": _WHEN.to_representation(entry.opened_at),
        "deadline": _WHEN.to_representation(entry.deadline),
        "submitted_at": _WHEN.to_representation(entry.submitted_at)
        if entry.submitted_at is not None
        else None,
        "score": entry.score,
        "max_score": entry.max_score,
        "time_taken_seconds": taken,
        "rank": selectors.entry_rank(entry=entry),
        "questions": [
            {
                "id": shown.id,
                "position": shown.position,
                "kind": str(shown.kind),
                "text": shown.text,
                "options": [
                    {
                        "id": option.id,
                        "text": option.text,
                        "chosen": option.chosen,
                        "is_correct": option.is_correct,
                    }
                    for option in shown.options
                ],
                "is_correct": shown.is_correct,
                "explanation": shown.explanation,
            }
            for shown in paper.questions
        ],
    }


class ContestListView(generics.ListAPIView[Contest]):
    """Contests running now, soonest ending first."""

    serializer_class = ContestSerializer
    permission_classes = [AllowAny]
    filter_backends: list[type] = []
    pagination_class = None

    @extend_schema(operation_id="contests_list", responses={200: ContestSerializer(many=True)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        return selectors.contests_running().prefetch_related("blueprint")


class EntryView(APIView):
    """The worker's entry (GET), or open it and draw the paper (POST; a second open
    returns the same entry)."""

    permission_classes = PARTNER_ENTRY
    required_scope = Scope.LEARNING_WRITE

    @extend_schema(
        operation_id="contest_entry_get",
        parameters=[WORKER_PHONE_PARAM],
        responses={200: EntrySerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def get(self, request: Request, id: str) -> Response:
        worker = worker_of(request)
        return Response(_entry_body(worker, _entry(worker, id)))

    @extend_schema(
        operation_id="contest_entry_open",
        parameters=[WORKER_PHONE_PARAM],
        request=OpenSerializer,
        responses={200: EntrySerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request: Request, id: str) -> Response:
        worker = worker_of(request)
        contest = selectors.contest_for(viewer=None, public_id=uuid_or_404(id))
        form = OpenSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        unit = None
        if form.validated_data.get("unit"):
            unit = OrgUnit.objects.active().filter(public_id=form.validated_data["unit"]).first()
            if unit is None:
                raise serializers.ValidationError({"unit": [_("No such unit.")]})
        entry = services.contest_open(
            actor=worker,
            contest=contest,
            nickname=form.validated_data["nickname"],
            unit=unit,
            partner_app=partner_app(request),
        )
        return Response(_entry_body(worker, entry))


class EntrySubmitView(APIView):
    """Submit every answer at once; the entry comes back marked, with its rank."""

    permission_classes = PARTNER_ENTRY
    required_scope = Scope.LEARNING_WRITE

    @extend_schema(
        operation_id="contest_entry_submit",
        parameters=[WORKER_PHONE_PARAM],
        request=SubmitSerializer,
        responses={200: EntrySerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request: Request, id: str) -> Response:
        worker = worker_of(request)
        entry = _entry(worker, id)
        form = SubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        answers = {a["question"]: a["options"] for a in form.validated_data["answers"]}
        entry = services.contest_entry_submit(
            actor=worker, entry=entry, answers=answers, partner_app=partner_app(request)
        )
        return Response(_entry_body(worker, entry))
