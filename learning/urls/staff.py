from django.urls import path

from learning.views.staff import contests, questions

app_name = "learning"

urlpatterns: list = [
    path("questions/export/", questions.questions_export, name="questions_export"),
    path("questions/import/", questions.questions_import, name="questions_import"),
    path("contests/", contests.contest_list, name="contests"),
    path("contests/<uuid:public_id>/", contests.contest_winners, name="contest_winners"),
    path("contests/<uuid:public_id>/winners.xlsx", contests.winners_export, name="winners_export"),
]
