"""Staff pages of the catalogue: the list (inactive topics too), export and import.

Each view checks the permission (none reads as "not found"), calls one selector or
service and renders.
"""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_safe

from core.web import attempt, render, signed_in_user
from courses import selectors, services
from courses.forms import CatalogueImportForm, StaffCatalogueSearchForm
from network.access import Viewer

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_view(user: Viewer) -> None:
    if not selectors.may_view_staff_catalogue(user):
        raise Http404


@require_safe
@staff_member_required
def catalogue(request: HttpRequest) -> HttpResponse:
    _require_view(request.user)
    form = StaffCatalogueSearchForm(request.GET)
    topics = selectors.topic_search(form.filters(), viewer=request.user, staff=True)
    page = Paginator(topics, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "may_import": selectors.may_manage_catalogue(request.user),
    }
    return render(request, "courses/staff/catalogue.html", context)


@require_safe
@staff_member_required
def catalogue_export(request: HttpRequest) -> HttpResponse:
    _require_view(request.user)
    response = HttpResponse(services.catalogue_export(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{services.export_filename()}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def catalogue_import(request: HttpRequest) -> HttpResponse:
    if not selectors.may_manage_catalogue(request.user):
        raise Http404
    form = CatalogueImportForm(request.POST or None, request.FILES or None)
    report = None
    problems: list[services.Problem] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = attempt(
            lambda: services.catalogue_import(
                actor=signed_in_user(request), upload=upload, size=upload.size
            ),
            form=form,
        )
        report = outcome.value
        if isinstance(outcome.error, services.CatalogueRowsInvalid):
            problems = outcome.error.problems
    context = {"form": form, "report": report, "problems": problems}
    return render(request, "courses/staff/import.html", context)
