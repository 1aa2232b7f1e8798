"""The portal's appointment pages, under /appointments/ (namespace appointments):
bookings and their manage links, the waitlist, pods and relaxation rooms."""

from django.urls import path

from appointments.views.portal import bookings, pods, waitlist

app_name = "appointments"

urlpatterns = [
    path("", bookings.slot_list, name="slot_list"),
    path("book/<uuid:public_id>/", bookings.book, name="book"),
    path("mine/", bookings.my_bookings, name="mine"),
    path("bookings/<uuid:public_id>/", bookings.confirmation, name="confirmation"),
    path("bookings/<uuid:public_id>/calendar.ics", bookings.booking_ics, name="booking_ics"),
    path("bookings/<uuid:public_id>/cancel/", bookings.cancel, name="cancel"),
    path("manage/done/", bookings.manage_done, name="manage_done"),
    path("manage/<str:token>/", bookings.manage, name="manage"),
    path("manage/<str:token>/calendar.ics", bookings.manage_ics, name="manage_ics"),
    # The waitlist.
    path("waitlist/join/", waitlist.join, name="waitlist_join"),
    path("waitlist/<uuid:public_id>/", waitlist.offer, name="waitlist_offer"),
    path("waitlist/<uuid:public_id>/accept/", waitlist.accept, name="waitlist_accept"),
    path("waitlist/<uuid:public_id>/decline/", waitlist.decline, name="waitlist_decline"),
    path("waitlist/<uuid:public_id>/leave/", waitlist.leave, name="waitlist_leave"),
    # Pods and relaxation rooms.
    path("pods/", pods.pod_list, name="pod_list"),
    path("pods/<uuid:public_id>/", pods.pod_detail, name="pod_detail"),
    path("pods/<uuid:public_id>/book/", pods.pod_book, name="pod_book"),
    path("pods/bookings/<uuid:public_id>/cancel/", pods.pod_cancel, name="pod_cancel"),
]
