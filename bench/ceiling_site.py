"""Settings for bench/http_front_doors.py only: the project's settings plus the ceiling URLs.

Never used by the site itself. `ROOT_URLCONF` points to bench/ceiling_urls.py, which puts
two bench-only views in front of config.urls. Static files are served by the plain storage so
the bench needs no collectstatic run (a manifest lookup is a dict lookup either way).
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "ceiling_urls"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
