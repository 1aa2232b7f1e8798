"""Portal views of a result: the result page, the call-back request, opening by code, the
archive. Result pages are never cached: they may show a new retrieval code, and always show
personal results; who may open one is decided by assessments.access."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments import access, selectors, services, throttle
from assessments.forms import CallbackForm, CodeForm, ConsentForm
from assessments.presentation.callback import empty_callback_fields
from assessments.views.portal.common import GET_OR_POST, result_url
from core import clock, public_cache
from core.i18n import active_content_language
from core.qr import qr_svg
from core.web import attempt, render, signed_in_user
from network.models import OrgUnit

# --- the result ------------------------------------------------------------------------


def _submissions(request: HttpRequest, public_ids: Sequence[UUID]) -> selectors.ResultRows:
    rows = selectors.submissions_by_public_id(public_ids, language=active_content_language())
    if len(rows.submissions) != len(public_ids) or not all(
        access.may_open(request, s) for s in rows.submissions
    ):
        raise Http404
    return rows


def _result_page(
    request: HttpRequest,
    rows: selectors.ResultRows,
    *,
    callback_form: CallbackForm | None = None,
    status: int = 200,
) -> HttpResponse:
    submissions = rows.submissions
    cards = selectors.result_cards(rows)
    risky = next((card for card in cards if card.submission.risk), None)
    district = selectors.submission_district(risky.submission if risky else submissions[0])
    crisis = risky is not None
    # Only a page actually shown uses up the codes (not a HEAD request, not a preview).
    new_codes = access.pop_codes(request, submissions) if request.method == "GET" else {}
    # A bundle's questionnaires share one code: show it once.
    seen: set[str] = set()
    for card in cards:
        key = str(card.submission.public_id)
        if key in new_codes and new_codes[key] in seen:
            del new_codes[key]
        elif key in new_codes:
            seen.add(new_codes[key])
    shown_codes = [
        {
            "card": card,
            "code": new_codes[str(card.submission.public_id)],
            "qr": qr_svg(
                new_codes[str(card.submission.public_id)],
                label=gettext("QR code of your retrieval code"),
            ),
        }
        for card in cards
        if str(card.submission.public_id) in new_codes
    ]
    context = {
        "cards": cards,
        "risky": risky,
        "crisis": crisis,
        "crisis_stations": _crisis_stations_html(district) if crisis else None,
        "district": district,
        "new_codes": shown_codes,
        "code_count": len(shown_codes),
        "card_count": len(cards),
        "callback_form": callback_form,  # an empty form's fields: callback_fields
        "callback_fields": empty_callback_fields() if crisis and callback_form is None else None,
        "callback_url": reverse(
            "assessments:callback", kwargs={"public_ids": [s.public_id for s in submissions]}
        )
        if crisis
        else None,
        "campaign_next": selectors.next_questionnaire(submissions),
        "retention_days": settings.ASSESSMENT_RETENTION_DAYS,
    }
    return render(request, "assessments/result.html", context, status=status)


def _crisis_stations_html(district: OrgUnit | None) -> SafeString:
    """The crisis panel's heading and list of the stations open now nearest `district`.

    Public, and the same for every worker whose result comes from that district in that
    minute: rendered once a minute per district and language, kept in this process under
    the stations' data version (core.public_cache: a changed station shows on the next
    request).
    Nothing of the submission but its district is in the key.
    """
    now = timezone.now()

    def build() -> str:
        context = {
            "district": district,
            "stations": selectors.crisis_stations(district, now=now),
            "today": clock.local_date(now),
            "circle_minutes": settings.SERVICE_CIRCLE_MINUTES,
            "HOTLINE_NUMBER": settings.HOTLINE_NUMBER,
        }
        return str(render_to_string("assessments/_crisis_stations.html", context))

    html = public_cache.cached_in_process(
        "assessments.crisis_stations_html",
        (
            district.pk if district is not None else None,
            get_language(),
            settings.HOTLINE_NUMBER,
            settings.SERVICE_CIRCLE_MINUTES,
        ),
        build,
        namespaces=(public_cache.STATIONS,),
    )
    return mark_safe(html)  # noqa: S308  # our own template's output, public stations only


@require_safe
@never_cache
@access.keeps_result_pass
def result(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _result_page(request, _submissions(request, [public_id]))


@require_safe
@never_cache
@access.keeps_result_pass
def results(request: HttpRequest, public_ids: list[UUID]) -> HttpResponse:
    return _result_page(request, _submissions(request, public_ids))


@require_POST
@never_cache
def callback(request: HttpRequest, public_ids: list[UUID]) -> HttpResponse:
    """A worker at risk asks for a call back: only the contact given, with consent, is kept."""
    rows = _submissions(request, public_ids)
    submissions = rows.submissions
    target = next((s for s in submissions if s.risk), submissions[0])
    form = CallbackForm(request.POST)
    if not throttle.callback_attempt_allowed(request, submission_key=str(target.public_id)):
        form.add_error(
            None,
            gettext(
                "You have asked for a call back several times already; the hotline has your "
                "request. If you are in danger now, call 120 or 110, or the hotline at "
                "%(hotline)s."
            )
            % {"hotline": settings.HOTLINE_NUMBER},
        )
        return _result_page(request, rows, callback_form=form, status=429)
    if form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            lambda: services.callback_request_create(
                submission=target,
                contact_phone=data["contact_phone"],
                consent=data["consent"],
                contact_name=data["contact_name"],
                preferred_time=data["preferred_time"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(
                request,
                gettext(
                    "Thank you. The hotline will call you back as soon as it can. "
                    "If you are in danger now, call 120 or 110."
                ),
            )
            return redirect(result_url(submissions) + "#crisis")
    return _result_page(request, rows, callback_form=form, status=400)


@require_http_methods(GET_OR_POST)
@never_cache
@access.keeps_result_pass
def open_code(request: HttpRequest) -> HttpResponse:
    """Type a retrieval code to open a result. Codes travel only in POST bodies."""
    form = CodeForm(request.POST or None)
    status: int | None = None  # an invalid or unknown code: 400 (core.web.render)
    if request.method == "POST":
        if not throttle.code_attempt_allowed(request):
            form.add_error(
                None,
                gettext(
                    "Too many attempts. For your safety, wait %(minutes)s minutes and try again."
                )
                % {"minutes": throttle.CODE_WINDOW_SECONDS // 60},
            )
            status = 429
        elif form.is_valid():
            found = services.submissions_for_code(form.cleaned_data["code"])
            if found:
                for submission in found:
                    access.remember(request, submission)
                return redirect(result_url(found))
            form.add_error(
                "code",
                gettext(
                    "No result matches this code. Check it and try again; results are kept "
                    "for %(days)s days."
                )
                % {"days": settings.ASSESSMENT_RETENTION_DAYS},
            )
    return render(request, "assessments/open_code.html", {"form": form}, status=status)


# --- the personal archive (心理健康档案) -------------------------------------------------


@login_required
@require_http_methods(GET_OR_POST)
@never_cache
def archive(request: HttpRequest) -> HttpResponse:
    consented = selectors.has_archive_consent(request.user)
    form = ConsentForm(request.POST if request.method == "POST" and not consented else None)
    if form.is_bound and form.is_valid():
        services.archive_consent_grant(actor=signed_in_user(request))
        messages.success(
            request,
            gettext(
                "Your archive is on. Tick “keep this result in my archive” when you finish "
                "a questionnaire while signed in."
            ),
        )
        return redirect("assessments:archive")
    context = {
        "consented": consented,
        "form": form,
        "series": selectors.archive_series(signed_in_user(request)) if consented else [],
    }
    return render(request, "assessments/archive.html", context)


@login_required
@require_http_methods(GET_OR_POST)
@never_cache
def archive_revoke(request: HttpRequest) -> HttpResponse:
    if not selectors.has_archive_consent(request.user):
        return redirect("assessments:archive")
    if request.method == "POST":
        deleted = services.archive_consent_revoke(actor=signed_in_user(request))
        messages.success(
            request,
            ngettext(
                "Your consent is withdrawn and %(count)s archived result was deleted.",
                "Your consent is withdrawn and %(count)s archived results were deleted.",
                deleted,
            )
            % {"count": deleted},
        )
        return redirect("assessments:archive")
    context = {"count": selectors.archive_count(signed_in_user(request))}
    return render(request, "assessments/archive_revoke.html", context)
