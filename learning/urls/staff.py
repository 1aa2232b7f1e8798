from django.urls import path

from learning.views.staff import library, questions, training

app_name = "learning"

urlpatterns: list = [
    path("questions/export/", questions.questions_export, name="questions_export"),
    path("questions/import/", questions.questions_import, name="questions_import"),
    path("library/", library.items, name="library_items"),
    path("library/premium/", library.premium, name="premium"),
    path("library/premium/<int:pk>/remove/", library.premium_remove, name="premium_remove"),
    path("training/", training.programmes, name="programmes"),
    path("training/<uuid:public_id>/", training.programme_detail, name="programme"),
    path(
        "training/enrolments/<uuid:public_id>/certificate/",
        training.certificate_issue,
        name="certificate_issue",
    ),
    path("certificates/", training.register, name="register"),
    path(
        "certificates/<uuid:public_id>/revoke/",
        training.certificate_revoke,
        name="certificate_revoke",
    ),
    path(
        "certificates/<uuid:public_id>/backbone/",
        training.backbone_grant,
        name="backbone_grant",
    ),
]
