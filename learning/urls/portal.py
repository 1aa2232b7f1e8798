from django.urls import path

from learning.views.portal import exams

app_name = "learning"

urlpatterns: list = [
    path("exams/<uuid:public_id>/", exams.exam_detail, name="exam"),
    path("exams/attempts/<uuid:public_id>/", exams.attempt_page, name="attempt"),
    path("exams/attempts/<uuid:public_id>/result/", exams.attempt_result, name="attempt_result"),
]
