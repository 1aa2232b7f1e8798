"""Staff pages of appointments, under /staff/appointments/ (namespace staff:appointments)."""

from django.urls import include, path

app_name = "appointments"

urlpatterns = [
    # The counsellor's day, a booking as the counsellor sees it, station calendars.
    path("", include("appointments.counsellor_urls")),
    # Cases, notes, follow-ups and referrals.
    path("cases/", include("appointments.case_urls")),
    # Pods and relaxation rooms: today's uses, walk-ins.
    path("pods/", include("appointments.pod_staff_urls")),
]
