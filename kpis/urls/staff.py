"""The kpis staff pages (namespace "staff:kpis", under /staff/kpis/)."""

from django.urls import path  # noqa: F401

app_name = "kpis"

urlpatterns: list = []
