"""One model's INSERT with its SQL written once per database, not compiled per row.

`Model.save(force_insert=True)` builds an InsertQuery, compiles it (quoting every column,
choosing placeholders, RETURNING) and sends the pre/post-save signals on every call: for
a 20-column row that was a sixth of an assessment submit's CPU. `Inserter(Model)` writes
the statement once per database alias and then only prepares the row's values, exactly
as `save` would (`field.pre_save` then `field.get_db_prep_save`, so defaults, `auto_now`
dates, JSON and decimals are adapted the same way) and reads back the primary key.

For models without signal receivers, many-to-many data or multi-table inheritance; it says
so when asked for one that has them, rather than skip them silently.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, models
from django.db.models.signals import post_save, pre_save


class Inserter:
    """`Inserter(Model)(obj)` stores `obj` as a new row, as `obj.save(force_insert=True)`."""

    def __init__(self, model: type[models.Model]) -> None:
        meta = model._meta
        if meta.parents:
            raise TypeError(f"{meta.label}: multi-table inheritance needs Model.save")
        self.model = model
        self.pk = meta.pk
        self.fields = [
            f for f in meta.local_concrete_fields if f is not meta.pk and not f.generated
        ]
        self._sql: dict[str, tuple[str, bool]] = {}

    def _statement(self, using: str) -> tuple[str, bool]:
        found = self._sql.get(using)
        if found is None:
            connection = connections[using]
            quote = connection.ops.quote_name
            table = quote(self.model._meta.db_table)
            columns = ", ".join(quote(str(f.column)) for f in self.fields)
            values = ", ".join(["%s"] * len(self.fields))
            # Names from the model, quoted by the backend; the values go as parameters.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({values})"  # noqa: S608
            returning = connection.features.can_return_columns_from_insert
            if returning:
                sql += f" RETURNING {quote(str(self.pk.column))}"
            found = self._sql[using] = (sql, returning)
        return found

    def __call__(self, obj: models.Model, using: str = "default") -> models.Model:
        if pre_save.has_listeners(self.model) or post_save.has_listeners(self.model):
            raise TypeError(f"{self.model._meta.label} has save signal receivers: use save()")
        if obj.pk is not None:
            raise ValueError("a new row's primary key is the database's to choose")
        connection = connections[using]
        sql, returning = self._statement(using)
        params: list[Any] = [
            f.get_db_prep_save(f.pre_save(obj, True), connection) for f in self.fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            pk = cursor.fetchone()[0] if returning else cursor.lastrowid
        setattr(obj, self.pk.attname, self.pk.to_python(pk))
        obj._state.adding = False
        obj._state.db = using
        return obj
