import os
from pathlib import Path

import pytest
from django.db import connections

from tests import testdb
from tests.production import scripts
from tests.production.scripts import ROOT

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: needs DATABASE_URL to point at PostgreSQL; skipped otherwise")
    config.addinivalue_line(
        "markers",
        "own_sqlite: runs a script in a subprocess against its own SQLite database, whatever DATABASE_URL "
        "says; skipped in the PostgreSQL pass, where it would repeat the SQLite pass exactly",
    )


def pytest_collection_modifyitems(config, items):
    if ON_POSTGRES:
        skip, marker = pytest.mark.skip(reason="runs on its own SQLite database: done in the SQLite pass"), "own_sqlite"
    else:
        skip, marker = pytest.mark.skip(reason="needs DATABASE_URL=postgres://... (PostgreSQL)"), "postgres"
    for item in items:
        if marker in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def migrated_sqlite(request, django_db_blocker):
    """`migrated_sqlite(path)` leaves a SQLite database at `path` as `manage.py migrate` does on
    a first start. Under pytest-xdist it copies the pass's test template, migrated once by the
    same migrations (`tests/testdb.py`); otherwise it runs `migrate` in a subprocess."""
    workerinput = getattr(request.config, "workerinput", {})

    def make(path: Path) -> None:
        if "testdb_folder" in workerinput and connections["default"].vendor == "sqlite":
            with django_db_blocker.unblock():
                testdb.copy_sqlite_template(Path(workerinput["testdb_folder"]), path)
            return
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env["DATABASE_URL"] = f"sqlite:///{path}"
        scripts.run([str(ROOT / ".venv" / "bin" / "python"), "manage.py", "migrate", "--noinput", "-v0"], env)

    return make
