"""The assessments' staff pages (namespace "staff:assessments", under /staff/assessments/)."""

from django.urls import path

from assessments.views.staff import callbacks, campaigns

app_name = "assessments"

urlpatterns = [
    # Call-backs are handled in the hotline's queue; the old address sends staff there.
    path("callbacks/", callbacks.callback_list, name="callbacks"),
    path("risk/", callbacks.risk_counts, name="risk_counts"),
    # Unit campaigns.
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<str:code>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<str:code>/close/", campaigns.campaign_close, name="campaign_close"),
    path(
        "campaigns/<str:code>/report.pdf",
        campaigns.campaign_report_pdf,
        name="campaign_report_pdf",
    ),
    path(
        "campaigns/<str:code>/poster.pdf",
        campaigns.campaign_poster_pdf,
        name="campaign_poster_pdf",
    ),
    path("figures/", campaigns.figures, name="figures"),
]
