"""URL patterns of unit campaigns, wired into the portal and the staff site."""

from django.urls import URLPattern, path

from assessments import campaign_views

# Portal (namespace "assessments"): the poster's link and QR code lead here.
portal_patterns: list[URLPattern] = [
    path("join/<str:code>/", campaign_views.campaign_join, name="campaign_join"),
]

# Staff site (namespace "staff:assessments").
staff_patterns: list[URLPattern] = [
    path("campaigns/", campaign_views.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaign_views.campaign_create, name="campaign_create"),
    path("campaigns/<str:code>/", campaign_views.campaign_detail, name="campaign_detail"),
    path("campaigns/<str:code>/close/", campaign_views.campaign_close, name="campaign_close"),
    path(
        "campaigns/<str:code>/report.pdf",
        campaign_views.campaign_report_pdf,
        name="campaign_report_pdf",
    ),
    path(
        "campaigns/<str:code>/poster.pdf",
        campaign_views.campaign_poster_pdf,
        name="campaign_poster_pdf",
    ),
    path("figures/", campaign_views.figures, name="figures"),
]
