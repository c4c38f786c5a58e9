"""Backup and restore round trip with pg_dump -Fc / pg_restore (scripts/backup_roundtrip.sh):
every table identical after the restore. PostgreSQL only (skipped on SQLite)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
BASH = shutil.which("bash") or "/bin/bash"
# One worker runs both: they share the scratch databases named after DATABASE_URL.
pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("backup")]


def _roundtrip(**extra):
    env = {**os.environ, **extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603 - the project's own script
        [BASH, "scripts/backup_roundtrip.sh"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_backup_restore_round_trip_keeps_every_row():
    result = _roundtrip()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "backup_roundtrip: OK" in result.stdout
    assert "rows identical (counts and contents), sequences identical" in result.stdout


def test_backup_round_trip_detects_a_lost_row():
    result = _roundtrip(BACKUP_ROUNDTRIP_SELFTEST="1")
    assert result.returncode == 1
    assert "-table blocs_membership rows=" in result.stdout
    assert "the restored database differs" in result.stderr
