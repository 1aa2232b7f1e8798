from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpisConfig(AppConfig):
    name = "kpis"
    verbose_name = _("Annual targets")

    def ready(self) -> None:
        # The domain apps record facts through core.facts and the network announces tree
        # changes by a signal; neither imports kpis, so kpis plugs itself in here.
        from core import facts
        from kpis import tasks  # noqa: F401  (the services send the render task by name)
        from kpis.services.facts import FACT_TABLE, on_tree_changed
        from network.signals import tree_changed

        facts.register_handler(FACT_TABLE)
        tree_changed.connect(on_tree_changed, dispatch_uid="kpis.ancestors")
