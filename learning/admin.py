"""The learning app's admin pages (each module registers its own)."""

from learning import admin_exams, admin_library, admin_training  # noqa: F401
