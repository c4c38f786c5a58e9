"""One version of everything the reports read, and the cache of finished report rows under it.

A report page (the bloc report, the province roll-up, the completeness board) is computed from
rows of every app: rosters, periods, submissions, award records, conferences, scoring tables,
dossiers, document metadata. Its finished rows are kept in the ``reports`` cache under the
*data version*, a random token in one database row (``DataVersion``) that every write of that
data replaces, in the same transaction:

- each save or delete of a model of the data apps replaces it (``post_save``, ``post_delete``,
  connected in ``BlocsConfig.ready``), except the login time of a user and the history rows
  that accompany the change (the data models have no many-to-many fields);
- a write that sends no signal (``bulk_create``, ``bulk_update``, ``QuerySet.update``, raw SQL)
  calls ``bump()`` itself, next to the write.

So a page computed after a write never reads rows cached before it. The token is random rather
than a counter: a rolled-back write restores the previous token, and a counter would hand the
same number to different data. A reader reads the token before the data, so rows cached under
a token are never older than that token.

Replacing the token locks its row until the writing transaction commits, so writes of the data
apps follow one another; they are short, and a province's writes are few.
"""

import gc
import hashlib
import uuid
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.apps import apps
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation
from simple_history.models import HistoricalChanges

# The apps whose rows the reports read. `api` (its tokens) and the framework's apps are not.
DATA_APPS = ("blocs", "awards", "conferences", "scoring", "proposals", "reports")
CACHE_ALIAS = "reports"
TIMEOUT = 6 * 60 * 60  # entries of an old token are never read again; they age out

T = TypeVar("T")


def _new_token() -> str:
    return uuid.uuid4().hex


def _model():
    # By name: `blocs.models` imports `blocs.names`, which bumps the version.
    return apps.get_model("blocs", "DataVersion")


def bump() -> None:
    """Replace the data version, in the caller's transaction. Call it after a write that sends
    no model signal (bulk writes, ``QuerySet.update``, raw SQL)."""
    model, token = _model(), _new_token()
    if not model.objects.filter(pk=model.SINGLETON).update(token=token):
        model.objects.update_or_create(pk=model.SINGLETON, defaults={"token": token})


def current() -> str | None:
    """The data version now, or None when there is none yet (an emptied database)."""
    model = _model()
    return model.objects.filter(pk=model.SINGLETON).values_list("token", flat=True).first()


def cached(name: str, parts: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``'s result, kept in the ``reports`` cache under the data version, the active
    language (labels are translated while rows are built), today's date (deadlines count down)
    and ``parts``: everything else the result depends on (ids, year, period kind, filters, the
    viewer's class). One query (the version) when the rows are cached. The caller gets its own
    copy: changing it changes nothing cached."""
    token = current()
    if token is None:
        return compute()
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    key = f"{name}:{token}:{translation.get_language() or ''}:{timezone.localdate().isoformat()}:{digest}"
    cache = caches[CACHE_ALIAS]
    # Unpickling a board creates some 10,000 objects, enough to run the cyclic garbage collector
    # several times over the whole heap: 60 % of the read. None of them is garbage yet.
    gc.disable()
    try:
        value = cache.get(key)
    finally:
        gc.enable()
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)  # pickled now: later changes to `value` stay out
    return value


# --- what replaces the version -----------------------------------------------------------------


def _saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login: nothing a report reads
    bump()


def _deleted(sender, instance, **kwargs):
    bump()


def data_models():
    """The models whose writes replace the version."""
    version_model = _model()
    for label in DATA_APPS:
        for model in apps.get_app_config(label).get_models():
            # django-simple-history's rows are written with the change they record.
            if model is not version_model and not issubclass(model, HistoricalChanges):
                yield model


def connect() -> None:
    """Called once from ``BlocsConfig.ready``."""
    for model in data_models():
        uid = f"dataversion:{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid + ":delete")
