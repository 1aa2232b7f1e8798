from django.urls import path

from learning.api import contests, library
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
]
