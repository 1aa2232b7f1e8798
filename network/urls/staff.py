"""The network's staff pages (namespace "staff:network", under /staff/network/)."""

from django.urls import path

from network.views import staff as staff_views

app_name = "network"

urlpatterns = [
    path("audit/", staff_views.audit_log, name="audit"),
    path("coverage/", staff_views.coverage, name="coverage"),
]
