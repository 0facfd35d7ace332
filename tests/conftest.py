"""Fixtures shared by every test folder: the personas of DESIGN.md §5 around one contract."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from actors.enums import MembershipRole, OrganisationKind
from tests.actions.factories import ActionFactory
from tests.actors.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.clock import NOW
from tests.contracts.factories import (
    AxisFactory,
    ContractFactory,
    CoordinatorAssignmentFactory,
    SignatoryFactory,
)


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Every test starts at the same moment, `tests.clock.NOW` (see there why)."""
    time_machine.move_to(NOW, tick=True)
    return time_machine


@pytest.fixture(autouse=True)
def _cache_cleared():
    # Counters kept in the cache (API budgets, failed logins per address) start from zero.
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded and generated files of a test never land in the project's folders.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    """One contract with a person in each role, and a contract of another région.

    - `agent`: ARS staff of the contract's région; `other_agent`: ARS staff of another région;
    - `coordinator`: current coordinator; `lead`: lead of `lead_action`;
    - `reader`: member of the collectivité that signed; `admin`: national administrator.
    """
    contract = ContractFactory(title="CLS de Belle-Île-en-Mer", territory__name="Belle-Île-en-Mer")
    other_contract = ContractFactory(title="CLS du Pays de Craon", territory__name="Pays de Craon")
    collectivite = OrganisationFactory(kind=OrganisationKind.EPCI, name="CC de Belle-Île-en-Mer")
    SignatoryFactory(contract=contract, organisation=collectivite)
    axis = AxisFactory(contract=contract, number=1)

    agent, other_agent, coordinator, lead, reader = (UserFactory() for _ in range(5))
    MembershipFactory(user=agent, organisation=contract.ars, role=MembershipRole.ARS_STAFF)
    MembershipFactory(
        user=other_agent, organisation=other_contract.ars, role=MembershipRole.ARS_STAFF
    )
    MembershipFactory(user=reader, organisation=collectivite, role=MembershipRole.MEMBER)
    CoordinatorAssignmentFactory(contract=contract, person=PersonFactory(user=coordinator))
    lead_action = ActionFactory(axis=axis, number="1.1", lead_person=PersonFactory(user=lead))
    return SimpleNamespace(
        contract=contract,
        other_contract=other_contract,
        axis=axis,
        lead_action=lead_action,
        collectivite=collectivite,
        agent=agent,
        other_agent=other_agent,
        coordinator=coordinator,
        lead=lead,
        reader=reader,
        admin=UserFactory(national_admin=True),
    )
