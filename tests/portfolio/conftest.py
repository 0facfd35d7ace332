"""Fixtures of the portfolio tests, and Bretagne drawn with its real codes (used by the browser
tests too)."""

import datetime
from types import SimpleNamespace

import pytest

from actors.enums import MembershipRole
from contracts.enums import ContractStatus
from tests.actors.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.contracts.factories import ContractFactory
from tests.territories.factories import (
    CommuneFactory,
    DepartementFactory,
    EpciFactory,
    RegionFactory,
    TerritoryFactory,
)


@pytest.fixture
def bretagne(db):
    return bretagne_with_every_situation()


def bretagne_with_every_situation() -> SimpleNamespace:
    """Bretagne with real codes, so that its shapes are drawn: one EPCI in each CLS situation
    and an island commune of no EPCI.

    Belle-Île has a contract in force, Morlaix one ending within six months, Douarnenez one in
    preparation; Quimper had one from 2015 to 2019 and has none now; Ouessant never had one.
    """
    region = RegionFactory(code="53", name="Bretagne")
    finistere = DepartementFactory(code="29", name="Finistère", region=region)
    morbihan = DepartementFactory(code="56", name="Morbihan", region=region)
    ars = OrganisationFactory(ars=True, region=region, name="ARS Bretagne")
    rows = [
        ("245600465", "CC de Belle-Île-en-Mer", "56152", "Le Palais", morbihan, 2599),
        ("242900835", "Morlaix Communauté", "29151", "Morlaix", finistere, 15194),
        ("242900645", "Douarnenez Communauté", "29046", "Douarnenez", finistere, 14068),
        ("200068120", "Quimper Bretagne Occidentale", "29232", "Quimper", finistere, 64385),
    ]
    communes = {}
    for siren, epci_name, code, name, departement, population in rows:
        epci = EpciFactory(siren=siren, name=epci_name)
        communes[code] = CommuneFactory(
            code=code, name=name, departement=departement, epci=epci, population=population
        )
    communes["29155"] = CommuneFactory(
        code="29155", name="Ouessant", departement=finistere, population=860
    )

    def contract_on(code, title, **fields):
        territory = TerritoryFactory(name=communes[code].name, communes=[communes[code]])
        return ContractFactory(title=title, territory=territory, ars=ars, **fields)

    contract_on("56152", "CLS de Belle-Île-en-Mer")
    contract_on(
        "29151",
        "CLS du Pays de Morlaix",
        signed_on=datetime.date(2023, 3, 1),
        starts_on=datetime.date(2023, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    contract_on(
        "29046",
        "CLS de Douarnenez",
        status=ContractStatus.DIAGNOSIS,
        signed_on=None,
        starts_on=None,
        ends_on=None,
    )
    contract_on(
        "29232",
        "CLS de Quimper",
        status=ContractStatus.CLOSED,
        signed_on=datetime.date(2014, 12, 1),
        starts_on=datetime.date(2015, 1, 1),
        ends_on=datetime.date(2019, 12, 31),
    )
    agent = UserFactory()
    MembershipFactory(user=agent, organisation=ars, role=MembershipRole.ARS_STAFF)
    return SimpleNamespace(region=region, ars=ars, communes=communes, agent=agent)
