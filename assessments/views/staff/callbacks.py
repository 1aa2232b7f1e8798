"""Staff pages of the assessments app: call-back requests and risk results per day.

Each view checks the permission (no permission reads as "not found"), calls
one selector or service and renders. Contacts appear only on the call-back
list, and every showing of it is recorded in the audit log.
"""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from assessments import selectors, services
from assessments.models import CallbackStatus
from core.web import attempt, render, signed_in_user
from network import access
from network.access import Perm, Viewer

CALLBACK_PAGE_SIZE = 50
STATUS_FILTERS = ("", *CallbackStatus.values, "all")


def _require(user: Viewer, perm: str) -> None:
    if not access.holds_anywhere(user, perm):
        raise Http404


@require_safe
@staff_member_required
@never_cache
def callback_list(request: HttpRequest) -> HttpResponse:
    _require(request.user, Perm.HANDLE_CALLBACKS)
    status = request.GET.get("status", "")
    if status not in STATUS_FILTERS:
        status = ""
    requests = selectors.callback_requests(request.user, status=status or None)
    page = Paginator(requests, CALLBACK_PAGE_SIZE).get_page(request.GET.get("page"))
    services.callback_requests_viewed(
        actor=signed_in_user(request), requests=list(page.object_list)
    )
    words = selectors.callback_screening_words(list(page.object_list))
    for item in page.object_list:
        setattr(item, "screening", words[item.pk])  # noqa: B010 - for the template only
    context = {
        "page": page,
        "status": status,
        "statuses": CallbackStatus.choices,
    }
    return render(request, "assessments/staff/callbacks.html", context)


@require_POST
@staff_member_required
def callback_set_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _require(request.user, Perm.HANDLE_CALLBACKS)
    callback = get_object_or_404(
        selectors.callback_requests(request.user, status="all"), public_id=public_id
    )
    outcome = attempt(
        lambda: services.callback_request_set_status(
            actor=signed_in_user(request), request=callback, status=request.POST.get("status", "")
        ),
        request=request,
    )
    if outcome.ok:
        messages.success(
            request,
            gettext("The request is now “%(status)s”.") % {"status": callback.get_status_display()},
        )
    return redirect("staff:assessments:callbacks")


@require_safe
@staff_member_required
def risk_counts(request: HttpRequest) -> HttpResponse:
    _require(request.user, Perm.VIEW_RISK_COUNTS)
    context = {
        "counts": selectors.risk_counts(request.user),
        "min_group": settings.MIN_GROUP_SIZE,
    }
    return render(request, "assessments/staff/risk_counts.html", context)
