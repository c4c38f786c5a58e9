import os

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: needs DATABASE_URL to point at PostgreSQL; skipped otherwise")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    skip = pytest.mark.skip(reason="needs DATABASE_URL=postgres://... (PostgreSQL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
