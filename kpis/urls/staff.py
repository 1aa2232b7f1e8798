"""The kpis staff pages (namespace "staff:kpis", under /staff/kpis/)."""

from django.urls import path

from kpis.views import staff as staff_views

app_name = "kpis"

urlpatterns = [
    path("", staff_views.start, name="start"),
    path("units/<uuid:unit_id>/plans/", staff_views.plans, name="plans"),
    path("units/<uuid:unit_id>/progress/", staff_views.progress, name="progress"),
    path("units/<uuid:unit_id>/export.xlsx", staff_views.export_xlsx, name="export_xlsx"),
    path("units/<uuid:unit_id>/export.csv", staff_views.export_csv, name="export_csv"),
    path("units/<uuid:unit_id>/report/", staff_views.report_request, name="report_request"),
    path("units/<uuid:unit_id>/report/status/", staff_views.report_status, name="report_status"),
    path(
        "units/<uuid:unit_id>/report/<uuid:report_id>.pdf",
        staff_views.report_download,
        name="report_download",
    ),
    path("units/<uuid:unit_id>/manual/", staff_views.manual, name="manual"),
    path(
        "units/<uuid:unit_id>/approval/<int:year>/<int:month>/",
        staff_views.approval,
        name="approval",
    ),
]
