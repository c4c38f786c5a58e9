import pytest

from tests.proposals.factories import proposal_world


@pytest.fixture
def world(db):
    return proposal_world()
