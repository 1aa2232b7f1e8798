"""The Celery app. Settings live in config/settings.py under CELERY_*."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("xinling")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
