"""Callers' numbers at rest: a keyed HMAC to recognise them, Fernet to keep them.

A plain SHA-256 of an 11-digit mobile number is brute-forced in minutes, so repeat
callers are looked up by an HMAC whose key (``HOTLINE_CALLER_KEY``) never sits in the
database. The number itself is kept only as a Fernet token (``FIELD_ENCRYPTION_KEY``,
comma-separated keys, newest first: older ones still decrypt during a rotation).

In production both keys must come from the environment. Elsewhere (``make run``, the
tests) a development key file is made once under ``VAR_DIR`` and reused, so numbers
logged on a laptop stay readable across restarts.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver


def _dev_keys() -> dict[str, str]:
    """The development keys, made on first use (never in production)."""
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured(
            "Set HOTLINE_CALLER_KEY and FIELD_ENCRYPTION_KEY: production never makes its own keys."
        )
    path = Path(settings.HOTLINE_DEV_KEY_FILE)
    if path.exists():
        return dict(json.loads(path.read_text()))
    keys = {"caller": secrets.token_urlsafe(32), "fernet": Fernet.generate_key().decode()}
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return dict(json.loads(path.read_text()))
    with os.fdopen(descriptor, "w") as handle:
        json.dump(keys, handle)
    return keys


@cache
def _caller_key() -> bytes:
    value = settings.HOTLINE_CALLER_KEY or _dev_keys()["caller"]
    if len(value) < 16:
        raise ImproperlyConfigured("HOTLINE_CALLER_KEY must be at least 16 characters.")
    return value.encode()


@cache
def _fernet() -> MultiFernet:
    value = settings.FIELD_ENCRYPTION_KEY or _dev_keys()["fernet"]
    try:
        return MultiFernet([Fernet(key.strip()) for key in value.split(",") if key.strip()])
    except ValueError:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64 bytes), comma-separated."
        ) from None


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: object) -> None:
    if setting in {"HOTLINE_CALLER_KEY", "FIELD_ENCRYPTION_KEY", "HOTLINE_DEV_KEY_FILE"}:
        _caller_key.cache_clear()
        _fernet.cache_clear()


def number_digest(e164: str) -> str:
    """The keyed HMAC-SHA256 (hex) of a number already in E.164."""
    return hmac.new(_caller_key(), e164.encode(), hashlib.sha256).hexdigest()


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """The plain text; "" when the token is empty or no key opens it."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""
