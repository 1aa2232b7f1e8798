"""Partner API of exams: a verified worker's attempts, as the contest entry endpoints work.

    GET  /api/v1/exams/                          exams open now, with the worker's attempts left
    POST /api/v1/exams/<id>/attempts/            start (or resume the running attempt): the paper
    GET  /api/v1/exams/attempts/<id>/            the paper while it runs; the result after
    POST /api/v1/exams/attempts/<id>/answers/    save answers (some or all) while it runs
    POST /api/v1/exams/attempts/<id>/submit/     optional last answers, then mark: the result

Scope `learning:write`, the worker's verified number in X-Worker-Phone. The services keep
the deadline and the attempt limit; correct options and explanations appear only in the
result of a submitted attempt (`selectors.attempt_result`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core.api.schema import ErrorSerializer, error_responses
from learning import selectors, services
from learning.api.worker import PARTNER_ENTRY, WORKER_PHONE_PARAM, uuid_or_404, worker_of
from learning.models import Attempt
from network.models import Scope

REFUSED = OpenApiResponse(
    response=ErrorSerializer,
    description="Refused by the exam's rules (exam_not_open, attempts_used, time_up, "
    "attempt_submitted).",
)
ERRORS = {**error_responses(400, 401, 403, 404, 429), 409: REFUSED}


class OpenExamSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="exam.public_id")
    title = serializers.CharField(source="exam.title")
    opens_at = serializers.DateTimeField(source="exam.opens_at")
    closes_at = serializers.DateTimeField(source="exam.closes_at")
    time_limit_minutes = serializers.IntegerField(source="exam.time_limit_minutes")
    pass_mark_percent = serializers.IntegerField(source="exam.pass_mark_percent")
    max_attempts = serializers.IntegerField(source="exam.max_attempts")
    attempts_left = serializers.IntegerField()
    question_count = serializers.IntegerField()


class ExamPaperOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    chosen = serializers.BooleanField()
    is_correct = serializers.BooleanField(allow_null=True, help_text="Null until submitted.")


class ExamPaperQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The paper question's id: the key of an answer.")
    position = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    options = ExamPaperOptionSerializer(many=True)
    is_correct = serializers.BooleanField(allow_null=True, help_text="Null until submitted.")
    explanation = serializers.CharField(help_text="Empty until submitted.")


class ExamAttemptSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="attempt.public_id")
    exam = serializers.UUIDField(source="attempt.exam.public_id")
    exam_title = serializers.CharField(source="attempt.exam.title")
    number = serializers.IntegerField(source="attempt.number")
    started_at = serializers.DateTimeField(source="attempt.started_at")
    deadline = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(source="attempt.submitted_at", allow_null=True)
    score = serializers.IntegerField(source="attempt.score", allow_null=True)
    max_score = serializers.IntegerField(source="attempt.max_score")
    passed = serializers.BooleanField(source="attempt.passed", allow_null=True)
    questions = ExamPaperQuestionSerializer(many=True)


class ExamAnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    options = serializers.ListField(child=serializers.IntegerField(), max_length=6)


class ExamAnswersSerializer(serializers.Serializer):
    answers = serializers.ListField(child=ExamAnswerSerializer(), max_length=200)


class ExamSubmitSerializer(serializers.Serializer):
    answers = serializers.ListField(child=ExamAnswerSerializer(), max_length=200, required=False)


def _body(worker: User, attempt: Attempt) -> dict[str, Any]:
    if attempt.is_submitted:
        paper = selectors.attempt_result(viewer=worker, attempt=attempt)
    else:
        paper = selectors.attempt_paper(viewer=worker, attempt=attempt)
    return dict(ExamAttemptSerializer(paper).data)


def _save(worker: User, attempt: Attempt, answers: list[dict[str, Any]]) -> None:
    """Each answer through the service (which refuses it after the deadline)."""
    rows = {row.pk: row for row in attempt.questions.all()}
    unknown = [a["question"] for a in answers if a["question"] not in rows]
    if unknown:
        raise serializers.ValidationError({"answers": [_("No such question in this paper.")]})
    for answer in answers:
        services.attempt_answer(
            actor=worker,
            attempt=attempt,
            question=rows[answer["question"]],
            option_ids=answer["options"],
        )


def _attempt(request: Request, id: str) -> tuple[User, Attempt]:
    worker = worker_of(request)
    return worker, selectors.attempt_for(viewer=worker, public_id=uuid_or_404(id))


class ExamListView(APIView):
    """Exams open now, closing soonest first, with how many attempts the worker has left."""

    permission_classes = PARTNER_ENTRY
    required_scope = Scope.LEARNING_WRITE

    @extend_schema(
        operation_id="exams_open_list",
        parameters=[WORKER_PHONE_PARAM],
        responses={200: OpenExamSerializer(many=True), **error_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request) -> Response:
        worker = worker_of(request)
        exams = list(selectors.exams_open())
        used = selectors.attempts_used(viewer=worker, exams=exams)
        rows = [
            {
                "exam": exam,
                "attempts_left": max(0, exam.max_attempts - used.get(exam.pk, 0)),
                "question_count": sum(line.count for line in exam.blueprint.all()),
            }
            for exam in exams
        ]
        return Response(OpenExamSerializer(rows, many=True).data)


class AttemptStartView(APIView):
    """Start an attempt (a freshly drawn paper, without answers) or resume the running one."""

    permission_classes = PARTNER_ENTRY
    required_scope = Scope.LEARNING_WRITE

    @extend_schema(
        operation_id="exam_attempt_start",
        parameters=[WORKER_PHONE_PARAM],
        request=None,
        responses={200: ExamAttemptSerializer, **ERRORS},
    )
    def post(self, request: Request, id: str) -> Response:
        worker = worker_of(request)
        exam = selectors.exam_for(public_id=uuid_or_404(id))
        attempt = services.attempt_start(actor=worker, exam=exam)
        return Response(_body(worker, attempt))


class AttemptView(APIView):
    """The worker's attempt: the paper while it runs, the marked result once submitted."""

    permission_classes = PARTNER_ENTRY
    required_scope = Scope.LEARNING_WRITE

    @extend_schema(
        operation_id="exam_attempt_get",
        parameters=[WORKER_PHONE_PARAM],
        responses={200: ExamAttemptSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def get(self, request: Request, id: str) -> Response:
        worker, attempt = _attempt(request, id)
        return Response(_body(worker, attempt))


class AttemptAnswersView(APIView):
    """Save answers to some or all questions (a later answer replaces an earlier one)."""

    permission_classes = PARTNER_ENTRY
    required_scope = Scope.LEARNING_WRITE

    @extend_schema(
        operation_id="exam_attempt_answer",
        parameters=[WORKER_PHONE_PARAM],
        request=ExamAnswersSerializer,
        responses={200: ExamAttemptSerializer, **ERRORS},
    )
    def post(self, request: Request, id: str) -> Response:
        worker, attempt = _attempt(request, id)
        form = ExamAnswersSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        _save(worker, attempt, form.validated_data["answers"])
        return Response(_body(worker, attempt))


class AttemptSubmitView(APIView):
    """Save the last answers (if any) and submit; the marked result with explanations."""

    permission_classes = PARTNER_ENTRY
    required_scope = Scope.LEARNING_WRITE

    @extend_schema(
        operation_id="exam_attempt_submit",
        parameters=[WORKER_PHONE_PARAM],
        request=ExamSubmitSerializer,
        responses={200: ExamAttemptSerializer, **ERRORS},
    )
    def post(self, request: Request, id: str) -> Response:
        worker, attempt = _attempt(request, id)
        form = ExamSubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        if form.validated_data.get("answers"):
            _save(worker, attempt, form.validated_data["answers"])
        attempt = services.attempt_submit(actor=worker, attempt=attempt)
        return Response(_body(worker, attempt))
