"""History rows of rows just written in bulk, copied by the database.

`simple_history.utils.bulk_create_with_history` builds one historical model instance per row in
Python and inserts them: for a 500-row upload that was a third of the save (500 instances
built and their values prepared). ``copy_to_history`` writes the same rows with one
``INSERT … SELECT`` per batch from the rows as stored: the tracked columns as they are, the
history date, type, user and an empty change reason.

The columns are read from the historical model's ``_meta``: every concrete field except the
history's own (``history_id``, ``history_date``, ``history_change_reason``, ``history_type``,
``history_user``) is a column of the tracked model. A historical model with anything else
(extra fields, a history relation) is refused, so a change of django-simple-history's
configuration cannot write incomplete rows silently.
"""

import functools
from collections.abc import Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone
from simple_history import manager, models


class HistoryManager(manager.HistoryManager):
    """django-simple-history's manager of a model's `history`, its class built once.

    Its descriptor builds the manager's class anew on each read of `instance.history`
    (`Manager.from_queryset`: a new class and an `inspect.getmembers` of the queryset class,
    about 1 ms), and every save reads it once to write its history row: 3 % of the test
    suite's time, and of each save in production. The class built for a queryset class is the
    same every time, so it is kept."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


class HistoricalRecords(models.HistoricalRecords):
    """`simple_history.models.HistoricalRecords` with the manager above: the one every model
    of the project declares its history with."""

    def __init__(self, *args, history_manager=HistoryManager, **kwargs):
        super().__init__(*args, history_manager=history_manager, **kwargs)


HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
BATCH = 500  # ids (or rows) per statement
MAX_PARAMETERS = 30_000  # per statement: SQLite takes 32,766, PostgreSQL 65,535


def _columns(model) -> list[str]:
    history_model = model.history.model
    own = {f.name: f.column for f in model._meta.concrete_fields}
    columns = []
    for f in history_model._meta.concrete_fields:
        if f.name in HISTORY_FIELDS:
            continue
        if own.get(f.name) != f.column:
            raise ImproperlyConfigured(f"{history_model.__name__}.{f.name} is not a column of {model.__name__}")
        columns.append(f.column)
    missing = HISTORY_FIELDS - {f.name for f in history_model._meta.concrete_fields}
    if missing:
        raise ImproperlyConfigured(f"{history_model.__name__} has no {', '.join(sorted(missing))}")
    return columns


def copy_to_history(model, pks: Sequence[int], *, history_type: str, user=None, instance=None) -> None:
    """One history row (``history_type`` "+" created, "~" changed) for each row of `model`
    whose primary key is in `pks`, as stored now. `user` names who made the change; without
    one, the request's user as django-simple-history finds it (``get_default_history_user``,
    given `instance`, one of the rows). Call it in the writing transaction, after the write."""
    if not pks:
        return
    history_model = model.history.model
    if user is None:
        user = history_model.get_default_history_user(instance)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _columns(model))
    now = timezone.now()
    with connection.cursor() as cursor:
        for start in range(0, len(pks), BATCH):
            batch = list(pks[start : start + BATCH])
            cursor.execute(
                f"INSERT INTO {quote(history_model._meta.db_table)} ({columns}, {quote('history_date')}, "  # noqa: S608 - names from _meta
                f"{quote('history_change_reason')}, {quote('history_type')}, {quote('history_user_id')}) "
                f"SELECT {columns}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(batch))})",
                [now, "", history_type, getattr(user, "pk", None), *batch],
            )


def _plain(value) -> bool:
    """A value every backend takes as it is for its field: None, text, a whole number (not a
    bool, which a BooleanField prepares)."""
    return value is None or type(value) in (str, int)


def insert_with_history(model, rows: Sequence[dict], *, user=None) -> list[int]:
    """Insert `rows` of `model` (each a dict of field names, foreign keys by their `…_id`
    attribute) with one INSERT per batch, then their "+" history rows (``copy_to_history``);
    returns the new primary keys, in no particular order.

    What `QuerySet.bulk_create` does, without its model instances and its preparation of every
    value through its field (for 500 records, 14 fields each: 13 ms of a 55 ms save). A field a
    row leaves out takes its default, computed once; a value that is not None, text or a whole
    number (a date, a decimal, a bool) is still prepared by its field. As with `bulk_create`,
    no `save()` and no signal runs: text is normalised by the caller (the rows' own
    constructors), and a field filled by `save()` (`auto_now`, `auto_now_add`) must be given.
    Call it in the writing transaction."""
    if not rows:
        return []
    meta = model._meta
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    given = set().union(*(row.keys() for row in rows))
    names = {f.attname for f in fields}
    unknown = given - names
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            if f.attname not in given:
                raise ValueError(f"{model.__name__}.{f.name} is filled by save(): give it")
        elif any(f.attname not in row for row in rows):
            defaults[f.attname] = f.get_db_prep_save(f.get_default(), connection)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, min(BATCH, MAX_PARAMETERS // len(fields)))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            params = []
            for row in batch:
                for f in fields:
                    if f.attname in row:
                        value = row[f.attname]
                        params.append(value if _plain(value) else f.get_db_prep_save(value, connection))
                    else:
                        params.append(defaults[f.attname])
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([placeholders] * len(batch))} "  # noqa: S608 - names from _meta
                f"RETURNING {quote(meta.pk.column)}",
                params,
            )
            ids.extend(pk for (pk,) in cursor.fetchall())
    copy_to_history(model, ids, history_type="+", user=user)
    return ids
