from django.urls import path

from assessments import campaign_urls, report_views

app_name = "assessments"

urlpatterns = [
    # Personal reports (assessments.report_views).
    path("r/<uuid:public_id>/report/", report_views.report_request, name="report_request"),
    path("report/<uuid:public_id>/", report_views.report_status, name="report_status"),
    path("report/<uuid:public_id>/retry/", report_views.report_retry, name="report_retry"),
    path("report/<uuid:public_id>/pdf/", report_views.report_download, name="report_download"),
    *campaign_urls.portal_patterns,
]
