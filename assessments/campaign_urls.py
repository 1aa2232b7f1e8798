"""URL patterns of unit campaigns, wired into the portal and the staff site."""

from django.urls import URLPattern

portal_patterns: list[URLPattern] = []
staff_patterns: list[URLPattern] = []
