import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from api import services
from blocs.models import Bloc, Province, User
from tests.conftest import rows_for_the_module

BAC_GIANG_BLOC = "Khối thi đua các cơ quan Nội chính tỉnh Bắc Giang"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The throttle counts in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data is loaded once per module (and per pytest-xdist worker) and rolled back at
    the end; each test's own writes (its tokens) are rolled back as usual. Not for a transactional
    test: tests/api/test_fuzz.py loads the demo itself (`demo_data`)."""
    media = tmp_path_factory.mktemp("api-demo-media")
    with rows_for_the_module(django_db_blocker, media), open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
        yield media


@pytest.fixture
def demo(_demo, db, settings):
    """The demo data; tests read it from the database (`bac_giang`, `bac_giang_bloc` and `admin`
    read their objects afresh for each test)."""
    settings.MEDIA_ROOT = _demo


@pytest.fixture
def bac_giang(demo):
    return Province.objects.get(name="Bắc Giang")


@pytest.fixture
def bac_giang_bloc(demo):
    return Bloc.objects.get(name=BAC_GIANG_BLOC)


@pytest.fixture
def admin(demo):
    return User.objects.get(username="admin")


def token_client(province, *, by=None) -> tuple[Client, object]:
    """A client sending a new token of `province` (None: national)."""
    user = by or User.objects.filter(role=User.Role.ADMIN).first() or User.objects.filter(is_superuser=True).first()
    new = services.create_token(name="Cổng thông tin", province=province, user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {new.key}"), new.token


@pytest.fixture
def bg_client(bac_giang, admin):
    client, _token = token_client(bac_giang, by=admin)
    return client
