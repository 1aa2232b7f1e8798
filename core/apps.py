from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Registers the outbox's tasks in every process (web too, not only the worker
        # that autodiscovers them): core.outbox sends its delivery task by name.
        from core import tasks  # noqa: F401
