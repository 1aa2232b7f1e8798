"""Staff pages of pods, under /staff/appointments/pods/ (namespace staff:appointments)."""

from django.urls import path

from appointments import pod_views

urlpatterns = [
    path("", pod_views.staff_pods, name="pods"),
    path("bookings/<uuid:public_id>/mark/", pod_views.staff_pod_mark, name="pod_mark"),
    path("<uuid:public_id>/walk-in/", pod_views.staff_pod_walk_in, name="pod_walk_in"),
]
