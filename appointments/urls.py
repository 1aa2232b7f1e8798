from django.urls import include, path

from appointments import views

app_name = "appointments"

urlpatterns = [
    path("", views.slot_list, name="slot_list"),
    path("book/<uuid:public_id>/", views.book, name="book"),
    path("mine/", views.my_bookings, name="mine"),
    path("bookings/<uuid:public_id>/", views.confirmation, name="confirmation"),
    path("bookings/<uuid:public_id>/calendar.ics", views.booking_ics, name="booking_ics"),
    path("bookings/<uuid:public_id>/cancel/", views.cancel, name="cancel"),
    path("manage/done/", views.manage_done, name="manage_done"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/calendar.ics", views.manage_ics, name="manage_ics"),
    path("waitlist/", include("appointments.waitlist_urls")),
    path("pods/", include("appointments.pod_urls")),
]
