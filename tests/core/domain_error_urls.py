"""A URLconf for tests/core/test_domain_errors.py: views that let a DomainError escape."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from core.errors import NotFound, PermissionDenied


def missing(request: HttpRequest) -> HttpResponse:
    raise NotFound


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [path("missing/", missing), path("forbidden/", forbidden)]
