from django.urls import path

from learning.api import contests, exams, library
from learning.api.certificates import CertificateVerifyView

urlpatterns: list = [
    path("library/items/", library.LibraryItemListView.as_view(), name="api-library-items"),
    path("library/this-month/", library.ThisMonthView.as_view(), name="api-library-this-month"),
    path(
        "certificates/<str:code>/", CertificateVerifyView.as_view(), name="api-certificate-verify"
    ),
    path("contests/", contests.ContestListView.as_view(), name="api-contests"),
    path("contests/<str:id>/entry/", contests.EntryView.as_view(), name="api-contest-entry"),
    path(
        "contests/<str:id>/entry/submit/",
        contests.EntrySubmitView.as_view(),
        name="api-contest-entry-submit",
    ),
    path("exams/", exams.ExamListView.as_view(), name="api-exams"),
    path("exams/<str:id>/attempts/", exams.AttemptStartView.as_view(), name="api-exam-start"),
    path("exams/attempts/<str:id>/", exams.AttemptView.as_view(), name="api-exam-attempt"),
    path(
        "exams/attempts/<str:id>/answers/",
        exams.AttemptAnswersView.as_view(),
        name="api-exam-answers",
    ),
    path(
        "exams/attempts/<str:id>/submit/",
        exams.AttemptSubmitView.as_view(),
        name="api-exam-submit",
    ),
]
