"""Rows of a model with the rows its foreign keys point to, read with one SELECT written once.

The ORM compiles a queryset every time it is evaluated: for a result page's submissions with
their version, instrument, unit and campaign (57 columns over four joins), compiling was
1.1 ms of the 1.7 the read took. `Reader(Submission, "instrument_version__instrument",
"unit", "campaign")` writes that SELECT once per database and shape of condition, converts
every column as the ORM does (the backend's converters, then the field's), and builds the
same instances, each related row in its field's cache as `select_related` leaves it (None
for a null key).

    reader.filter(public_id__in=ids, expires_on__gt=today)

Conditions are on the model's own columns (a foreign key by its column, `submission_id`),
ANDed: `exact`, `in`, `gt`, `gte`, `lt`, `lte`; each value is prepared as the field prepares
it for the database. `defer=("pdf",)` leaves the root's big columns unread, as
`QuerySet.defer` does (reading one later is a query). No ordering: callers that need one
sort the (few) rows they asked for.

`Reader(..., one=One(Report, "submission", match=("language",), defer=("pdf",)))` also
reads, in the same SELECT, the row of another model pointing at each row through a foreign
key and matching values given when reading (a LEFT OUTER JOIN: at most one row by a unique
constraint over the key and `match`); `filter_with_one({"language": "en"}, ...)` answers
(row, that row or None) pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.functional import cached_property

OPERATORS = {"exact": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]


@dataclass(frozen=True)
class _Table:
    """One model in the SELECT: the root, or the row a parent's foreign key points to."""

    model: type[models.Model]
    alias: str
    fields: list[models.Field[Any, Any]]
    via: models.ForeignKey[Any, Any] | None  # the parent's key pointing here
    parent: int | None  # the parent's index among the tables
    outer: bool  # LEFT OUTER JOIN: the key (or a key before it) may be null

    @cached_property
    def attnames(self) -> list[str]:
        return [f.attname for f in self.fields]

    @cached_property
    def pk_index(self) -> int:
        return self.fields.index(self.model._meta.pk)  # type: ignore[arg-type]


@dataclass(frozen=True)
class One:
    """The row of `model` whose foreign key `via` points at the root row and whose `match`
    columns equal the values given when reading: at most one, by a unique constraint."""

    model: type[models.Model]
    via: str
    match: tuple[str, ...]
    defer: tuple[str, ...] = ()

    def check(self, root: type[models.Model]) -> None:
        field = self.model._meta.get_field(self.via)
        if not isinstance(field, models.ForeignKey) or field.related_model is not root:
            raise TypeError(f"{self.model._meta.label}.{self.via} is not a key to {root}")
        unique = {tuple(c.fields) for c in self.model._meta.constraints if hasattr(c, "fields")}
        unique |= {tuple(u) for u in self.model._meta.unique_together}
        if not any(set(u) == {self.via, *self.match} for u in unique):
            raise ValueError(f"{self.model._meta.label}: {self.via} and {self.match} not unique")


