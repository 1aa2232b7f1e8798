"""The public catalogue in the worker portal: search with filters, a topic's page."""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from core.web import render
from courses import selectors
from courses.forms import CatalogueSearchForm

PAGE_SIZE = 20


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueSearchForm(request.GET)
    topics = selectors.topic_search(form.filters(), viewer=request.user)
    page = Paginator(topics, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "courses/catalogue.html", {"form": form, "page": page})


@require_safe
def topic_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    topic = selectors.topic_detail(public_id, viewer=request.user)
    if topic is None:
        raise Http404("No such topic.")
    # The topic's public experts come with it (topic_detail prefetches them).
    context = {"topic": topic, "experts": topic.shown_experts}  # type: ignore[attr-defined]
    return render(request, "courses/topic_detail.html", context)
