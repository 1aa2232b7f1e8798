"""Staff pages of the kpis app: plans and allocation, progress, manual figures, approval."""

from kpis.views.staff.exports import (
    export_csv,
    export_xlsx,
    report_download,
    report_request,
    report_status,
)
from kpis.views.staff.pages import approval, manual, plans, progress, start

__all__ = [
    "approval",
    "export_csv",
    "export_xlsx",
    "manual",
    "plans",
    "progress",
    "report_download",
    "report_request",
    "report_status",
    "start",
]
