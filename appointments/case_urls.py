"""Cases, notes, follow-ups and referrals, under /staff/appointments/cases/."""

from django.urls import path

from appointments import case_views as views

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("overdue/", views.overdue_followups, name="overdue_followups"),
    path("open/<uuid:booking_id>/", views.case_open, name="case_open"),
    path("referrals/<int:referral_id>/", views.referral_update, name="referral_update"),
    path("<uuid:public_id>/", views.case_detail, name="case_detail"),
    path("<uuid:public_id>/edit/", views.case_edit, name="case_edit"),
    path("<uuid:public_id>/close/", views.case_close, name="case_close"),
    path("<uuid:public_id>/book/", views.case_book, name="case_book"),
    path(
        "<uuid:public_id>/link/<uuid:booking_id>/",
        views.case_link_booking,
        name="case_link_booking",
    ),
    path("<uuid:public_id>/notes/new/", views.note_add, name="note_add"),
    path("<uuid:public_id>/notes/<int:note_id>/edit/", views.note_edit, name="note_edit"),
    path(
        "<uuid:public_id>/notes/<int:note_id>/addendum/",
        views.note_addendum,
        name="note_addendum",
    ),
    path("<uuid:public_id>/followups/new/", views.followup_add, name="followup_add"),
    path(
        "<uuid:public_id>/followups/<int:followup_id>/done/",
        views.followup_complete,
        name="followup_complete",
    ),
    path("<uuid:public_id>/referrals/new/", views.referral_add, name="referral_add"),
]
