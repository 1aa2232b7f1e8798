from django.urls import path

from network import staff_views

app_name = "network"

urlpatterns = [
    path("audit/", staff_views.audit_log, name="audit"),
    path("coverage/", staff_views.coverage, name="coverage"),
]
