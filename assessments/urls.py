from django.urls import path, register_converter

from assessments import campaign_urls, report_views, views
from assessments.converters import UUIDListConverter

app_name = "assessments"

register_converter(UUIDListConverter, "uuids")

urlpatterns = [
    # The self-assessment (assessments.views).
    path("", views.index, name="index"),
    path("take/<slug:key>/", views.take, name="take"),
    path("take/<slug:key>/<int:page>/", views.take_page, name="take_page"),
    path("take/<slug:key>/finish/", views.take_finish, name="take_finish"),
    path("result/<uuid:public_id>/", views.result, name="result"),
    path("results/<uuids:public_ids>/", views.results, name="results"),
    path("results/<uuids:public_ids>/callback/", views.callback, name="callback"),
    path("code/", views.open_code, name="open_code"),
    path("archive/", views.archive, name="archive"),
    path("archive/revoke/", views.archive_revoke, name="archive_revoke"),
    # Personal reports (assessments.report_views).
    path("r/<uuid:public_id>/report/", report_views.report_request, name="report_request"),
    path("report/<uuid:public_id>/", report_views.report_status, name="report_status"),
    path("report/<uuid:public_id>/retry/", report_views.report_retry, name="report_retry"),
    path("report/<uuid:public_id>/pdf/", report_views.report_download, name="report_download"),
    *campaign_urls.portal_patterns,
]
