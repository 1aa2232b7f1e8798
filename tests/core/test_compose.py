"""No Docker engine runs here, so the compose file is checked against the settings."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS_SOURCE = (ROOT / "config" / "settings.py").read_text()


def test_compose_runs_the_full_stack() -> None:
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(COMPOSE["services"])


def test_app_services_build_from_the_one_dockerfile() -> None:
    assert (ROOT / "Dockerfile").exists()
    for name in ("web", "worker", "beat"):
        service = COMPOSE["services"][name]
        assert service["build"] == {"context": ".", "dockerfile": "Dockerfile"} or service.get(
            "image"
        ) == COMPOSE["services"]["web"].get("image")
    assert "gunicorn" in str(COMPOSE["services"]["web"]["command"])
    assert "celery -A config worker" in str(COMPOSE["services"]["worker"]["command"])
    assert "celery -A config beat" in str(COMPOSE["services"]["beat"]["command"])


def _environment(service: str) -> dict[str, str]:
    env = dict(COMPOSE.get("x-app-environment", {}))
    env.update(COMPOSE["services"][service].get("environment", {}))
    return {key: str(value) for key, value in env.items()}


def test_every_variable_the_compose_file_sets_is_one_settings_reads() -> None:
    for name in ("web", "worker", "beat"):
        env = _environment(name)
        for variable in env:
            assert re.search(rf'"{variable}"', SETTINGS_SOURCE), (name, variable)
        assert env["DJANGO_ENV"] == "production"
        required = {"SECRET_KEY", "HOTLINE_CALLER_KEY", "FIELD_ENCRYPTION_KEY", "ALLOWED_HOSTS"}
        assert required | {"DATABASE_URL", "REDIS_URL"} <= set(env)


def test_urls_point_at_the_compose_services() -> None:
    env = _environment("web")
    pg = COMPOSE["services"]["postgres"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://")
    assert f"@postgres:5432/{pg['POSTGRES_DB']}" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379")
    assert COMPOSE["services"]["postgres"]["image"].startswith("postgres:15")
    assert COMPOSE["services"]["redis"]["image"].startswith("redis:7")
