"""Staff pages of the network: the audit log and coverage figures.

Each view checks the permission (no permission reads as "not found"), calls
one selector and renders. Nothing here changes state.
"""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from core.web import attempt, render, signed_in_user
from network import access, selectors
from network.audit_display import audit_rows
from network.forms.staff import AuditFilterForm, CoverageForm
from network.models import AuditEntry, Level

AUDIT_PAGE_SIZE = 50


def _viewer(request: HttpRequest, perm: str) -> User:
    """The signed-in staff member, if `perm` opens the page to them (else not found)."""
    user = signed_in_user(request)
    if not access.holds_anywhere(user, perm):
        raise Http404
    return user


@require_safe
@staff_member_required
def audit_log(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request, access.Perm.VIEW_AUDIT)
    form = AuditFilterForm(request.GET, viewer=viewer)
    if "unit" in form.errors:
        raise Http404  # a unit outside the reach is not found, as everywhere
    entries: QuerySet[AuditEntry] = AuditEntry.objects.none()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.AuditFilters(
            actor_email=data["actor"],
            action_prefix=data["action"],
            unit=data["unit"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        entries = selectors.audit_entries(viewer, filters)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = audit_rows(viewer, list(page.object_list))
    return render(request, "network/staff/audit.html", {"form": form, "page": page, "rows": rows})


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def coverage(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request, access.Perm.VIEW_COVERAGE)
    totals, per_district = selectors.active_unit_counts(viewer)
    form = CoverageForm(request.POST or None, viewer=viewer)
    report = None
    if form.is_valid():
        data = form.cleaned_data
        report = attempt(
            lambda: selectors.coverage_report(
                viewer,
                district=data["district"],
                step_m=data["step_m"],
                points=data["points"],
            ),
            form=form,
        ).value
    context = {
        "levels": Level.choices,
        "totals": [totals[level] for level in Level.values],
        "total": sum(totals.values()),
        "rows": [
            (row.district, [row.by_level[v] for v in Level.values], row.total)
            for row in per_district
        ],
        "form": form,
        "report": report,
        "circle_m": round(selectors.circle_metres()),
    }
    return render(request, "network/staff/coverage.html", context)
