"""The counsellor's day and bookings, the station lead's calendars
(included at /staff/appointments/ in namespace staff:appointments)."""

from django.urls import path

from appointments import staff_views

urlpatterns = [
    path("", staff_views.day, name="day"),
    path("bookings/<uuid:public_id>/", staff_views.booking, name="booking"),
    path("bookings/<uuid:public_id>/attended/", staff_views.check_in, name="booking_check_in"),
    path("bookings/<uuid:public_id>/no-show/", staff_views.no_show, name="booking_no_show"),
    path("bookings/<uuid:public_id>/cancel/", staff_views.cancel, name="booking_cancel"),
    path(
        "bookings/<uuid:public_id>/meeting-link/",
        staff_views.meeting_link,
        name="booking_meeting_link",
    ),
    path("stations/", staff_views.stations, name="stations"),
    path("stations/<int:unit_id>/", staff_views.station_calendar, name="station_calendar"),
]
