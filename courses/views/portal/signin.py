"""The attendee's phone: the sign-in form the lecture's QR code opens, and feedback.

Tiny pages, no account needed. The phone gets a random device token in a cookie (only
its keyed hash is stored) so a second sign-in from it is refused kindly. A valid code
opens the form and the page carries a ticket bound to this phone, so the form still
goes through after the rotating code has moved on — also from the offline queue
(static/courses/signin-queue.js), which resends with the same nonce (counted once).
A script that posts asks for JSON (`Accept: application/json`).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import DomainError
from core.web import attempt, render
from courses import selectors, services
from courses.forms import FeedbackForm, SignInForm
from courses.models import Lecture, SignIn

DEVICE_COOKIE = "xl_lecture_device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600


def _device_token(request: HttpRequest) -> tuple[str, bool]:
    """The phone's token and whether it is new (then the response sets the cookie)."""
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    if 16 <= len(token) <= 64:
        return token, False
    return services.new_device_token(), True


def _respond(response: HttpResponse, token: str, new: bool) -> HttpResponse:
    if new:
        response.set_cookie(
            DEVICE_COOKIE,
            token,
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    response.headers["Cache-Control"] = "no-store"
    return response


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _json_outcome(error: DomainError | None, *, done: str) -> JsonResponse:
    if error is None:
        return JsonResponse({"ok": True, "next": done})
    body = {"ok": False, "code": str(error.code), "message": str(error.message)}
    body["fields"] = {k: [str(m) for m in v] for k, v in error.fields.items()}
    return JsonResponse(body, status=error.status)


@dataclass(frozen=True)
class _Page:
    """One of the two attendee forms: what it shows, checks and calls."""

    template: str
    purpose: services.Purpose
    check_open: Callable[[Lecture], None]
    form: Callable[..., SignInForm | FeedbackForm]
    call: Callable[..., Any]


SIGN_IN = _Page(
    template="courses/lectures/sign_in.html",
    purpose=services.Purpose.SIGN_IN,
    check_open=services.sign_in_check_open,
    form=lambda lecture, *args, **kwargs: SignInForm(*args, lecture=lecture, **kwargs),
    call=services.sign_in_create,
)
FEEDBACK = _Page(
    template="courses/lectures/feedback.html",
    purpose=services.Purpose.FEEDBACK,
    check_open=services.feedback_check_open,
    form=lambda lecture, *args, **kwargs: FeedbackForm(*args, **kwargs),
    call=services.feedback_create,
)


def _form_page(
    request: HttpRequest, lecture: Lecture, page: _Page, *, device: str, done: str
) -> HttpResponse:
    """GET: the form when the code is good and the window open, else the kind refusal.
    POST: the service decides; success goes to `done` (as JSON for the queue script)."""
    if request.method == "POST":
        form = page.form(lecture, request.POST)
        error = None
        if form.is_valid():
            fields = form.cleaned_data
            call = partial(
                page.call,
                lecture=lecture,
                data=form.data_for_service(),
                code=fields["code"],
                ticket=fields["ticket"],
                device=device,
            )
            error = attempt(call, form=form).error
            if _wants_json(request):
                return _json_outcome(error, done=done)
            if error is None:
                return redirect(done)
        return render(request, page.template, {"lecture": lecture, "form": form, "refusal": error})
    code = request.GET.get("c", "")
    error = attempt(lambda: services.code_check(lecture, code, purpose=page.purpose)).error
    if error is None:
        error = attempt(lambda: page.check_open(lecture)).error
    blank = None
    if error is None:
        ticket = services.ticket_issue(lecture, device=device)
        initial = {"code": code, "ticket": ticket, "nonce": secrets.token_urlsafe(16)}
        blank = page.form(lecture, initial=initial)
    context = {"lecture": lecture, "form": blank, "refusal": error}
    status = error.status if error is not None else None
    return render(request, page.template, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def lecture_sign_in(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    lecture = selectors.lecture_for_attendee(public_id)
    token, new = _device_token(request)
    device = services.device_hash(token)
    done = reverse("courses:lecture_signed_in", kwargs={"public_id": lecture.public_id})
    if SignIn.objects.filter(lecture=lecture, device_hash=device).exists():
        # This phone is counted: a replay from its queue, or the code scanned again.
        if request.method == "POST" and _wants_json(request):
            return _respond(_json_outcome(None, done=done), token, new)
        return _respond(redirect(done), token, new)
    return _respond(_form_page(request, lecture, SIGN_IN, device=device, done=done), token, new)


@require_safe
def lecture_signed_in(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """ "You are signed in", with the way to the feedback form (this phone only)."""
    lecture = selectors.lecture_for_attendee(public_id)
    token, new = _device_token(request)
    signed_in = SignIn.objects.filter(
        lecture=lecture, device_hash=services.device_hash(token)
    ).exists()
    path = reverse("courses:lecture_feedback", kwargs={"public_id": public_id})
    context = {
        "lecture": lecture,
        "signed_in": signed_in,
        "feedback_url": f"{path}?c={services.feedback_code(lecture)}" if signed_in else None,
        "feedback_open": services.feedback_is_open(lecture),
    }
    page = render(request, "courses/lectures/signed_in.html", context)
    return _respond(page, token, new)


@require_http_methods(["GET", "HEAD", "POST"])
def lecture_feedback(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    lecture = selectors.lecture_for_attendee(public_id)
    token, new = _device_token(request)
    device = services.device_hash(token)
    done = reverse("courses:lecture_feedback_thanks", kwargs={"public_id": public_id})
    return _respond(_form_page(request, lecture, FEEDBACK, device=device, done=done), token, new)


@require_safe
def lecture_feedback_thanks(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    lecture = selectors.lecture_for_attendee(public_id)
    return render(request, "courses/lectures/feedback_thanks.html", {"lecture": lecture})
