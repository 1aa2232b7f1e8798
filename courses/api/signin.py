"""QR sign-in and feedback for partner mini-programs: the portal page's rules over JSON.

The mini-program scans the lecture's QR code (a link holding the lecture's id and its
code), opens the lecture with `GET …/sign-in/?code=…&device=…` — which answers the
lecture and a ticket for this device — and posts the attendee's answers with the ticket
(or the code) and a client nonce. Posting the same nonce again answers the same sign-in
(200 instead of 201): a retry counts once. `device` is the mini-program's stable id of
the phone; only a keyed hash of it, in the app's own namespace, is stored. Partner apps
only (any scope): attendees at one venue share an address, which the anonymous rate
limit would refuse.
"""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.schema import error_responses
from courses import selectors, services
from courses.models import Category, SignInChannel, Usefulness
from network.api.authentication import partner_app
from network.api.permissions import IsPartnerApp


def _device(request: Request, raw: str) -> str:
    app = partner_app(request)
    return services.device_hash(raw, namespace=f"partner-{app.pk if app else 0}")


def _no_store(response: Response) -> Response:
    response["Cache-Control"] = "no-store"
    return response


class _PassSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, allow_blank=True, max_length=80, default="")
    ticket = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    device = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=128,
        default="",
        help_text="The mini-program's stable id of this phone (one sign-in per phone).",
    )
    nonce = serializers.CharField(
        max_length=64, help_text="A random id per submission; a retry sends the same one."
    )


class OpenQuerySerializer(serializers.Serializer):
    code = serializers.CharField(max_length=80, help_text="The code from the lecture's QR link.")
    device = serializers.CharField(required=False, allow_blank=True, max_length=128, default="")


class SignInInputSerializer(_PassSerializer):
    identity = serializers.CharField(
        max_length=40, allow_blank=True, help_text="Name or employee number, as `identity` says."
    )
    unit_name = serializers.CharField(max_length=80, allow_blank=True)
    is_gig_worker = serializers.BooleanField(required=False, default=False)
    is_woman_worker = serializers.BooleanField(required=False, default=False)
    is_hardship_family = serializers.BooleanField(required=False, default=False)


class FeedbackInputSerializer(_PassSerializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    usefulness = serializers.ChoiceField(choices=Usefulness.choices)
    # A category code (checked by the service); a plain string so the schema keeps one
    # Category enum (the catalogue's filter has no blank choice).
    wants_next = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        default="",
        help_text="What the attendee would like next: a category code ("
        + ", ".join(Category.values)
        + ") or empty.",
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    contact_requested = serializers.BooleanField(required=False, default=False)
    contact_phone = serializers.CharField(
        required=False, allow_blank=True, max_length=32, default=""
    )
    contact_name = serializers.CharField(
        required=False, allow_blank=True, max_length=40, default=""
    )
    consent = serializers.BooleanField(required=False, default=False)


class LectureOpenSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="lecture.public_id")
    topic = serializers.CharField(source="lecture.topic.title")
    unit = serializers.CharField(source="lecture.unit.name")
    expert = serializers.CharField(source="lecture.expert.name", allow_null=True, default=None)
    venue = serializers.CharField(source="lecture.venue")
    starts_at = serializers.DateTimeField(source="lecture.starts_at")
    ends_at = serializers.DateTimeField(source="lecture.ends_at")
    identity = serializers.CharField(
        source="lecture.sign_in_identity", help_text="name or employee_number"
    )
    sign_in_open = serializers.BooleanField()
    feedback_open = serializers.BooleanField()
    ticket = serializers.CharField(help_text="Send it back with the answers of this device.")


class SignInOutputSerializer(serializers.Serializer):
    created = serializers.BooleanField(help_text="False: this nonce had been sent before.")
    signed_in_at = serializers.DateTimeField(source="sign_in.created_at")
    feedback_code = serializers.CharField(help_text="Opens the feedback endpoint later.")


