"""A web worker's long-lived heap kept out of the cyclic garbage collector's way.

A worker holds ~200,000 long-lived objects: Django, DRF, the URLconf, compiled templates,
translation catalogues, the in-process caches. Python's collector walks all of them on
every full collection, which a busy worker triggers every few hundred requests: ~140 ms
of one request (a p99 spike), ~0.3 ms a request on average on the result page, and the
young collections re-examine the same survivors.

`gc.freeze()` moves everything alive into a permanent generation the collector never
walks. Reference counting still frees those objects; only a reference cycle among them
that dies later is never reclaimed. So the heap is frozen a few times, on a geometric
schedule of finished requests (1, 10, 100, 1,000 — by then the templates and catalogues
a worker uses are loaded), each time right after a full collection, so nothing already
garbage is frozen, and never again after that: what a freeze could strand is bounded by
what is alive at four moments.

Started by the WSGI and ASGI entry points only (config/wsgi.py, config/asgi.py): test
processes, management commands and Celery workers keep the default collector (the PDF
renderer freezes its own heap, core/pdf.py).
"""

from __future__ import annotations

import gc
import threading
from typing import Any

from django.core.signals import request_finished

FREEZE_AFTER = (1, 10, 100, 1_000)  # finished requests

_lock = threading.Lock()
_state = {"finished": 0, "freezes": 0}


def freeze_after_warmup() -> None:
    """Freeze the heap after this process's 1st, 10th, 100th and 1,000th request."""
    request_finished.connect(_request_finished, dispatch_uid="core.heap")


def freezes() -> int:
    """How many times this process has frozen its heap."""
    return _state["freezes"]


def _request_finished(**_kwargs: Any) -> None:
    with _lock:  # gthread workers finish requests on several threads
        _state["finished"] += 1
        if _state["finished"] not in FREEZE_AFTER:
            return
        _state["freezes"] += 1
        if _state["finished"] == FREEZE_AFTER[-1]:
            request_finished.disconnect(dispatch_uid="core.heap")
    settle()


def settle() -> None:
    """Collect what is garbage now, then freeze everything still alive."""
    gc.collect()
    gc.freeze()
