import os

import pytest

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
