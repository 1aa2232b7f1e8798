from django.urls import path

from kpis.api import views

urlpatterns = [
    path("kpis/", views.FiguresView.as_view(), name="api-kpis"),
]
