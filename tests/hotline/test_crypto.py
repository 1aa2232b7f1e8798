"""The caller keys: from the environment, or a development key file made once under var/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from core import crypto


def test_without_keys_a_development_key_file_is_made_once(settings: Any, tmp_path: Path) -> None:
    settings.HOTLINE_CALLER_KEY = None
    settings.FIELD_ENCRYPTION_KEY = None
    settings.HOTLINE_DEV_KEY_FILE = tmp_path / "var" / "hotline-dev-keys.json"
    digest = crypto.number_digest("+8613912345678")
    token = crypto.encrypt("+8613912345678")
    assert settings.HOTLINE_DEV_KEY_FILE.stat().st_mode & 0o777 == 0o600
    first = settings.HOTLINE_DEV_KEY_FILE.read_text()
    settings.HOTLINE_DEV_KEY_FILE = settings.HOTLINE_DEV_KEY_FILE  # forget the cached keys
    assert crypto.number_digest("+8613912345678") == digest
    assert crypto.decrypt(token) == "+8613912345678"
    assert settings.HOTLINE_DEV_KEY_FILE.read_text() == first
    assert "13912345678" not in token


def test_production_never_makes_its_own_keys(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.HOTLINE_CALLER_KEY = None
    with pytest.raises(ImproperlyConfigured, match="HOTLINE_CALLER_KEY"):
        crypto.number_digest("+8613912345678")


def test_a_rotated_key_still_opens_old_numbers(settings: Any) -> None:
    old = settings.FIELD_ENCRYPTION_KEY
    token = crypto.encrypt("+8613912345678")
    settings.FIELD_ENCRYPTION_KEY = "k0w5zP4oGd8q6Yc1kQn2uB3mVx7rT9sLhJe0aFiW2yM=," + old
    assert crypto.decrypt(token) == "+8613912345678"
    assert crypto.decrypt("not-a-token") == ""
