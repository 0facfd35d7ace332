"""Personas beyond the shared `world`: the coordinator of another contract."""

import pytest

from tests.actors.factories import PersonFactory, UserFactory
from tests.contracts.factories import CoordinatorAssignmentFactory


@pytest.fixture
def other_coordinator(world):
    """The current coordinator of `world.other_contract`, a stranger to `world.contract`."""
    user = UserFactory()
    CoordinatorAssignmentFactory(contract=world.other_contract, person=PersonFactory(user=user))
    return user
