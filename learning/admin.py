"""The learning app's admin pages."""

from learning import admin_contests, admin_exams  # noqa: F401  (register their pages)
