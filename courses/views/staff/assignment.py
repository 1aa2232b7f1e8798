"""Staff pages of expert assignment: the centre's suggestions for an approved order, and
the expert's list of lectures awaiting an answer."""

from __future__ import annotations

import uuid

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.web import attempt, render, signed_in_user
from courses import selectors, services
from courses.forms.orders import NoteForm
from courses.models import Expert, OrderStatus


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def order_assign(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The experts who may give the lecture, best first; POST `expert` assigns one."""
    user = signed_in_user(request)
    if not selectors.may_manage_rounds(user):
        raise Http404
    order = selectors.order_detail(public_id, viewer=user)
    if order is None:
        raise Http404
    status = None
    if request.method == "POST":
        wanted = _uuid(request.POST.get("expert"))
        expert = Expert.objects.filter(public_id=wanted).first() if wanted else None
        if expert is None:
            raise Http404
        outcome = attempt(
            lambda: services.order_assign(actor=user, order=order, expert=expert),
            request=request,
            success=_("The expert is asked to accept the lecture."),
        )
        if outcome.ok:
            return redirect("staff:courses:order_detail", order.public_id)
        status = outcome.status
    suggestions = (
        selectors.expert_suggestions(order) if order.status == OrderStatus.APPROVED else []
    )
    context = {"order": order, "suggestions": suggestions}
    return render(request, "courses/staff/order_assign.html", context, status=status)


def _uuid(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw or "")
    except ValueError:
        return None


@require_safe
@staff_member_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    orders = selectors.expert_assignments(user)
    return render(request, "courses/staff/assignments.html", {"orders": orders, "form": NoteForm()})


@require_POST
@staff_member_required
def assignment_answer(request: HttpRequest, public_id: uuid.UUID, answer: str) -> HttpResponse:
    """The expert accepts (`accept`) or declines (`decline`) an assigned lecture."""
    user = signed_in_user(request)
    if answer not in {"accept", "decline"}:
        raise Http404
    order = selectors.expert_assignments(user).filter(public_id=public_id).first()
    if order is None:
        raise Http404
    form = NoteForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    outcome = attempt(
        lambda: services.order_expert_answer(
            actor=user, order=order, accept=answer == "accept", reason=reason
        ),
        request=request,
        success=_("Thank you: your answer is recorded."),
    )
    if not outcome.ok:
        orders = selectors.expert_assignments(user)
        context = {"orders": orders, "form": NoteForm()}
        return render(request, "courses/staff/assignments.html", context, status=outcome.status)
    return redirect("staff:courses:assignment_list")
