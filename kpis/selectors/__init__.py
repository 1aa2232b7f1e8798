"""The kpis app's reads, each taking `viewer`."""

from kpis.selectors.approval import (
    Change,
    approval_for,
    changes_since_approval,
    period_figures,
)
from kpis.selectors.dashboard import Dashboard, dashboard, map_choices
from kpis.selectors.exports import ExportTable, export_table
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
from kpis.selectors.reports import latest_report, report_of
from kpis.selectors.rows import Cell, UnitRow, unit_rows

__all__ = [
    "AllocationRow",
    "Cell",
    "Change",
    "Dashboard",
    "ExportTable",
    "Figure",
    "UnitRow",
    "allocation_rows",
    "approval_for",
    "changes_since_approval",
    "children_of",
    "dashboard",
    "expected_for",
    "export_table",
    "figure_for",
    "figures",
    "latest_report",
    "map_choices",
    "partner_figures",
    "period_figures",
    "plan_history",
    "report_of",
    "top_unit",
    "unit_figures",
    "unit_rows",
    "visible_unit",
]
