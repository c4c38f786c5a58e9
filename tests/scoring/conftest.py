"""The rows of the scoring tests, built once per test module (and per pytest-xdist worker), as
Django's `TestCase.setUpTestData` does for a class.

They come in layers, each built on the ones before it: the world (`world`), its 2022 scoring
table (`t`), and whatever a module adds in `MODULE_LAYERS` (tests/scoring/test_history.py: the
recorded history, `hist`). The world is built in the module's transaction
(`rows_for_the_module`), each further layer in a savepoint inside it, and they stay until the
module's last test ends. Just before pytest-django opens a test's own transaction, the layers
the test asks for (the last of them and those below it) are made present and no others: layers
above are rolled back, missing ones are built. So a test that asks only for `world` never sees
the table, and one that asks for no layer sees none of these rows. A module's tests run ordered
by the layers they ask for, so that each layer is built once per module; in another order
(`--ff`, say) the layers are rolled back and built again as needed.

Each test gets deep copies of the layers' objects, so a test may change them; its writes are
rolled back with its transaction, as usual. Not for transactional tests: no layer is present
while one runs."""

import copy
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
from django.db import transaction

from tests.conftest import _django_phase, rows_for_the_module
from tests.scoring.factories import build_table, build_world


class Layer(NamedTuple):
    name: str  # the fixture that returns its object
    build: Callable[[dict], object]  # given the objects of the layers below it, by name


LAYERS = (
    Layer("world", lambda below: build_world()),
    Layer("t", lambda below: build_table(below["world"].bloc)),
)


def _layers(module) -> tuple[Layer, ...]:
    """The layers of a test module: ours, then its `MODULE_LAYERS` ((name, build) pairs)."""
    return LAYERS + tuple(Layer(*layer) for layer in getattr(module, "MODULE_LAYERS", ()))


def _level(item) -> int:
    """How many layers the test needs: up to the last one it asks for; none for a
    transactional test."""
    if _django_phase(item) == 1:
        return 0
    names = item.fixturenames
    return max((i + 1 for i, layer in enumerate(_layers(item.module)) if layer.name in names), default=0)


@contextmanager
def _savepoint():
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


class ModuleRows:
    """The layers of one module's rows: `objects` holds the objects of those present."""

    def __init__(self, layers, django_db_blocker, media):
        self.layers, self.blocker, self.media = layers, django_db_blocker, media
        self.objects: dict[str, object] = {}
        self._open: list[ExitStack] = []  # one per present layer, the lowest first

    def prepare(self, level: int) -> None:
        while len(self._open) > level:
            self._open.pop().close()  # rolled back
            del self.objects[self.layers[len(self._open)].name]
        while len(self._open) < level:
            layer = self.layers[len(self._open)]
            with ExitStack() as stack:
                if self._open:
                    stack.enter_context(self.blocker.unblock())
                    stack.enter_context(_savepoint())
                else:
                    stack.enter_context(rows_for_the_module(self.blocker, self.media))
                self.objects[layer.name] = layer.build(self.objects)
                self._open.append(stack.pop_all())  # a failed build is rolled back at once


_present: ModuleRows | None = None  # the rows of the module being run


@pytest.fixture(scope="module")
def _rows(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The module's layers, none present yet; all are rolled back after its last test."""
    global _present
    _present = ModuleRows(_layers(request.module), django_db_blocker, tmp_path_factory.mktemp("scoring-media"))
    try:
        yield _present
    finally:
        _present.prepare(0)
        _present = None


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(fixturedef, request):
    """The module's layers as the test needs them, before its transaction is opened: set up
    before the test's other fixtures, pytest-django's autouse `_django_db_marker` opens it (for a
    test marked `django_db`), or else a later fixture (`db`)."""
    if fixturedef.argname == "_django_db_marker" and _present is not None:
        _present.prepare(_level(request.node))


def pytest_collection_modifyitems(items):
    """The tests of each scoring module ordered by the layers they need (a stable sort within
    each run of one module's tests), so that each layer is built once per module."""
    here = Path(__file__).parent
    start = 0
    while start < len(items):
        end = start + 1
        while end < len(items) and items[end].path == items[start].path:
            end += 1
        if items[start].path.is_relative_to(here):
            items[start:end] = sorted(items[start:end], key=_level)
        start = end


@pytest.fixture
def _objects(request, _rows, db, settings):
    """Deep copies of the present layers' objects (copied together: an object shared by two
    layers stays one object). Files the layers store are in the module's media folder."""
    missing = [x.name for x in _rows.layers if x.name in request.fixturenames and x.name not in _rows.objects]
    if missing:
        pytest.fail(f"the module's rows {missing} are not present (never for a transactional test)")
    settings.MEDIA_ROOT = _rows.media
    return copy.deepcopy(_rows.objects)


@pytest.fixture
def world(_objects):
    """The bloc of Đồng Tháp with members A, B and C (A leads in 2022, B in 2023), agency D
    outside it, and the users (tests/scoring/factories.py: `build_world`)."""
    return _objects["world"]


@pytest.fixture
def t(_objects):
    """The 2022 scoring table of the world's bloc (method: scored by the leader)."""
    return _objects["t"]