class FeedbackOutputSerializer(serializers.Serializer):
    created = serializers.BooleanField()
    given_at = serializers.DateTimeField(source="feedback.created_at")


LECTURE_ID = OpenApiParameter("public_id", str, OpenApiParameter.PATH, description="UUID")


class LectureSignInView(APIView):
    """Open a lecture by its QR code, and sign one attendee in."""

    permission_classes = [IsPartnerApp]

    @extend_schema(
        operation_id="lectures_sign_in_open",
        parameters=[LECTURE_ID, OpenQuerySerializer],
        responses={200: LectureOpenSerializer, **error_responses(400, 401, 404, 429)},
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        lecture = selectors.lecture_for_attendee(public_id)
        query = OpenQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        services.code_check(lecture, query.validated_data["code"], purpose=services.Purpose.SIGN_IN)
        device = _device(request, query.validated_data["device"])
        body = {
            "lecture": lecture,
            "sign_in_open": services.sign_in_is_open(lecture),
            "feedback_open": services.feedback_is_open(lecture),
            "ticket": services.ticket_issue(lecture, device=device),
        }
        return _no_store(Response(LectureOpenSerializer(body).data))

    @extend_schema(
        operation_id="lectures_sign_in",
        parameters=[LECTURE_ID],
        request=SignInInputSerializer,
        responses={
            201: SignInOutputSerializer,
            200: SignInOutputSerializer,
            **error_responses(400, 401, 404, 429),
        },
        description="409 when sign-in is not open or this phone or person has signed in "
        "already (codes sign_in_not_open, sign_in_closed, sign_in_duplicate_device, "
        "sign_in_duplicate_person); 400 sign_in_code_expired for an old rotating code.",
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        lecture = selectors.lecture_for_attendee(public_id)
        form = SignInInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        result = services.sign_in_create(
            lecture=lecture,
            data=services.SignInData(
                identity=data["identity"],
                unit_name=data["unit_name"],
                nonce=data["nonce"],
                is_gig_worker=data["is_gig_worker"],
                is_woman_worker=data["is_woman_worker"],
                is_hardship_family=data["is_hardship_family"],
            ),
            code=data["code"],
            ticket=data["ticket"],
            device=_device(request, data["device"]),
            channel=SignInChannel.API,
            partner_app=partner_app(request),
        )
        body = {"created": result.created, "sign_in": result.sign_in}
        body["feedback_code"] = services.feedback_code(lecture)
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return _no_store(Response(SignInOutputSerializer(body).data, status=code))


class LectureFeedbackView(APIView):
    """One attendee's feedback after the lecture (with an optional call-back request)."""

    permission_classes = [IsPartnerApp]

    @extend_schema(
        operation_id="lectures_feedback",
        parameters=[LECTURE_ID],
        request=FeedbackInputSerializer,
        responses={
            201: FeedbackOutputSerializer,
            200: FeedbackOutputSerializer,
            **error_responses(400, 401, 404, 429),
        },
        description="409 when feedback is not open or this phone answered already; "
        "400 callback_invalid when a contact is asked for without a valid number or consent.",
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        lecture = selectors.lecture_for_attendee(public_id)
        form = FeedbackInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        result = services.feedback_create(
            lecture=lecture,
            data=_feedback_data(form.validated_data),
            code=form.validated_data["code"],
            ticket=form.validated_data["ticket"],
            device=_device(request, form.validated_data["device"]),
            partner_app=partner_app(request),
        )
        body = FeedbackOutputSerializer({"created": result.created, "feedback": result.feedback})
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return _no_store(Response(body.data, status=code))


def _feedback_data(data: dict[str, Any]) -> services.FeedbackData:
    return services.FeedbackData(
        rating=data["rating"],
        usefulness=data["usefulness"],
        nonce=data["nonce"],
        wants_next=data["wants_next"],
        comment=data["comment"],
        contact_requested=data["contact_requested"],
        contact_phone=data["contact_phone"],
        contact_name=data["contact_name"],
        consent=data["consent"],
    )
