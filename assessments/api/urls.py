from django.urls import path

from assessments.api import views

urlpatterns = [
    path("instruments/", views.InstrumentListView.as_view(), name="api-instruments"),
    path("instruments/<str:code>/", views.InstrumentDetailView.as_view(), name="api-instrument"),
    path("assessments/", views.SubmissionCreateView.as_view(), name="api-assessments"),
    path("assessments/report/", views.ReportView.as_view(), name="api-assessment-report"),
    path(
        "assessments/report/pdf/",
        views.ReportPdfView.as_view(),
        name="api-assessment-report-pdf",
    ),
    path("campaigns/<str:code>/", views.CampaignDetailView.as_view(), name="api-campaign"),
]
