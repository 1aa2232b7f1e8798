"""The learning app's admin pages."""

from learning import admin_exams, admin_training  # noqa: F401  (register their pages)
