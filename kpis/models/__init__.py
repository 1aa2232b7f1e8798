"""The kpis app's models, one module per subject; re-exported here (app_label kpis)."""

from kpis.models.approval import LOCKING, Approval, ApprovalStatus
from kpis.models.facts import Fact, FactRollup, RollupMonth, UnitAncestor
from kpis.models.manual import ManualEntry
from kpis.models.plans import MonthlyProfile, Plan, PlanVersion
from kpis.models.reports import AnnualReport, AnnualReportStatus

__all__ = [
    "LOCKING",
    "AnnualReport",
    "AnnualReportStatus",
    "Approval",
    "ApprovalStatus",
    "Fact",
    "FactRollup",
    "ManualEntry",
    "MonthlyProfile",
    "Plan",
    "PlanVersion",
    "RollupMonth",
    "UnitAncestor",
]
