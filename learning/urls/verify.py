"""The public certificate verification page, mounted at /verify/ (config/urls.py)."""

from django.urls import path

from learning.views.portal import training

app_name = "verify"

urlpatterns = [
    path("<str:code>/", training.verify, name="certificate"),
]
