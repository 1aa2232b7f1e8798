"""The supervisor's case list and the owner change (one selector, one service)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from uuid import UUID

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from core.web import attempt, render, signed_in_user
from hotline import selectors
from hotline.models import Duty
from hotline.selectors import cases as case_sel
from hotline.selectors.case_list import line_open_cases
from hotline.services.case_owner import case_reassign
from hotline.views.staff.common import page_context


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def owner_options(people: Sequence[User], owners: Iterable[int]) -> dict[int, SafeString]:
    """The "give to" list's options for each of `owners`, that owner's selected.

    Escaped once and joined per owner, not rendered by the template: 200 rows × every
    operator of the line as a template loop took most of the page's time at a year's
    volume (bench/hotline_calls.py).
    """
    items = [
        (p.pk, format_html('<option value="{}"', p.pk), format_html(">{}</option>", p.display_name))
        for p in people
    ]

    def options(owner: int) -> SafeString:
        chosen = (f"{head}{' selected' if pk == owner else ''}{tail}" for pk, head, tail in items)
        return mark_safe("".join(chosen))  # noqa: S308 (each piece escaped by format_html)

    return {owner: options(owner) for owner in set(owners)}


@require_safe
@staff_member_required
@never_cache
def case_list(request: HttpRequest, line: UUID) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line, supervise=True)
    owner_id = _int(request.GET.get("owner"))
    overdue_only = request.GET.get("overdue") == "1"
    rows = line_open_cases(viewer=user, line=found, owner_id=owner_id, overdue_only=overdue_only)
    people = list(selectors.eligible_people(found, Duty.OPERATOR))
    options = owner_options(people, (row.case.owner_id for row in rows))
    context = page_context(
        request,
        found,
        rows=[(row, options[row.case.owner_id]) for row in rows],
        people=people,
        owner_id=owner_id,
        overdue_only=overdue_only,
    )
    return render(request, "hotline/staff/case_list.html", context)


@require_POST
@staff_member_required
def case_owner(request: HttpRequest, line: UUID, case: UUID) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line, supervise=True)
    the_case = case_sel.case_get(viewer=user, public_id=case)
    owner = selectors.eligible_people(found, Duty.OPERATOR).filter(
        pk=_int(request.POST.get("owner")) or 0
    )
    if the_case.line_id != found.pk or not owner.exists():
        raise Http404
    attempt(
        lambda: case_reassign(actor=user, case=the_case, owner=owner.get()),
        request=request,
        success=gettext("The case has a new owner."),
    )
    return redirect("staff:hotline:case_list", line=found.public_id)
