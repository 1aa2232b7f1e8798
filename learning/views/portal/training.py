"""The worker's training pages: my training (progress, certificates, the refresher),
self-enrolment, the certificate PDF, and the public verification page."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import clock
from core.privacy import personal_page
from core.web import attempt, render, signed_in_user
from learning import selectors, services
from learning.forms.training import SelfEnrolForm
from learning.models import Certificate


def verify_url(request: HttpRequest, certificate: Certificate) -> str:
    return request.build_absolute_uri(
        reverse("verify:certificate", kwargs={"code": certificate.code})
    )


@personal_page
@login_required
@require_safe
def training_home(request: HttpRequest) -> HttpResponse:
    worker = signed_in_user(request)
    rows: list[dict[str, Any]] = []
    for progress in selectors.worker_progress(viewer=worker):
        programme = progress.enrolment.programme
        cert = progress.certificate
        rows.append(
            {
                "progress": progress,
                "programme": programme,
                "status": cert.status_on(clock.today()) if cert else None,
                "refresher": cert is not None
                and selectors.refresher_offered(cert, refresher_days=programme.refresher_days),
                "refresher_exam": programme.refresher_exam or programme.exam,
            }
        )
    enrolled = {row["programme"].pk for row in rows}
    context = {
        "rows": rows,
        "open_programmes": [p for p in selectors.open_programmes() if p.pk not in enrolled],
    }
    return render(request, "learning/training.html", context)


@personal_page
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def programme_enrol(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    worker = signed_in_user(request)
    programme = selectors.programme_for_worker(public_id=public_id)
    initial = {"sign_in_name": worker.get_full_name()}
    form = SelfEnrolForm(
        request.POST or None,
        initial=initial,
        units=selectors.units_for_self_enrolment(programme),
    )
    if form.is_valid():
        data = services.EnrolmentData(
            sign_in_name=form.cleaned_data["sign_in_name"],
            sign_in_unit_name=form.cleaned_data["sign_in_unit_name"],
            employee_number=form.cleaned_data["employee_number"],
        )
        outcome = attempt(
            lambda: services.enrolment_create(
                actor=worker,
                programme=programme,
                person=worker,
                unit=form.cleaned_data["unit"],
                data=data,
            ),
            form=form,
        )
        if outcome.ok:
            return redirect("learning:training")
    return render(request, "learning/programme_enrol.html", {"programme": programme, "form": form})


@login_required
@require_POST
def certificate_request(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    worker = signed_in_user(request)
    progress = selectors.enrolment_for_worker(viewer=worker, public_id=public_id)
    attempt(
        lambda: services.certificate_issue(actor=worker, enrolment=progress.enrolment),
        request=request,
        success=_("Your certificate has been issued."),
    )
    return redirect("learning:training")


@login_required
@require_POST
def certificate_renew(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    worker = signed_in_user(request)
    cert = selectors.certificate_for_holder(viewer=worker, public_id=public_id)
    attempt(
        lambda: services.certificate_renew(actor=worker, certificate=cert),
        request=request,
        success=_("Your certificate has been renewed."),
    )
    return redirect("learning:training")


@personal_page
@login_required
@require_safe
def certificate_download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    cert = selectors.certificate_for_holder(viewer=signed_in_user(request), public_id=public_id)
    content = services.certificate_pdf(certificate=cert, verify_url=verify_url(request, cert))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{cert.number}.pdf"'
    return response


@never_cache  # the status changes (expiry, revocation): never a stale answer
@require_safe
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public, no sign-in: what the QR code on a certificate opens."""
    found = selectors.certificate_lookup(code=code)
    status = 200 if found is not None else 404
    return render(request, "learning/verify.html", {"verification": found}, status=status)
