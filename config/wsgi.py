import os

from django.core.wsgi import get_wsgi_application

from core import heap

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

heap.freeze_after_warmup()  # core/heap.py: the collector and a worker's heap
