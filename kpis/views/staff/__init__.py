"""Staff pages of the kpis app: plans and allocation, progress, manual figures, approval."""

from kpis.views.staff.pages import approval, manual, plans, progress, start

__all__ = ["approval", "manual", "plans", "progress", "start"]
