"""Backup and restore round trip with pg_dump -Fc / pg_restore (scripts/backup_roundtrip.sh):
every table identical after the restore, and a row lost from the restored copy found (one run
of the script does both). PostgreSQL only (skipped on SQLite)."""

import os
import shutil

import pytest

from tests.production.scripts import run

BASH = shutil.which("bash") or "/bin/bash"
# One worker at a time: the scratch databases are named after DATABASE_URL.
pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("backup")]


def test_backup_restore_round_trip_keeps_every_row_and_would_find_a_lost_one():
    env = {**os.environ}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = run([BASH, "scripts/backup_roundtrip.sh"], env)
    assert "rows identical (counts and contents), sequences identical" in result.stdout
    # The self-test that follows: the row it deleted from the restored copy is found.
    assert "-table blocs_membership rows=" in result.stdout
    assert result.stdout.rstrip().endswith("backup_roundtrip: OK")
