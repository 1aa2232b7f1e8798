import os

from django.core.asgi import get_asgi_application

from core import heap

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()

heap.freeze_after_warmup()  # core/heap.py: the collector and a worker's heap
