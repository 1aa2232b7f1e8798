"""Model writes that end cached public answers: each bumps its namespace (core.public_cache).

Apps register their public models in `AppConfig.ready()`:

    cache_versions.watch(public_cache.STATIONS, StationProfile, OpeningRule, ...)

Every save, delete and many-to-many change of those models (through the services, the staff
site or the admin) bumps the namespace. Bulk writes (`bulk_create`, `QuerySet.update` and
`.delete()` send no per-row signal) call `public_cache.bump` themselves where the services
use them; anything else shows within the cache's minute.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

from core import public_cache


def watch(namespace: str, *model_classes: type[models.Model]) -> None:
    def changed(sender: Any, **kwargs: Any) -> None:
        if kwargs.get("raw"):  # loaddata: no cache to end yet
            return
        public_cache.bump(namespace)

    # The receiver lives as long as the process: keep a strong reference.
    for model in model_classes:
        uid = f"public_cache:{namespace}:{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through  # type: ignore[attr-defined]
            m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=uid + ":m2m")
