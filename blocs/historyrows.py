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
BATCH = 500  # ids per statement (SQLite's limit on parameters is far above it)


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
