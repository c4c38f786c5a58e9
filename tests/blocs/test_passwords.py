"""Passwords are stored with Argon2id (blocs/passwords.py); hashes made before (PBKDF2, or
Argon2 with other parameters) still log in and are re-hashed with Argon2id at that login.
The suite itself hashes with MD5 for speed, so these tests switch to the production list."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher, check_password, make_password
from django.urls import reverse

from blocs import passwords
from tests.factories import PASSWORD, ProvinceFactory, home_affairs

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent
ARGON2ID_PREFIX = (
    f"argon2$argon2id$v=19$m={passwords.MEMORY_COST_KIB},t={passwords.TIME_COST},p={passwords.PARALLELISM}$"
)


@pytest.fixture
def production_hashers(settings):
    # The test settings put the fast MD5 hasher in front of the production list.
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.MD5PasswordHasher"
    settings.PASSWORD_HASHERS = settings.PASSWORD_HASHERS[1:]
    return settings.PASSWORD_HASHERS


def _user_with_hash(encoded):
    user = home_affairs(ProvinceFactory(), username="snv.bacgiang")
    user.password = encoded
    user.save(update_fields=["password"])
    return user


def _login(client, password=PASSWORD):
    return client.post(reverse("login"), {"username": "snv.bacgiang", "password": password})


def test_production_hashers_put_argon2id_first(production_hashers):
    assert production_hashers[0] == "blocs.passwords.Argon2idHasher"
    encoded = make_password("mật-khẩu-đủ-dài-2026")
    assert encoded.startswith(ARGON2ID_PREFIX)
    assert check_password("mật-khẩu-đủ-dài-2026", encoded)
    assert not check_password("mat-khau-khac", encoded)


def test_settings_without_testing_use_argon2id_first(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "TESTING": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "blocs.passwords.Argon2idHasher"


def test_pbkdf2_hash_is_upgraded_to_argon2id_at_login(client, production_hashers):
    user = _user_with_hash(PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt()))
    assert user.password.startswith("pbkdf2_sha256$")
    assert _login(client).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith(ARGON2ID_PREFIX)
    assert check_password(PASSWORD, user.password)


def test_argon2_hash_with_other_parameters_is_rehashed_at_login(client, production_hashers):
    old = Argon2PasswordHasher()  # Django's defaults: 100 MiB, 8 lanes
    user = _user_with_hash(old.encode(PASSWORD, old.salt()))
    assert not user.password.startswith(ARGON2ID_PREFIX)
    assert _login(client).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith(ARGON2ID_PREFIX)


def test_wrong_password_leaves_the_old_hash(client, production_hashers):
    encoded = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user = _user_with_hash(encoded)
    assert _login(client, "sai-mat-khau").status_code == 200
    user.refresh_from_db()
    assert user.password == encoded
