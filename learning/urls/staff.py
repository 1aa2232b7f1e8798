from django.urls import path

from learning.views.staff import questions

app_name = "learning"

urlpatterns: list = [
    path("questions/export/", questions.questions_export, name="questions_export"),
    path("questions/import/", questions.questions_import, name="questions_import"),
]
