from django.urls import path

from courses.views.staff import catalogue, lectures

app_name = "courses"

L = "lectures/<uuid:public_id>/"

urlpatterns = [
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/export/", catalogue.catalogue_export, name="catalogue_export"),
    path("catalogue/import/", catalogue.catalogue_import, name="catalogue_import"),
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
