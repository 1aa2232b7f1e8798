from django.urls import path

from assessments import campaign_urls, staff_views

app_name = "assessments"

urlpatterns = [
    path("callbacks/", staff_views.callback_list, name="callbacks"),
    path(
        "callbacks/<uuid:public_id>/status/",
        staff_views.callback_set_status,
        name="callback_status",
    ),
    path("risk/", staff_views.risk_counts, name="risk_counts"),
    *campaign_urls.staff_patterns,
]
