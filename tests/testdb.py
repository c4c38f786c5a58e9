"""The test database of a pytest-xdist worker: the migrations run once per pass, each worker copies
the result.

Each worker used to run every migration on a new database of its own: 8 to 10 s of a core each,
most of it Django rendering model states, the same work twice over on two cores. Now the
controller migrates a *template* in a thread while the workers start and collect (under a file
lock in a folder it gives the workers), and every worker copies it:

- SQLite: the template is a file; a worker's database stays in memory, filled with SQLite's
  backup API (a few milliseconds);
- PostgreSQL: ``CREATE DATABASE … TEMPLATE``, about a second; the controller drops the template
  when the run ends (``drop_postgresql_template``).

If the controller could not make it, the first worker that needs a database does. Each
worker's copy is still dropped by Django (``destroy_test_db``) when the worker ends. A run
without workers, or with pytest-django's own database options (``--reuse-db``, ``--create-db``,
``--nomigrations``), or with more than one database, sets the database up as pytest-django
does.
"""

import fcntl
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg2
from django.db import connections
from django.test.utils import setup_databases, teardown_databases


@contextmanager
def _locked(path: Path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def template_name(settings_dict) -> str:
    """The PostgreSQL template's name: the test database's name without a worker's suffix."""
    return f"test_{settings_dict['NAME']}_template"


def _maintenance(settings_dict):
    """A connection to the server's `postgres` database, for CREATE and DROP DATABASE."""
    connection = psycopg2.connect(
        dbname="postgres",
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"],
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
    )
    connection.autocommit = True
    return connection


def _build_template(connection, shared: Path, verbosity: int) -> None:
    """Migrate the template (as Django creates a test database, under another name)."""
    settings_dict = connection.settings_dict
    worker_name = settings_dict["TEST"].get("NAME")
    original = settings_dict["NAME"]
    if connection.vendor == "sqlite":
        settings_dict["TEST"]["NAME"] = str(shared / "template.sqlite3")
    else:
        settings_dict["TEST"]["NAME"] = template_name(settings_dict)
    try:
        connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
        connection.close()  # a PostgreSQL template must have no session open when it is copied
    finally:
        settings_dict["TEST"]["NAME"] = worker_name
        settings_dict["NAME"] = original


def _copy_template(connection, shared: Path) -> None:
    settings_dict = connection.settings_dict
    connection.close()
    if connection.vendor == "sqlite":
        # The name Django gives an in-memory test database; it stays open for the whole run.
        settings_dict["NAME"] = f"file:memorydb_{connection.alias}?mode=memory&cache=shared"
        connection.ensure_connection()
        source = sqlite3.connect(shared / "template.sqlite3")
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    name = settings_dict["TEST"]["NAME"]  # the worker's (pytest-django adds its suffix)
    maintenance = _maintenance(settings_dict)
    try:
        with maintenance.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            for attempt in range(20):  # the template's last session may take a moment to end
                try:
                    cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name(settings_dict)}"')
                    break
                except psycopg2.errors.ObjectInUse:
                    if attempt == 19:
                        raise
                    time.sleep(0.1)
    finally:
        maintenance.close()
    settings_dict["NAME"] = name
    connection.ensure_connection()


def use_shared_template(config) -> bool:
    """One database, SQLite or PostgreSQL, and none of pytest-django's database options."""
    options = config.option
    return (
        len(connections.settings) == 1
        and connections["default"].vendor in ("sqlite", "postgresql")  # (the suite's backend on PostgreSQL)
        and not getattr(options, "reuse_db", False)
        and not getattr(options, "create_db", False)
        and not getattr(options, "nomigrations", False)
    )


def prepare_template(shared: Path, verbosity: int) -> None:
    """Migrate the template unless it is there."""
    connection = connections["default"]
    with _locked(shared / "testdb.lock"):
        ready = shared / "testdb.ready"
        if not ready.exists():
            _build_template(connection, shared, verbosity)
            ready.write_text("migrated\n")


class ControllerTemplate:
    """The controller's side: a folder for the workers, the template migrated in a thread from
    the moment the first worker is configured (the workers start and collect meanwhile), and
    everything removed when the run ends."""

    def __init__(self, config):
        self.folder = Path(tempfile.mkdtemp(prefix="testdb-"))
        self.thread = threading.Thread(target=self._prepare, args=(config,), daemon=True)
        self.thread.start()

    def _prepare(self, config) -> None:
        from pytest_django.plugin import blocking_manager_key  # pytest-django's database switch

        try:
            with config.stash[blocking_manager_key].unblock():
                prepare_template(self.folder, verbosity=0)
        except Exception as exc:  # the first worker that needs a database makes it and reports why not
            print(f"The controller could not migrate the test template: {exc!r}", file=sys.stderr)
        finally:
            connections.close_all()

    def finish(self) -> None:
        self.thread.join()
        drop_postgresql_template()
        shutil.rmtree(self.folder, ignore_errors=True)


def copy_sqlite_template(shared: Path, destination: Path) -> None:
    """A database file as `manage.py migrate` leaves it, for the tests that start the project in
    a subprocess on a SQLite database of its own (`make serve`, the backup scripts): a copy of
    the pass's template instead of another `migrate` (8 to 9 s of a core each)."""
    prepare_template(shared, verbosity=0)
    with _locked(shared / "testdb.lock"):
        source, target = sqlite3.connect(shared / "template.sqlite3"), sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()


@contextmanager
def worker_database(shared: Path, verbosity: int):
    """This worker's test database, copied from the template (migrated by the controller, or by
    the first worker that gets here); dropped at the end as Django drops a test database."""
    connection = connections["default"]
    original = connection.settings_dict["NAME"]
    prepare_template(shared, verbosity)
    with _locked(shared / "testdb.lock"):
        _copy_template(connection, shared)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(original, verbosity=verbosity)


@contextmanager
def databases_as_pytest_django(verbosity: int, **kwargs):
    """What pytest-django's own fixture does."""
    config = setup_databases(verbosity=verbosity, interactive=False, **kwargs)
    try:
        yield
    finally:
        teardown_databases(config, verbosity=verbosity)


def drop_postgresql_template() -> None:
    """When every worker has ended, the template goes too."""
    if connections["default"].vendor != "postgresql":
        return
    settings_dict = connections["default"].settings_dict
    try:
        maintenance = _maintenance(settings_dict)
    except psycopg2.OperationalError:
        return  # no server: no template was made
    try:
        with maintenance.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{template_name(settings_dict)}"')
    finally:
        maintenance.close()
