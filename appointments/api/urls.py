from django.urls import path

from appointments.api import views

urlpatterns = [
    path("counsellors/", views.CounsellorListView.as_view(), name="api-counsellors"),
    path("slots/", views.SlotListView.as_view(), name="api-slots"),
    path("bookings/", views.BookingListCreateView.as_view(), name="api-bookings"),
    path("bookings/<str:id>/cancel/", views.BookingCancelView.as_view(), name="api-booking-cancel"),
    path(
        "bookings/<str:id>/reschedule/",
        views.BookingRescheduleView.as_view(),
        name="api-booking-reschedule",
    ),
]
