"""The kpis app's public services: what changes state."""

from kpis.services.approval import (
    approval_accept,
    approval_approve,
    approval_reopen,
    approval_submit,
)
from kpis.services.manual import manual_entry_set
from kpis.services.plans import plan_set, profile_set
from kpis.services.reports import annual_report_request

__all__ = [
    "annual_report_request",
    "approval_accept",
    "approval_approve",
    "approval_reopen",
    "approval_submit",
    "manual_entry_set",
    "plan_set",
    "profile_set",
]
