"""Who may manage the question bank and exams."""

from __future__ import annotations

from network import access
from network.access import Viewer


def may_manage_bank(viewer: Viewer) -> bool:
    """The centre's staff who manage the course catalogue also manage the bank and exams."""
    if viewer is None or not viewer.is_authenticated:
        return False
    return access.reaches_whole_network(viewer, access.Perm.MANAGE_CATALOGUE)
