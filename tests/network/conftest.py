"""The network personas live in tests/network/personas.py, loaded for the whole suite
by tests/conftest.py; these names stay importable from here."""

from tests.network.personas import ALL_ROLES, Login

__all__ = ["ALL_ROLES", "Login"]
