"""One backup of database and media (scripts/backup) restores consistently (scripts/restore):
every stored file name has its file, checked by `manage.py check_media`. Runs on SQLite, in the
SQLite pass (marker `own_sqlite`); the PostgreSQL path of the same scripts is run by test_backup.py."""

import os
import shutil
import sqlite3
from contextlib import closing

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from blocs.models import BlocRegulation
from tests.factories import BlocFactory
from tests.production.scripts import ROOT, run

BASH = shutil.which("bash") or "/bin/bash"

CREATE_ROWS = """
from django.core.files.base import ContentFile
from blocs.models import Bloc, BlocRegulation, Province
p = Province.objects.create(name="Tỉnh Thử", code="tinh-thu")
b = Bloc.objects.create(province=p, name="Khối thử")
for n in range(3):
    r = BlocRegulation(bloc=b, year=2022 + n, number=f"{n}/QĐ", title="Quy chế")
    r.file.save(f"quy-che-{n}.pdf", ContentFile(b"%PDF-1.4 " + bytes([n])), save=True)
"""


def _env(tmp_path, name):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / name / 'db.sqlite3'}", MEDIA_ROOT=str(tmp_path / name / "media"))
    (tmp_path / name).mkdir()
    return env


@pytest.mark.own_sqlite
def test_backup_and_restore_keep_every_file(tmp_path, migrated_sqlite):
    py = str(ROOT / ".venv" / "bin" / "python")
    source = _env(tmp_path, "source")
    migrated_sqlite(tmp_path / "source" / "db.sqlite3")
    run([py, "manage.py", "shell", "-c", CREATE_ROWS], source)
    out = run([BASH, "scripts/backup", str(tmp_path / "backups")], source).stdout
    assert "backup: OK" in out
    (folder,) = (tmp_path / "backups").iterdir()
    assert (folder / "database.sqlite3").exists()
    assert len(list((folder / "media").rglob("*.pdf"))) == 3

    target = _env(tmp_path, "target")
    result = run([BASH, "scripts/restore", str(folder)], target)
    assert "check_media: OK, 3 stored files present" in result.stdout
    assert "restore: OK" in result.stdout

    # A restore that lost a file is caught.
    lost = _env(tmp_path, "lost")
    next((folder / "media").rglob("quy-che-1*.pdf")).unlink()
    (folder / "SHA256SUMS").write_text(
        "".join(line for line in (folder / "SHA256SUMS").read_text().splitlines(True) if "quy-che-1" not in line)
    )
    result = run([BASH, "scripts/restore", str(folder)], lost, check=False)
    assert result.returncode == 1
    assert "missing blocs.BlocRegulation#" in result.stderr
    assert "1 of 3 stored files are missing" in result.stderr


@pytest.mark.own_sqlite
def test_restore_refuses_a_damaged_backup(tmp_path):
    source = _env(tmp_path, "source")
    # The checksums are checked before anything is read, so any SQLite database will do.
    with closing(sqlite3.connect(tmp_path / "source" / "db.sqlite3")) as db:
        db.execute("CREATE TABLE t (x)")
    run([BASH, "scripts/backup", str(tmp_path / "backups")], source)
    (folder,) = (tmp_path / "backups").iterdir()
    (folder / "database.sqlite3").write_bytes(b"damaged")
    result = run([BASH, "scripts/restore", str(folder)], _env(tmp_path, "target"), check=False)
    assert result.returncode == 1
    assert "checksums differ" in result.stderr


@pytest.mark.django_db
def test_check_media_lists_a_missing_file():
    regulation = BlocRegulation(bloc=BlocFactory(), year=2022, number="1/QĐ", title="Quy chế")
    regulation.file.save("quy-che.pdf", ContentFile(b"%PDF-1.4"), save=True)
    call_command("check_media", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit
    regulation.file.storage.delete(regulation.file.name)
    with pytest.raises(CommandError, match="1 of 1 stored files are missing"):
        call_command("check_media", stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))  # noqa: SIM115
