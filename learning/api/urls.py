from django.urls import path

from learning.api.certificates import CertificateVerifyView

urlpatterns: list = [
    path(
        "certificates/<str:code>/", CertificateVerifyView.as_view(), name="api-certificate-verify"
    ),
]
