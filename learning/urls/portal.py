from django.urls import path

from learning.views.portal import contests, exams

app_name = "learning"

urlpatterns: list = [
    path("exams/<uuid:public_id>/", exams.exam_detail, name="exam"),
    path("exams/attempts/<uuid:public_id>/", exams.attempt_page, name="attempt"),
    path("exams/attempts/<uuid:public_id>/result/", exams.attempt_result, name="attempt_result"),
    path("contests/", contests.contest_list, name="contests"),
    path("contests/<uuid:public_id>/", contests.contest_detail, name="contest"),
    path("contests/entries/<uuid:public_id>/", contests.entry_paper, name="entry_paper"),
    path("contests/entries/<uuid:public_id>/result/", contests.entry_result, name="entry_result"),
]