def _concrete(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


class Reader:
    """`Reader(Model, "fk__fk", "other_fk").filter(field__lookup=value)`: see the module."""

    def __init__(
        self,
        model: type[models.Model],
        *related: str,
        defer: Sequence[str] = (),
        one: One | None = None,
    ) -> None:
        self.model = model
        self.related = related
        self.defer = frozenset(defer)  # the root's fields left unread, as QuerySet.defer
        self.one = one
        self._select: dict[str, str] = {}
        self._sql: dict[tuple[str, tuple[tuple[str, str, int], ...]], str] = {}
        self._converters: dict[str, list[tuple[int, list[Converter], Any]]] = {}

    @cached_property
    def tables(self) -> list[_Table]:
        """The root and each related model, in SELECT order (made on first use: a module
        may make its reader before the app registry has loaded every model)."""
        model = self.model
        if model._meta.parents:
            raise TypeError(f"{model._meta.label}: multi-table inheritance needs the ORM")
        fields = [f for f in _concrete(model) if f.name not in self.defer]
        if model._meta.pk not in fields or len(fields) + len(self.defer) != len(_concrete(model)):
            raise ValueError(f"{model._meta.label}: defer only its own columns, never the key")
        tables = [_Table(model, "t0", fields, None, None, False)]
        for path in self.related:
            at = 0
            for name in path.split("__"):
                parent = tables[at]
                field = parent.model._meta.get_field(name)
                if not isinstance(field, models.ForeignKey):
                    raise TypeError(f"{parent.model._meta.label}.{name} is not a foreign key")
                found = [i for i, t in enumerate(tables) if t.parent == at and t.via is field]
                if found:
                    at = found[0]
                    continue
                target = field.related_model
                assert isinstance(target, type)  # a resolved model, not a lazy reference
                outer = parent.outer or field.null
                tables.append(
                    _Table(target, f"t{len(tables)}", _concrete(target), field, at, outer)
                )
                at = len(tables) - 1
        if self.one is not None:
            self.one.check(model)
            fields = [f for f in _concrete(self.one.model) if f.name not in self.one.defer]
            tables.append(_Table(self.one.model, "t_one", fields, None, 0, True))
        return tables

    @property
    def _joined(self) -> list[_Table]:
        """The tables reached by foreign keys from the root (not the One)."""
        return self.tables[: len(self.tables) - (self.one is not None)]

    # --- SQL, written once per database and shape ------------------------------------------

    def _select_from(self, connection: BaseDatabaseWrapper) -> str:
        found = self._select.get(connection.alias)
        if found is None:
            quote = connection.ops.quote_name
            columns = ", ".join(
                f"{t.alias}.{quote(str(f.column))}" for t in self.tables for f in t.fields
            )
            root = self.tables[0]
            # Names from the models, quoted by the backend; values go as parameters.
            sql = f"SELECT {columns} FROM {quote(root.model._meta.db_table)} {root.alias}"  # noqa: S608
            for table in self._joined[1:]:
                assert table.via is not None and table.parent is not None
                parent = self.tables[table.parent]
                join = "LEFT OUTER JOIN" if table.outer else "INNER JOIN"
                target = table.via.target_field.column
                sql += (
                    f" {join} {quote(table.model._meta.db_table)} {table.alias}"
                    f" ON {parent.alias}.{quote(str(table.via.column))}"
                    f" = {table.alias}.{quote(str(target))}"
                )
            if self.one is not None:
                one = self.tables[-1]
                via = self.one.model._meta.get_field(self.one.via)
                assert isinstance(via, models.ForeignKey)
                target = quote(str(via.target_field.column))
                on = [f"{one.alias}.{quote(str(via.column))} = {root.alias}.{target}"]
                for name in self.one.match:
                    column = self.one.model._meta.get_field(name).column  # type: ignore[union-attr]
                    on.append(f"{one.alias}.{quote(str(column))} = %s")
                sql += (
                    f" LEFT OUTER JOIN {quote(self.one.model._meta.db_table)} {one.alias}"
                    f" ON {' AND '.join(on)}"
                )
            found = self._select[connection.alias] = sql
        return found

    def _statement(
        self, connection: BaseDatabaseWrapper, shape: tuple[tuple[str, str, int], ...]
    ) -> str:
        key = (connection.alias, shape)
        found = self._sql.get(key)
        if found is None:
            quote = connection.ops.quote_name
            clauses = []
            for name, lookup, count in shape:
                field = self.model._meta.get_field(name)
                assert isinstance(field, models.Field)  # checked by `filter`
                column = f"t0.{quote(str(field.column))}"
                if lookup == "in":
                    clauses.append(f"{column} IN ({', '.join(['%s'] * count)})")
                else:
                    clauses.append(f"{column} {OPERATORS[lookup]} %s")
            where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
            # Names from the models, quoted by the backend; values go as parameters.
            found = self._sql[key] = self._select_from(connection) + where
        return found

    def _column_converters(
        self, connection: BaseDatabaseWrapper
    ) -> list[tuple[int, list[Converter], Any]]:
        found = self._converters.get(connection.alias)
        if found is None:
            found = []
            index = 0
            for table in self.tables:
                for field in table.fields:
                    column = field.get_col(table.alias)
                    converters = connection.ops.get_db_converters(column) + field.get_db_converters(
                        connection
                    )
                    if converters:
                        found.append((index, converters, column))
                    index += 1
            self._converters[connection.alias] = found
        return found

    # --- reading ----------------------------------------------------------------------------

    def filter(self, using: str = "default", **conditions: Any) -> list[Any]:
        """The rows meeting `conditions`, each with its related rows in their caches."""
        if self.one is not None:
            raise TypeError("this reader reads One rows too: filter_with_one")
        return [made[0] for made in self._read(using, [], conditions)]

    def filter_with_one(
        self, match: dict[str, Any], using: str = "default", **conditions: Any
    ) -> list[tuple[Any, Any]]:
        """(row, its One row matching `match` or None) for the rows meeting `conditions`."""
        if self.one is None or set(match) != set(self.one.match):
            raise TypeError(f"give exactly the One's match columns: {self.one and self.one.match}")
        connection = connections[using]
        params = []
        for name in self.one.match:
            field = self.one.model._meta.get_field(name)
            assert isinstance(field, models.Field)
            params.append(field.get_db_prep_value(match[name], connection, prepared=False))  # type: ignore[call-arg]
        return [(made[0], made[-1]) for made in self._read(using, params, conditions)]

    def _read(
        self, using: str, params: list[Any], conditions: dict[str, Any]
    ) -> list[list[models.Model | None]]:
        connection = connections[using]
        shape = []
        params = list(params)  # the One's match values come first: its join is in FROM
        for condition, value in conditions.items():
            name, _, lookup = condition.partition("__")
            lookup = lookup or "exact"
            if lookup != "in" and lookup not in OPERATORS:
                raise ValueError(f"{condition}: only {', '.join(['in', *OPERATORS])} are read")
            field = self.model._meta.get_field(name)
            if not field.concrete or (field.is_relation and name != field.attname):
                # A foreign key by its column (`submission_id`), compared with primary keys.
                raise ValueError(f"{condition}: a column of the model's own, please")
            values = list(value) if lookup == "in" else [value]
            if any(v is None for v in values):
                raise ValueError(f"{condition}: None is never equal in SQL; ask the ORM isnull")
            if not values:
                return []  # `in` nothing: nothing, as the ORM answers without asking
            shape.append((name, lookup, len(values)))
            params.extend(
                field.get_db_prep_value(v, connection, prepared=False)  # type: ignore[call-arg]
                for v in values
            )
        with connection.cursor() as cursor:
            cursor.execute(self._statement(connection, tuple(shape)), params)
            rows = cursor.fetchall()
        return [self._instances(self._converted(row, connection), using) for row in rows]

    def _converted(self, row: Sequence[Any], connection: BaseDatabaseWrapper) -> list[Any]:
        values = list(row)
        for index, converters, column in self._column_converters(connection):
            value = values[index]
            for converter in converters:
                value = converter(value, column, connection)
            values[index] = value
        return values

    def _instances(self, values: list[Any], using: str) -> list[models.Model | None]:
        """The root, each related row (None for a null key) and the One row, if any."""
        made: list[models.Model | None] = []
        start = 0
        for table in self.tables:
            part = values[start : start + len(table.fields)]
            start += len(table.fields)
            parent = made[table.parent] if table.parent is not None else None
            if table.parent is not None and (parent is None or part[table.pk_index] is None):
                made.append(None)
                if parent is not None and table.via is not None:
                    table.via.set_cached_value(parent, None)
                continue
            obj = table.model.from_db(using, table.attnames, part)
            if parent is not None and table.via is not None:
                table.via.set_cached_value(parent, obj)
                if table.via.one_to_one:
                    table.via.remote_field.set_cached_value(obj, parent)
            elif parent is not None and self.one is not None:  # the One row: its key's row
                self.one.model._meta.get_field(self.one.via).set_cached_value(obj, parent)  # type: ignore[union-attr]
            made.append(obj)
        return made
