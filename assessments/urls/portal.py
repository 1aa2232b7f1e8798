"""The portal's assessment pages (namespace "assessments", under /assessments/)."""

from django.urls import path, register_converter

from assessments.urls.converters import UUIDListConverter
from assessments.views.portal import campaigns, reports, results, take

app_name = "assessments"

register_converter(UUIDListConverter, "uuids")

urlpatterns = [
    # The self-assessment (assessments.views.portal.take and .results).
    path("", take.index, name="index"),
    path("take/<slug:key>/", take.take, name="take"),
    path("take/<slug:key>/<int:page>/", take.take_page, name="take_page"),
    path("take/<slug:key>/finish/", take.take_finish, name="take_finish"),
    path("result/<uuid:public_id>/", results.result, name="result"),
    path("results/<uuids:public_ids>/", results.results, name="results"),
    path("results/<uuids:public_ids>/callback/", results.callback, name="callback"),
    path("code/", results.open_code, name="open_code"),
    path("archive/", results.archive, name="archive"),
    path("archive/revoke/", results.archive_revoke, name="archive_revoke"),
    # Personal reports (assessments.views.portal.reports).
    path("r/<uuid:public_id>/report/", reports.report_request, name="report_request"),
    path("report/<uuid:public_id>/", reports.report_status, name="report_status"),
    path("report/<uuid:public_id>/retry/", reports.report_retry, name="report_retry"),
    path("report/<uuid:public_id>/pdf/", reports.report_download, name="report_download"),
    # Unit campaigns: the poster's link and QR code lead here.
    path("join/<str:code>/", campaigns.campaign_join, name="campaign_join"),
]
