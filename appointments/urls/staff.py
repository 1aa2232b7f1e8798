"""Staff pages of appointments, under /staff/appointments/ (namespace staff:appointments):
the counsellor's day and bookings, station calendars, sessions held, cases with their notes,
follow-ups and referrals, and pods."""

from django.urls import path

from appointments.views.staff import bookings, case_records, cases, pods, sessions

app_name = "appointments"

urlpatterns = [
    # The counsellor's day, a booking as the counsellor sees it, station calendars.
    path("", bookings.day, name="day"),
    path("bookings/<uuid:public_id>/", bookings.booking, name="booking"),
    path("bookings/<uuid:public_id>/attended/", bookings.check_in, name="booking_check_in"),
    path("bookings/<uuid:public_id>/no-show/", bookings.no_show, name="booking_no_show"),
    path("bookings/<uuid:public_id>/cancel/", bookings.cancel, name="booking_cancel"),
    path(
        "bookings/<uuid:public_id>/meeting-link/",
        bookings.meeting_link,
        name="booking_meeting_link",
    ),
    path("stations/", bookings.stations, name="stations"),
    path("stations/<int:unit_id>/", bookings.station_calendar, name="station_calendar"),
    # A year's sessions held (the records behind the KPI figures).
    path("sessions/", sessions.sessions_held, name="sessions"),
    # Cases, notes, follow-ups and referrals.
    path("cases/", cases.case_list, name="cases"),
    path("cases/overdue/", cases.overdue_followups, name="overdue_followups"),
    path("cases/open/<uuid:booking_id>/", cases.case_open, name="case_open"),
    path(
        "cases/referrals/<int:referral_id>/",
        case_records.referral_update,
        name="referral_update",
    ),
    path("cases/<uuid:public_id>/", cases.case_detail, name="case_detail"),
    path("cases/<uuid:public_id>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<uuid:public_id>/close/", cases.case_close, name="case_close"),
    path("cases/<uuid:public_id>/book/", cases.case_book, name="case_book"),
    path(
        "cases/<uuid:public_id>/link/<uuid:booking_id>/",
        cases.case_link_booking,
        name="case_link_booking",
    ),
    path("cases/<uuid:public_id>/notes/new/", case_records.note_add, name="note_add"),
    path(
        "cases/<uuid:public_id>/notes/<int:note_id>/edit/",
        case_records.note_edit,
        name="note_edit",
    ),
    path(
        "cases/<uuid:public_id>/notes/<int:note_id>/addendum/",
        case_records.note_addendum,
        name="note_addendum",
    ),
    path("cases/<uuid:public_id>/followups/new/", case_records.followup_add, name="followup_add"),
    path(
        "cases/<uuid:public_id>/followups/<int:followup_id>/done/",
        case_records.followup_complete,
        name="followup_complete",
    ),
    path("cases/<uuid:public_id>/referrals/new/", case_records.referral_add, name="referral_add"),
    # Pods and relaxation rooms: today's uses, walk-ins.
    path("pods/", pods.staff_pods, name="pods"),
    path("pods/bookings/<uuid:public_id>/mark/", pods.staff_pod_mark, name="pod_mark"),
    path("pods/<uuid:public_id>/walk-in/", pods.staff_pod_walk_in, name="pod_walk_in"),
]
