"""Querysets compiled to SQL once per process and then run with new values.

Building and compiling a queryset costs Django 0.5–1.2 ms per query, about as much as
PostgreSQL spends running the bloc report's small indexed queries, so on a report of half a
dozen queries the ORM doubled the time of the database work. A `PreparedQuery` builds its
queryset once per shape with placeholder numbers, keeps the SQL and where each placeholder
landed in the parameter list, and afterwards only puts the real numbers in and runs the SQL.

The queryset stays the only source of the SQL (each database backend compiles its own
dialect; nothing is hand-written), and the rows are the tuples `values_list()` yields. Only
whole numbers (ids, years) are substituted; everything else that changes the SQL (a period
kind, a scope's list of states) is part of the shape, and each shape is compiled once.

Preparing checks what the substitution relies on, and refuses a queryset that breaks it:
it must be a non-flat `values_list()` whose columns come out of the SQL in the order asked
for, and each number must reach the parameters unchanged (the query is compiled with two sets
of placeholders, which must give the same SQL and differ only where the numbers go).
"""

import threading
from collections.abc import Callable, Hashable

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesListIterable

# Two sets of placeholder numbers. They must be valid values of the smallest integer field
# (Django turns an out-of-range comparison into an empty result), so they cannot be numbers no
# id or year could ever be; instead the query is compiled with both sets, and a parameter
# counts as a placeholder only where both compilations put their placeholder for the same name.
_PLACEHOLDERS = ((32_000, 7), (31_000, 11))  # start, step: within 0..32767 for up to 100 names


class PreparedQuery:
    """`build(**shape, **numbers)` returns a `values_list()` queryset; `numbers` are the names
    of its whole-number arguments, substituted on every run. `rows(shape, **numbers)` runs it.
    """

    def __init__(self, build: Callable[..., QuerySet], numbers: tuple[str, ...]):
        self.build = build
        self.numbers = tuple(numbers)
        self._compiled: dict = {}
        self._lock = threading.Lock()

    def rows(self, shape: dict | None = None, **numbers: int) -> list[tuple]:
        if set(numbers) != set(self.numbers):
            raise TypeError(f"expected the numbers {sorted(self.numbers)}, got {sorted(numbers)}")
        shape = shape or {}
        alias, sql, slots, converters = self._prepare(shape)
        params = [numbers[name] if name is not None else value for name, value in slots]
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:  # what the ORM does to values coming out of the database, if anything
            rows = [list(row) for row in rows]
            for row in rows:
                for pos, (functions, expression) in converters:
                    for function in functions:
                        row[pos] = function(row[pos], expression, connection)
            rows = [tuple(row) for row in rows]
        return rows

    def _prepare(self, shape: dict):
        cache_key: Hashable = tuple(sorted(shape.items()))
        compiled = self._compiled.get(cache_key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(cache_key) or self._compile(shape)
                self._compiled[cache_key] = compiled
        return compiled

    def _compile(self, shape: dict):
        sets = [{name: start + i * step for i, name in enumerate(self.numbers)} for start, step in _PLACEHOLDERS]
        (alias, sql, params, converters), (_alias, other_sql, other_params, _converters) = (
            self._compile_with(placeholders, shape) for placeholders in sets
        )
        if sql != other_sql or len(params) != len(other_params):
            raise ValueError("The SQL depends on the values of the numbers; make them part of the shape.")
        first, second = ({value: name for name, value in placeholders.items()} for placeholders in sets)
        slots = []
        for value, other in zip(params, other_params, strict=True):
            name = first.get(value) if type(value) is int else None
            if name is not None and type(other) is int and second.get(other) == name:
                slots.append((name, None))  # a number, substituted on each run
            elif value == other:
                slots.append((None, value))  # a constant of the shape
            else:
                raise ValueError(f"A parameter of the SQL ({value!r}) is derived from a number; pass it as one.")
        missing = set(self.numbers) - {name for name, _value in slots}
        if missing:
            raise ValueError(f"The numbers {sorted(missing)} did not reach the SQL parameters unchanged.")
        return alias, sql, tuple(slots), converters

    def _compile_with(self, placeholders: dict, shape: dict):
        qs = self.build(**shape, **placeholders)
        if qs._iterable_class is not ValuesListIterable:
            raise ValueError("A prepared query must be a non-flat values_list() queryset.")
        query = qs.query
        columns = [*query.extra_select, *query.values_select, *query.annotation_select]
        wanted = [*qs._fields, *(a for a in query.annotation_select if a not in qs._fields)]
        if columns != wanted:
            raise ValueError(f"The SQL yields the columns {columns}, not {wanted} in that order.")
        compiler = query.get_compiler(qs.db)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([col for col, _sql, _alias in compiler.select[: compiler.col_count]])
        return qs.db, sql, tuple(params), tuple(converters.items())
