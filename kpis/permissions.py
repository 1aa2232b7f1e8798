"""Which network permission opens which kpis action (the network's rule: a role at a
unit reaches its subtree). Planning, manual entry and approval are a unit
administrator's work; viewing is open to every role of the subtree."""

from __future__ import annotations

from network.access import Perm

VIEW = Perm.VIEW_UNITS
PLAN = Perm.MANAGE_UNITS
ENTER = Perm.MANAGE_UNITS
APPROVE = Perm.MANAGE_UNITS
