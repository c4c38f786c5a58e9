"""The test database a worker copies (tests/testdb.py) is the migrated schema with the data the
migrations seed, and each worker has its own."""

import os
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from awards.models import AwardForm

pytestmark = pytest.mark.django_db


def test_every_migration_is_applied_and_the_seeded_rows_are_there():
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert AwardForm.objects.exists()  # awards 0002 seeds the catalogue


def test_each_worker_has_a_database_of_its_own(request):
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        pytest.skip("a run without pytest-xdist workers")
    # copied from the template the controller migrated, on SQLite and on the suite's PostgreSQL backend
    folder = Path(request.config.workerinput["testdb_folder"])
    assert (folder / "testdb.ready").exists()
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        assert connection.creation.is_in_memory_db(name)
    else:
        assert name.endswith(f"_{worker}")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            assert cursor.fetchone()[0] == name
