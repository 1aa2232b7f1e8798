"""The project's own Python packages, for the tests that read the code with `ast` or grep."""

APPS = (
    "accounts",
    "core",
    "network",
    "assessments",
    "appointments",
    "courses",
    "hotline",
    "learning",
    "kpis",
)
