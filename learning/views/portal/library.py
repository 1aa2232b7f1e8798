"""The online library in the worker portal: the list, an item, its media, this month's
premium courses and their archive, and a signed-in worker's history.

Opening an item's page counts one anonymous view (learning.services.item_view_count):
whoever opens it, nothing about them is stored.
"""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from core import clock
from core.privacy import personal_page
from core.web import attempt, render
from learning import selectors, services
from learning.forms.library import LibraryFilterForm
from learning.models import ItemKind
from learning.views.ranges import ranged_file_response

PAGE_SIZE = 12


@require_safe
def library_list(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET)
    filters = form.filters()
    items = selectors.library_items(viewer=request.user, **filters)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "kinds": ItemKind}
    return render(request, "learning/library/list.html", context)


@require_safe
def item_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    item = selectors.library_item(viewer=request.user, public_id=public_id)
    # A manager previewing a draft is not a visit.
    if request.method == "GET" and selectors.item_is_live(item, timezone.now()):
        services.item_view_count(item=item)
    context = {
        "item": item,
        "kinds": ItemKind,
        "completed": selectors.item_completed(viewer=request.user, item=item),
    }
    return render(request, "learning/library/item.html", context)


@require_safe
def item_media(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    """The item's uploaded video or audio, in the parts the player asks for."""
    item = selectors.library_item(viewer=request.user, public_id=public_id)
    if not item.media_file:
        raise Http404
    return ranged_file_response(request, item.media_file)


@require_POST
@login_required
def item_complete(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    worker = cast(User, request.user)
    item = selectors.library_item(viewer=worker, public_id=public_id)
    attempt(
        lambda: services.item_complete(actor=worker, item=item),
        request=request,
        success=_("Marked as complete. You can find it in your learning history."),
    )
    return redirect("learning:library_item", public_id=item.public_id)


@require_safe
def this_month(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    context = {
        "courses": selectors.premium_this_month(viewer=request.user),
        "year": today.year,
        "month": today.month,
    }
    return render(request, "learning/library/this_month.html", context)


@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    months = selectors.premium_archive_months(viewer=request.user)
    return render(request, "learning/library/archive.html", {"months": months})


@require_safe
def archive_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    today = clock.today()
    if not 1 <= month <= 12 or (year, month) > (today.year, today.month):
        raise Http404
    courses = selectors.premium_month(viewer=request.user, year=year, month=month)
    context = {"courses": courses, "year": year, "month": month}
    return render(request, "learning/library/archive_month.html", context)


@personal_page
@login_required
@require_safe
def my_history(request: HttpRequest) -> HttpResponse:
    completions = selectors.worker_history(viewer=request.user)
    page = Paginator(completions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "learning/library/history.html", {"page": page})
