"""The learning app's admin pages (each module registers its own)."""

from learning import (  # noqa: F401  (each registers its pages)
    admin_contests,
    admin_exams,
    admin_library,
    admin_training,
)
