"""Django's PostgreSQL backend; a reused connection's health check without a round trip.

With `CONN_HEALTH_CHECKS` Django sends `SELECT 1` before the first query of every request
on a reused connection, so that a connection the server dropped (a restart, a terminated
backend, an idle timeout) is replaced instead of failing the request. Here that check first
looks at the connection without sending anything: a connection used in the last
`QUIET_CHECK_SECONDS`, idle (no transaction), open as far as libpq knows, with nothing
waiting on its socket, is used as it is. A server that ends a session (shutdown, restart,
`pg_terminate_backend`, a crash of the backend) sends its FATAL notice and closes the
socket, which makes the socket readable: that, or anything unexpected, falls back to
Django's `SELECT 1`. What only a round trip finds (a server host gone without closing its
sockets) takes longer than the quiet second to come back, so the `SELECT 1` still runs
then. Under load, reused connections are seconds or less apart: no `SELECT 1` per request.
"""

from __future__ import annotations

import select
import time
from typing import Any

from django.db.backends.postgresql import base

# A connection unused for longer than this gets Django's `SELECT 1` before it is used.
QUIET_CHECK_SECONDS = 1.0
_IDLE = 0  # libpq's PQTRANS_IDLE: connected, no transaction open


class DatabaseWrapper(base.DatabaseWrapper):
    # Django's own (set in __init__ and connect), missing from the stubs.
    health_check_enabled: bool
    health_check_done: bool
    _last_checked: float = 0.0

    def connect(self) -> None:
        super().connect()
        self._last_checked = time.monotonic()

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is None
            or not self.health_check_enabled
            or self.health_check_done
            or self.pool
        ):
            super().close_if_health_check_failed()
            return
        now = time.monotonic()
        if now - self._last_checked <= QUIET_CHECK_SECONDS and _looks_healthy(self.connection):
            self.health_check_done = True
        else:
            super().close_if_health_check_failed()  # SELECT 1; closes the connection if it fails
        self._last_checked = now


def _looks_healthy(connection: Any) -> bool:
    """Open, idle, and nothing from the server waiting on the socket (checked without I/O)."""
    try:
        if connection.closed or connection.info.transaction_status != _IDLE:
            return False
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
        return not poller.poll(0)  # POLLHUP and POLLERR are always reported
    except (OSError, ValueError, AttributeError):
        return False
