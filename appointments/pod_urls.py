"""Pods and relaxation rooms in the portal, under /appointments/pods/ (namespace appointments)."""

from django.urls import path

from appointments import pod_views

urlpatterns = [
    path("", pod_views.pod_list, name="pod_list"),
    path("<uuid:public_id>/", pod_views.pod_detail, name="pod_detail"),
    path("<uuid:public_id>/book/", pod_views.pod_book, name="pod_book"),
    path("bookings/<uuid:public_id>/cancel/", pod_views.pod_cancel, name="pod_cancel"),
]
