from django.urls import path

from learning.views.staff import library, questions

app_name = "learning"

urlpatterns: list = [
    path("questions/export/", questions.questions_export, name="questions_export"),
    path("questions/import/", questions.questions_import, name="questions_import"),
    path("library/", library.items, name="library_items"),
    path("library/premium/", library.premium, name="premium"),
    path("library/premium/<int:pk>/remove/", library.premium_remove, name="premium_remove"),
]
