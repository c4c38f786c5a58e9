import pytest

from tests.scoring.factories import build_table, build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def t(world):
    """The 2022 scoring table of the world's bloc (method: scored by the leader)."""
    return build_table(world.bloc)
