from django.urls import path

from courses.views.staff import assignment, calendar, catalogue, demand, lectures, orders

app_name = "courses"

L = "lectures/<uuid:public_id>/"

urlpatterns = [
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/export/", catalogue.catalogue_export, name="catalogue_export"),
    path("catalogue/import/", catalogue.catalogue_import, name="catalogue_import"),
    path("rounds/", orders.round_list, name="round_list"),
    path("orders/", orders.order_list, name="order_list"),
    path("orders/new/", orders.order_create, name="order_create"),
    path("orders/<uuid:public_id>/", orders.order_detail, name="order_detail"),
    path("orders/<uuid:public_id>/assign/", assignment.order_assign, name="order_assign"),
    path("orders/<uuid:public_id>/<slug:step>/", orders.order_step, name="order_step"),
    path("assignments/", assignment.assignment_list, name="assignment_list"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar/free/", calendar.calendar_free, name="calendar_free"),
    path(
        "assignments/<uuid:public_id>/<slug:answer>/",
        assignment.assignment_answer,
        name="assignment_answer",
    ),
    path("demand/", demand.demand, name="demand"),
    path("lectures/", lectures.lectures, name="lectures"),
    path(L, lectures.lecture_detail, name="lecture"),
    path(f"{L}count/", lectures.lecture_count, name="lecture_count"),
    path(f"{L}sign-in-sheet.pdf", lectures.lecture_sheet, name="lecture_sheet"),
    path(f"{L}poster/", lectures.lecture_poster, name="lecture_poster"),
    path(f"{L}projector/", lectures.lecture_projector, name="lecture_projector"),
    path(f"{L}projector/code/", lectures.lecture_projector_code, name="lecture_projector_code"),
    path(f"{L}record/", lectures.lecture_record_file, name="lecture_record"),
    path(f"{L}attendance/", lectures.lecture_attendance, name="lecture_attendance"),
]
