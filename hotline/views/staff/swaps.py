"""Swap requests: asking, and the colleague's and supervisor's answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from core.web import attempt, render, signed_in_user
from hotline import selectors, services
from hotline.forms.swaps import SwapRequestForm
from hotline.models import SwapRequest
from hotline.views.staff.common import page_context

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def swap_new(request: HttpRequest, line: UUID) -> HttpResponse:
    found = selectors.line_get(viewer=request.user, public_id=line)
    ref = request.GET.get("shift", "")
    options = selectors.swap_options(viewer=signed_in_user(request), line=found, ref=ref)
    form = SwapRequestForm(
        request.POST or None,
        colleagues=options.colleagues,
        counter_shifts=options.counter_shifts,
        people=options.people,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            lambda: services.swap_request_create(
                actor=request.user,  # type: ignore[arg-type]
                line=found,
                ref=ref,
                colleague=data["colleague"],
                counter_ref=data["counter_ref"],
                note=data["note"],
            ),
            form=form,
            request=request,
            success=gettext("Your request was sent to your colleague."),
        )
        if outcome.ok:
            return redirect("staff:hotline:roster", line=found.public_id)
    context = page_context(request, found, form=form, options=options)
    return render(request, "hotline/staff/swap_new.html", context)


ACTIONS: dict[str, tuple[Callable[..., SwapRequest], StrOrPromise]] = {
    "accept": (services.swap_request_accept, _("You accepted; a supervisor decides next.")),
    "decline": (services.swap_request_decline, _("You declined the request.")),
    "withdraw": (services.swap_request_withdraw, _("You withdrew your request.")),
    "approve": (services.swap_request_approve, _("Approved: the roster now shows the swap.")),
    "reject": (services.swap_request_reject, _("The request was rejected.")),
}


@require_POST
@staff_member_required
def swap_act(request: HttpRequest, swap: UUID, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    found = selectors.swap_get(viewer=request.user, public_id=swap)
    service, message = ACTIONS[action]
    attempt(
        lambda: service(actor=request.user, swap=found),
        request=request,
        success=message,
    )
    target = "staff:hotline:board" if action in {"approve", "reject"} else "staff:hotline:roster"
    return redirect(target, line=found.line.public_id)
