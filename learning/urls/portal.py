from django.urls import path

from learning.views.portal import contests, exams, library, training

app_name = "learning"

urlpatterns: list = [
    path("exams/", exams.exam_list, name="exams"),
    path("exams/<uuid:public_id>/", exams.exam_detail, name="exam"),
    path("exams/attempts/<uuid:public_id>/", exams.attempt_page, name="attempt"),
    path("exams/attempts/<uuid:public_id>/result/", exams.attempt_result, name="attempt_result"),
    path("library/", library.library_list, name="library"),
    path("library/items/<uuid:public_id>/", library.item_detail, name="library_item"),
    path("library/items/<uuid:public_id>/media/", library.item_media, name="library_media"),
    path(
        "library/items/<uuid:public_id>/complete/",
        library.item_complete,
        name="library_complete",
    ),
    path("library/this-month/", library.this_month, name="this_month"),
    path("library/archive/", library.archive, name="archive"),
    path("library/archive/<int:year>/<int:month>/", library.archive_month, name="archive_month"),
    path("library/history/", library.my_history, name="history"),
    path("training/", training.training_home, name="training"),
    path("training/programmes/<uuid:public_id>/", training.programme_enrol, name="enrol"),
    path(
        "training/enrolments/<uuid:public_id>/certificate/",
        training.certificate_request,
        name="certificate_request",
    ),
    path(
        "certificates/<uuid:public_id>/pdf/",
        training.certificate_download,
        name="certificate_pdf",
    ),
    path(
        "certificates/<uuid:public_id>/renew/",
        training.certificate_renew,
        name="certificate_renew",
    ),
    path("contests/", contests.contest_list, name="contests"),
    path("contests/<uuid:public_id>/", contests.contest_detail, name="contest"),
    path("contests/entries/<uuid:public_id>/", contests.entry_paper, name="entry_paper"),
    path("contests/entries/<uuid:public_id>/result/", contests.entry_result, name="entry_result"),
]
