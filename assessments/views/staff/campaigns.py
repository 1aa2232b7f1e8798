"""Unit campaigns: staff pages (list, create, report, PDFs, figures).

Each view checks access (no permission reads as "not found"), calls one
service or selector, and responds. PDFs of aggregates are small and made in
the request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from assessments import selectors
from assessments.forms import CampaignForm, FiguresForm
from assessments.models import Campaign
from assessments.services import campaigns
from core import clock
from core.confirm import ConfirmForm
from core.pdf import render_pdf
from core.qr import qr_svg
from core.query_params import uuid_or_none, year_or_none
from core.web import attempt, render, signed_in_user
from network import access
from network.access import Perm

PAGE_SIZE = 50


def _campaign(request: HttpRequest, code: str) -> Campaign:
    # Outside the viewer's reach the selector raises NotFound: a 404 (DomainErrorMiddleware).
    return selectors.campaign_for(request.user, code)


def join_url(request: HttpRequest, campaign: Campaign) -> str:
    """The absolute address of the campaign's join page (printed on the poster)."""
    return request.build_absolute_uri(reverse("assessments:campaign_join", args=[campaign.code]))


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _pdf_context(**context: Any) -> dict[str, Any]:
    # PDFs are rendered without a request: no context processors run.
    return {
        "LANGUAGE_CODE": translation.get_language() or settings.LANGUAGE_CODE,
        "SITE_NAME": settings.SITE_NAME,
        "HOTLINE_NUMBER": settings.HOTLINE_NUMBER,
        **context,
    }


@require_safe
@staff_member_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    if not selectors.may_open_campaigns(request.user):
        raise Http404
    within, year = uuid_or_none(request.GET.get("unit")), year_or_none(request.GET.get("year"))
    completed = request.GET.get("status") == "completed"
    qs = selectors.campaigns_for(request.user, completed=completed, within=within, year=year)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filtered": completed or within is not None or year is not None,
        "can_create": access.holds_anywhere(request.user, Perm.MANAGE_CAMPAIGNS),
        "can_see_figures": access.holds_anywhere(request.user, Perm.VIEW_ASSESSMENT_FIGURES),
    }
    return render(request, "assessments/campaigns/list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not access.holds_anywhere(request.user, Perm.MANAGE_CAMPAIGNS):
        raise Http404
    form = CampaignForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        campaign = attempt(
            lambda: campaigns.campaign_create(
                actor=signed_in_user(request),
                unit=data["unit"],
                name=data["name"],
                instrument_codes=data["instruments"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                workforce=data["workforce"],
            ),
            form=form,
        ).value
        if campaign is not None:
            messages.success(request, _("The campaign is ready: print its poster."))
            return redirect("staff:assessments:campaign_detail", code=campaign.code)
    return render(request, "assessments/campaigns/create.html", {"form": form})


@require_safe
@staff_member_required
def campaign_detail(request: HttpRequest, code: str) -> HttpResponse:
    campaign = _campaign(request, code)
    context = {
        "campaign": campaign,
        "report": selectors.campaign_report(campaign),
        "join_url": join_url(request, campaign),
        "can_manage": access.can(request.user, Perm.MANAGE_CAMPAIGNS, campaign.unit),
        "is_closed": campaign.is_closed_on(clock.today()),
    }
    return render(request, "assessments/campaigns/detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def campaign_close(request: HttpRequest, code: str) -> HttpResponse:
    """Ending a campaign early cannot be undone: a page says so and asks to confirm."""
    campaign = _campaign(request, code)
    if not access.can(request.user, Perm.MANAGE_CAMPAIGNS, campaign.unit):
        raise Http404
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        context = {"campaign": campaign, "form": form}
        status = 400 if form.is_bound else 200
        return render(request, "assessments/campaigns/close_confirm.html", context, status=status)
    # Already closed is a Conflict, told as information: the campaign is closed either way.
    refusal = attempt(
        lambda: campaigns.campaign_close(actor=signed_in_user(request), campaign=campaign)
    ).error
    if refusal is not None:
        messages.info(request, str(refusal.message))
    else:
        messages.success(request, _("The campaign is closed: workers can no longer answer it."))
    return redirect("staff:assessments:campaign_detail", code=campaign.code)


@require_safe
@staff_member_required
def campaign_report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    campaign = _campaign(request, code)
    report = selectors.campaign_report(campaign)
    pdf = render_pdf("pdf/campaign_report.html", _pdf_context(campaign=campaign, report=report))
    return _pdf(pdf, f"campaign-{campaign.code}-report.pdf")


@require_safe
@staff_member_required
def campaign_poster_pdf(request: HttpRequest, code: str) -> HttpResponse:
    campaign = _campaign(request, code)
    url = join_url(request, campaign)
    context = _pdf_context(
        campaign=campaign,
        instruments=list(campaign.instruments.order_by("code")),
        join_url=url,
        qr=qr_svg(url, label=_("QR code of the join link")),
        min_group_size=settings.MIN_GROUP_SIZE,
    )
    return _pdf(render_pdf("pdf/campaign_poster.html", context), f"campaign-{campaign.code}.pdf")


@require_safe
@staff_member_required
def figures(request: HttpRequest) -> HttpResponse:
    if not access.holds_anywhere(request.user, Perm.VIEW_ASSESSMENT_FIGURES):
        raise Http404
    form = FiguresForm(request.GET or None, viewer=request.user)
    if "unit" in form.errors:
        raise Http404  # a unit outside the reach is not found, as everywhere
    result = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        result = selectors.subtree_figures(
            request.user,
            unit=data.get("unit"),
            instrument_code=data.get("instrument") or None,
            year=data.get("year"),
        )
    return render(request, "assessments/campaigns/figures.html", {"form": form, "figures": result})
