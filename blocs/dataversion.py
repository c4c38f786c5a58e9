"""The version of everything the reports read, and the cache of finished report rows under it.

A report page (the bloc report, the province roll-up, the completeness board) is computed from
rows of every app: rosters, periods, submissions, award records, conferences, scoring tables,
dossiers, document metadata. Its finished rows are kept in the ``reports`` cache under the
*data version*: the id and random nonce of the newest ``DataChange`` row. Every write of that
data adds such a row:

- each save or delete of a model of the data apps (``post_save``, ``post_delete``, connected in
  ``BlocsConfig.ready``), except the login time of a user and the history rows that accompany
  the change (the data models have no many-to-many fields);
- a write that sends no signal (``bulk_create``, ``bulk_update``, ``QuerySet.update``, raw SQL)
  calls ``bump()`` itself, next to the write.

``bump()`` adds a row twice: in the writing transaction (a read later in the same transaction,
and every test, sees the new version at once) and again just after the commit. The second row
is what makes the version move when transactions commit out of order: if a transaction that
took id 90 commits after one that took id 100, its own row does not change the newest id, the
row added after its commit does. A reader reads the version before the data, so rows cached
under a version are never older than it.

Only INSERTs: no transaction waits for another to change the version (a single version row
would be locked by each writer until it commits, and a writer holding it while waiting for a
row lock held by another writer waiting for it would deadlock). The nonce keeps an id that
SQLite hands out again after a rollback from naming different data. Rows older than the last
``KEEP`` are deleted now and then as new ones come.
"""

import functools
import gc
import hashlib
import threading
import uuid
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.apps import apps
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation
from simple_history.models import HistoricalChanges

# The apps whose rows the reports read. `api` (its tokens) and the framework's apps are not.
DATA_APPS = ("blocs", "awards", "conferences", "scoring", "proposals", "reports")
CACHE_ALIAS = "reports"
TIMEOUT = 6 * 60 * 60  # entries of an old version are never read again; they age out
KEEP = 1000  # change rows kept; only the newest matters

T = TypeVar("T")


def _model():
    # By name: `blocs.models` is imported before the apps are ready.
    return apps.get_model("blocs", "DataChange")


_local = threading.local()  # per thread, as Django's connections


def _add_change():
    return _model().objects.create(nonce=uuid.uuid4().hex)


def _after_commit(inside_id: int) -> None:
    # One row after a commit is enough: the callbacks of one commit run one after the other in
    # this thread, and a row added after `inside_id` was taken was added by one of them.
    if getattr(_local, "after_commit_id", 0) > inside_id:
        return
    change = _add_change()
    _local.after_commit_id = change.pk
    if change.pk % 50 < 2:  # now and then is enough (ids may go up by two: a row in, a row after)
        _model().objects.filter(pk__lte=change.pk - KEEP).delete()


def bump() -> None:
    """A new data version, in the caller's transaction and again after it commits. Call it
    after a write that sends no model signal (bulk writes, ``QuerySet.update``, raw SQL)."""
    change = _add_change()
    if transaction.get_connection().in_atomic_block:
        # the data is committed by then: never fail the request
        transaction.on_commit(functools.partial(_after_commit, change.pk), robust=True)


def current() -> str | None:
    """The data version now, or None when no change is recorded (an emptied database)."""
    newest = _model().objects.order_by("-pk").values_list("pk", "nonce")[:1]
    return next((f"{pk}.{nonce}" for pk, nonce in newest), None)


_CURRENT = object()


def cached(name: str, parts: tuple[Hashable, ...], compute: Callable[[], T], version=_CURRENT) -> T:
    """``compute()``'s result, kept in the ``reports`` cache under the data version, the active
    language (labels are translated while rows are built), today's date (deadlines count down)
    and ``parts``: everything else the result depends on (ids, year, period kind, filters, the
    viewer's class). One query (the version) when the rows are cached. The caller gets its own
    copy: changing it changes nothing cached.

    Something computed from another cached value passes that value's ``version`` (read once
    with ``current()``): read again, the version may have moved on in between, and the second
    value would be kept under a version newer than its data."""
    if version is _CURRENT:
        version = current()
    if version is None:
        return compute()
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    key = f"{name}:{version}:{translation.get_language() or ''}:{timezone.localdate().isoformat()}:{digest}"
    cache = caches[CACHE_ALIAS]
    # Unpickling a board creates some 10,000 objects, enough to run the cyclic garbage collector
    # several times over the whole heap: 60 % of the read. None of them is garbage yet.
    collecting = gc.isenabled()
    gc.disable()
    try:
        value = cache.get(key)
    finally:
        if collecting:  # as it was: a process that turned it off keeps it off
            gc.enable()
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)  # pickled now: later changes to `value` stay out
    return value


# --- what makes a new version --------------------------------------------------------------------


def _saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login: nothing a report reads
    bump()


def _deleted(sender, instance, **kwargs):
    bump()


def data_models():
    """The models whose writes make a new version."""
    change_model = _model()
    for label in DATA_APPS:
        for model in apps.get_app_config(label).get_models():
            # django-simple-history's rows are written with the change they record.
            if model is not change_model and not issubclass(model, HistoricalChanges):
                yield model


def connect() -> None:
    """Called once from ``BlocsConfig.ready``."""
    for model in data_models():
        uid = f"dataversion:{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid + ":delete")
