"""Field validators of the learning app (used by its models and re-checked by services)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _


def https_only(value: str) -> None:
    """An external media address must be https (no http, javascript:, data: …)."""
    parts = urlsplit(value.strip())
    if parts.scheme.lower() != "https" or not parts.netloc:
        raise ValidationError(_("Only https:// addresses are accepted."), code="https_only")


# Uploaded media are served from the site's own origin: only audio and video types, never
# HTML, SVG or scripts a browser would run.
VIDEO_EXTENSIONS = ("mp4", "m4v", "webm")
AUDIO_EXTENSIONS = ("mp3", "m4a", "aac", "wav", "ogg", "oga", "opus")
media_extension = FileExtensionValidator(
    allowed_extensions=[*VIDEO_EXTENSIONS, *AUDIO_EXTENSIONS],
    message=_("Upload a video (mp4, webm) or an audio file (mp3, m4a, wav, ogg)."),
)
