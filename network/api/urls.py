from django.urls import path

from network.api import views

urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="api-units"),
    path("stations/", views.StationListView.as_view(), name="api-stations"),
    path("stations/<str:id>/", views.StationDetailView.as_view(), name="api-station"),
    path("partner/me/", views.PartnerMeView.as_view(), name="api-partner-me"),
]
