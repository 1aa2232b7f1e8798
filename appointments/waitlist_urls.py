"""The waitlist, under /appointments/waitlist/ (namespace appointments)."""

from django.urls import path

from appointments import waitlist_views

urlpatterns = [
    path("join/", waitlist_views.join, name="waitlist_join"),
    path("<uuid:public_id>/", waitlist_views.offer, name="waitlist_offer"),
    path("<uuid:public_id>/accept/", waitlist_views.accept, name="waitlist_accept"),
    path("<uuid:public_id>/decline/", waitlist_views.decline, name="waitlist_decline"),
    path("<uuid:public_id>/leave/", waitlist_views.leave, name="waitlist_leave"),
]
