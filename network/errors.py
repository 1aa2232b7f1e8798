"""The codes of the errors network raises: what an API client or a test may match on.

The values are part of the API (README, "Errors") and never change; the base codes
(`invalid`, `not_found`, …) are core.errors.ErrorCode.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    LEVEL_RULE = "level_rule"  # a unit under a parent its level may not have
    TREE_FULL = "tree_full"  # a unit with no free path step for another child
    ROLE_ABOVE_OWN = "role_above_own"  # granting or revoking a role above one's own
    GRID_TOO_LARGE = "grid_too_large"  # a coverage grid with too many points
    SCOPE_MISSING = "scope_missing"  # a partner app calling beyond its scopes (403)
    INVALID_KEY = "invalid_key"  # a partner app's key malformed, unknown or revoked (401)
