from django.urls import path

from learning.api import library
from learning.api.certificates import CertificateVerifyView

urlpatterns: list = [
    path("library/items/", library.LibraryItemListView.as_view(), name="api-library-items"),
    path("library/this-month/", library.ThisMonthView.as_view(), name="api-library-this-month"),
    path(
        "certificates/<str:code>/", CertificateVerifyView.as_view(), name="api-certificate-verify"
    ),
]
