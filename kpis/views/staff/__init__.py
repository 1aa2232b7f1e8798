"""Staff pages of the kpis app: plans and allocation, manual figures, approval."""

from kpis.views.staff.pages import approval, manual, plans, start

__all__ = ["approval", "manual", "plans", "start"]
