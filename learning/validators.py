"""Field validators of the learning app (used by its models and re-checked by services)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def https_only(value: str) -> None:
    """An external media address must be https (no http, javascript:, data: …)."""
    parts = urlsplit(value.strip())
    if parts.scheme.lower() != "https" or not parts.netloc:
        raise ValidationError(_("Only https:// addresses are accepted."), code="https_only")
