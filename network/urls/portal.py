"""The portal's station pages (namespace "network", under /stations/)."""

from django.urls import path

from network.views import portal as views

app_name = "network"

urlpatterns = [
    path("", views.station_list, name="station_list"),
    path("map.json", views.station_map_json, name="map_json"),
    path("<uuid:public_id>/", views.station_detail, name="station_detail"),
]
