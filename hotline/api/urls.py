from django.urls import path

from hotline.api import views

urlpatterns = [
    path("hotline/calls/", views.CallCreateView.as_view(), name="api-hotline-calls"),
    path(
        "hotline/contact-requests/",
        views.ContactCreateView.as_view(),
        name="api-hotline-contact-requests",
    ),
]
