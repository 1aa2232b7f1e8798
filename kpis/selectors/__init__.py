"""The kpis app's reads, each taking `viewer`."""

from kpis.selectors.approval import (
    Change,
    approval_for,
    changes_since_approval,
    period_figures,
)
from kpis.selectors.figures import Figure, figure_for, figures, partner_figures, unit_figures
from kpis.selectors.plans import (
    AllocationRow,
    allocation_rows,
    children_of,
    expected_for,
    plan_history,
    top_unit,
    visible_unit,
)

__all__ = [
    "AllocationRow",
    "Change",
    "Figure",
    "allocation_rows",
    "approval_for",
    "changes_since_approval",
    "children_of",
    "expected_for",
    "figure_for",
    "figures",
    "partner_figures",
    "period_figures",
    "plan_history",
    "top_unit",
    "unit_figures",
    "visible_unit",
]
