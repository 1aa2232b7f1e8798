"""Portal views of the self-assessment: choose and take a questionnaire.

Each view parses input, calls one service or selector and responds. Answers in
progress stay in the session (assessments.flow) until the final step submits
them through services.submissions_create and drops them; who may open a result
is decided by assessments.access (a signed cookie of its own, never the
session). Result pages are never cached: they may show a new retrieval code,
and always show personal results.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from assessments import access, flow, selectors, services
from assessments.forms import AnswerPageForm, FinishForm
from assessments.models import Campaign
from assessments.views.portal.common import GET_OR_POST, actor_of, result_url
from core import public_cache
from core.i18n import active_content_language
from core.web import attempt, render


def _offer(key: str) -> selectors.Offer:
    offer = attempt(lambda: selectors.offer_for(key)).value
    if offer is None:  # not offered (any more): the page does not exist
        raise Http404
    return offer


def _campaign(code: str) -> Campaign | None:
    if not code:
        return None
    campaign = selectors.campaign_by_code(code)
    if campaign is None:
        raise Http404
    return campaign


def _campaign_problem(campaign: Campaign | None, offer: selectors.Offer) -> str | None:
    """The message a submission would fail with, told before the worker answers."""
    if campaign is None:
        return None
    for code in offer.codes:
        check = partial(services.campaign_check, campaign=campaign, instrument_code=code)
        refusal = attempt(check).error
        if refusal is not None:
            return str(refusal.message)
    return None


def _start_url(offer: selectors.Offer, campaign: str) -> str:
    url = reverse("assessments:take", kwargs={"key": offer.key})
    return f"{url}?campaign={campaign}" if campaign else url


def _page_url(offer: selectors.Offer, page: int) -> str:
    return reverse("assessments:take_page", kwargs={"key": offer.key, "page": page})


# --- choosing and taking --------------------------------------------------------------


def _index_content(request: HttpRequest) -> str:
    singles, bundles = selectors.offers()
    context = {"singles": singles, "bundles": bundles}
    return str(render_to_string("assessments/_index_content.html", context, request=request))


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The list of what is offered depends only on the instruments and the language: it is
    served from core.public_cache until an instrument changes; the page around it (who is
    signed in) is rendered per request."""
    content = public_cache.cached(
        "assessments.index",
        (get_language(),),
        lambda: _index_content(request),
        namespaces=(public_cache.INSTRUMENTS,),
    )
    return render(
        request,
        "assessments/index.html",
        {"content": mark_safe(content)},  # noqa: S308  # our own template's output
    )


@require_http_methods(GET_OR_POST)
def take(request: HttpRequest, key: str) -> HttpResponse:
    """The questionnaire's introduction; POST starts (or starts again) with no answers."""
    offer = _offer(key)
    source = request.POST if request.method == "POST" else request.GET
    campaign = _campaign(source.get("campaign", "").strip())
    problem = _campaign_problem(campaign, offer)
    campaign_code = campaign.code if campaign is not None else ""
    if request.method == "POST" and problem is None:
        flow.start(request, offer, campaign=campaign_code)
        return redirect(_page_url(offer, 1))
    resume_url = None
    state = flow.load(request, offer)
    if state is not None and state.answers and state.campaign == campaign_code:
        pending = state.first_incomplete(flow.pages_of(offer))
        resume_url = (
            _page_url(offer, pending.number)
            if pending is not None
            else reverse("assessments:take_finish", kwargs={"key": offer.key})
        )
    context = {
        "offer": offer,
        "campaign": campaign,
        "problem": problem,
        "resume_url": resume_url,
        "page_count": len(flow.pages_of(offer)),
    }
    return render(request, "assessments/take_intro.html", context)


@require_http_methods(GET_OR_POST)
@never_cache
def take_page(request: HttpRequest, key: str, page: int) -> HttpResponse:
    offer = _offer(key)
    pages = flow.pages_of(offer)
    if not 1 <= page <= len(pages):
        raise Http404
    state = flow.load(request, offer)
    if state is None:
        messages.info(request, gettext("Please start the questionnaire here."))
        return redirect("assessments:take", key=offer.key)
    current = pages[page - 1]
    code = current.definition.code
    if request.method == "POST":
        form = AnswerPageForm(request.POST, page=current)
        if "back" in request.POST:
            state.keep(code, form.partial_answers())
            flow.save(request, state)
            if page == 1:
                return redirect(_start_url(offer, state.campaign))
            return redirect(_page_url(offer, page - 1))
        if form.is_valid():
            state.keep(code, form.answers())
            flow.save(request, state)
            if page < len(pages):
                return redirect(_page_url(offer, page + 1))
            return redirect("assessments:take_finish", key=offer.key)
    else:
        initial = {}
        for item in current.items:
            value = state.answer(code, item.number)
            if value is not None:
                initial[AnswerPageForm.field_name(item.number)] = value
        form = AnswerPageForm(page=current, initial=initial)
    context = {
        "offer": offer,
        "page": current,
        "page_count": len(pages),
        "form": form,
        "questions": form.questions(),
        "part_count": len(offer.versions),
        "instructions": current.definition.instructions.get(),
    }
    return render(request, "assessments/take_page.html", context)


@require_http_methods(GET_OR_POST)
@never_cache
@access.keeps_result_pass
def take_finish(request: HttpRequest, key: str) -> HttpResponse:
    """Optional questions (which can be skipped), then the submission."""
    offer = _offer(key)
    state = flow.load(request, offer)
    if state is None:
        messages.info(request, gettext("Please start the questionnaire here."))
        return redirect("assessments:take", key=offer.key)
    pending = state.first_incomplete(flow.pages_of(offer))
    if pending is not None:
        return redirect(_page_url(offer, pending.number))
    campaign = _campaign(state.campaign)
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        if "skip" in data:
            for name in FinishForm.DEMOGRAPHIC_FIELDS:
                data.pop(name, None)
    form = FinishForm(
        data,
        ask_district=campaign is None,
        can_archive=selectors.has_archive_consent(request.user),
    )
    if request.method == "POST" and form.is_valid():
        created = attempt(
            lambda: services.submissions_create(
                actor=actor_of(request),
                answer_sets=state.answer_sets(offer),
                language=active_content_language(),
                demographics=form.demographics(),
                campaign=campaign,
                archive=bool(form.cleaned_data.get("archive")),
            ),
            form=form,
        ).value
        if created is not None:
            for submission, code in created:
                access.remember(request, submission, code=code)
            flow.discard(request, offer.key)
            return redirect(result_url([submission for submission, _code in created]))
    context = {
        "offer": offer,
        "form": form,
        "campaign": campaign,
        "page_count": len(flow.pages_of(offer)),
    }
    return render(request, "assessments/take_finish.html", context)
