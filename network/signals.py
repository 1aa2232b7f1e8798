"""Signals the network sends for apps above it (they listen; the network imports none).

`tree_changed(sender=OrgUnit, root=unit)`: a unit was created, or moved with its whole
subtree, inside the current transaction; `root` is the unit (its subtree's paths are
already the new ones). The kpis app keeps its flattened ancestors table with it.
"""

from __future__ import annotations

from django.dispatch import Signal

tree_changed = Signal()
