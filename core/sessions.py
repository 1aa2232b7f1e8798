"""Sessions in the database (Django's `db` engine), read with one SELECT written once.

Every request that carries a session cookie reads its session: a page of questions, a
signed-in worker's pages, every staff page. Django's engine reads it through the ORM
(`Session.objects.get(...)`: a query compiled per request, about 0.3 ms of the 0.4); this one
sends the same SELECT, written once per database, and decodes the data as Django does.
Everything else — saving, creating, cycling keys, expiry, clearing — is Django's engine.
`SESSION_ENGINE = "core.sessions"`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

_SELECT: dict[str, str] = {}  # database alias → the SELECT of a session's data


def _select(connection: BaseDatabaseWrapper, model: Any) -> str:
    sql = _SELECT.get(connection.alias)
    if sql is None:
        quote = connection.ops.quote_name
        meta = model._meta
        data, key, expires = (
            quote(meta.get_field(name).column)
            for name in ("session_data", "session_key", "expire_date")
        )
        table = quote(meta.db_table)
        # Quoted names of the model, values as parameters.
        sql = f"SELECT {data} FROM {table} WHERE {key} = %s AND {expires} > %s"  # noqa: S608
        _SELECT[connection.alias] = sql
    return sql


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        """The session's data, or an empty session (and no key) when it is missing or expired,
        as Django's `db` engine answers."""
        key = self.session_key
        row = None
        if key is not None:
            connection = connections[router.db_for_read(self.model)]
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            with connection.cursor() as cursor:
                cursor.execute(_select(connection, self.model), [key, now])
                row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])  # type: ignore[no-any-return]
