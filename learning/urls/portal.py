from django.urls import path

from learning.views.portal import exams, training

app_name = "learning"

urlpatterns: list = [
    path("exams/<uuid:public_id>/", exams.exam_detail, name="exam"),
    path("exams/attempts/<uuid:public_id>/", exams.attempt_page, name="attempt"),
    path("exams/attempts/<uuid:public_id>/result/", exams.attempt_result, name="attempt_result"),
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
]
