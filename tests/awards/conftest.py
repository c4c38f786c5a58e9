import copy
import shutil
from pathlib import Path

import pytest

from blocs import services as bloc_services
from tests.awards.factories import period
from tests.conftest import rows_for_the_module
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer

HERE = Path(__file__).parent
_modules_with_world = set()  # the modules whose world's transaction is open


def pytest_collection_modifyitems(items):
    """In each module of this folder the tests without `world` run first: from the first test
    with it to the module's last test, the world's rows are in the database (`_world`), and a
    test without it expects none of them. Otherwise the order is kept."""
    places = {}
    for i, item in enumerate(items):
        if item.path.is_relative_to(HERE):
            places.setdefault(item.path, []).append(i)
    for indices in places.values():
        ordered = sorted((items[i] for i in indices), key=lambda item: "world" in getattr(item, "fixturenames", ()))
        for i, item in zip(indices, ordered, strict=True):
            items[i] = item


@pytest.fixture(scope="module")
def _world(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The world is built once per test module (and per pytest-xdist worker) and rolled back at
    the end; each test's writes are rolled back as usual. No test of tests/awards commits: a
    test that does (`transactional_db`, `live_server`) must not run while the world's
    transaction is open, so its module must not use this `world`."""
    media = tmp_path_factory.mktemp("awards-media")
    with rows_for_the_module(django_db_blocker, media):
        _modules_with_world.add(request.module)
        try:
            yield media, build_world()
        finally:
            _modules_with_world.discard(request.module)


@pytest.fixture(autouse=True)
def _world_rows_only_where_asked(request):
    """While its module's world is open (its rows in a transaction rolled back after the
    module's last test), a test without `world` would see the world's rows, and a test that
    commits would commit inside that transaction: either fails here. The order above runs the
    tests without `world` first; no test of this folder commits."""
    if request.module not in _modules_with_world:
        return
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (marker and marker.kwargs.get("transaction")):
        pytest.fail("a test that commits runs while its module's world is open: keep it out of tests/awards")
    if "world" not in request.fixturenames:
        pytest.fail("this test runs after its module's world was built: the world's rows are in the database")


@pytest.fixture
def world(_world, db, settings):
    """A province with two blocs in 2022, an open H1 2022 period, and one user of each kind.

    Bloc 1: A0 leader, A1 deputy, A2 member. Bloc 2: A3 leader, A4 member."""
    media, rows = _world
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)  # files the world stored, if any
    return copy.deepcopy(rows)  # as TestCase.setUpTestData: a test may change its objects


def build_world():
    province = ProvinceFactory(name="Bắc Giang", code="bg-test")
    other_province = ProvinceFactory(name="Bắc Kạn", code="bk-test")
    agencies = [AgencyFactory(province=province, name=f"Cơ quan {c}") for c in "ABCDE"]
    bloc1 = BlocFactory(province=province, name="Khối Nội chính", number=1)
    bloc2 = BlocFactory(province=province, name="Khối Kinh tế", number=2)
    bloc_services.set_roster(bloc=bloc1, year=2022, agencies=agencies[:3], leader=agencies[0], deputies=[agencies[1]])
    bloc_services.set_roster(bloc=bloc2, year=2022, agencies=agencies[3:], leader=agencies[3])
    ha = home_affairs(province)
    return {
        "province": province,
        "other_province": other_province,
        "agencies": agencies,
        "bloc1": bloc1,
        "bloc2": bloc2,
        "period": period(province, actor=ha),
        "ha": ha,
        "ha_other": home_affairs(other_province),
        "officer": officer(agencies[2], email="a2@example.vn"),
        "officer_same_bloc": officer(agencies[1]),
        "leader_officer": officer(agencies[0]),
        "officer_other_bloc": officer(agencies[4]),
        "officer_other_province": officer(AgencyFactory(province=other_province)),
        "admin": admin_user(),
    }
