"""The learning app's admin pages."""

from learning import admin_exams  # noqa: F401  (registers the bank's and exams' pages)
