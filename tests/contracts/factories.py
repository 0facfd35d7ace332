"""Factories for contracts and what hangs off them."""

import datetime

import factory
from factory.django import DjangoModelFactory

from actors.models import Organisation
from contracts.enums import BodyKind, ContractStatus, ObjectiveLevel, SignatoryRole
from contracts.models import (
    Amendment,
    Axis,
    Contract,
    CoordinatorAssignment,
    GovernanceBody,
    Meeting,
    Objective,
    Signatory,
)
from tests.actors.factories import OrganisationFactory, PersonFactory
from tests.territories.factories import TerritoryFactory


def ars_of_territory(territory):
    """The ARS of the région of the territory's first commune, created when missing."""
    region = territory.communes.first().region
    return Organisation.objects.ars().filter(region=region).first() or OrganisationFactory(
        ars=True, region=region
    )


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = Contract

    title = factory.Sequence(lambda n: f"Contrat local de santé n° {n}")
    territory = factory.SubFactory(TerritoryFactory)
    ars = factory.LazyAttribute(lambda contract: ars_of_territory(contract.territory))
    status = ContractStatus.IMPLEMENTATION
    signed_on = datetime.date(2024, 1, 15)
    starts_on = datetime.date(2024, 1, 1)
    ends_on = datetime.date(2028, 12, 31)


class SignatoryFactory(DjangoModelFactory):
    class Meta:
        model = Signatory

    contract = factory.SubFactory(ContractFactory)
    organisation = factory.SubFactory(OrganisationFactory, collectivite=True)
    role = SignatoryRole.SIGNATORY
    signed_on = datetime.date(2024, 1, 15)


class CoordinatorAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = CoordinatorAssignment

    contract = factory.SubFactory(ContractFactory)
    person = factory.SubFactory(PersonFactory)
    started_on = datetime.date(2024, 1, 1)


class AmendmentFactory(DjangoModelFactory):
    class Meta:
        model = Amendment

    contract = factory.SubFactory(ContractFactory)
    number = factory.Sequence(lambda n: n + 1)
    signed_on = datetime.date(2026, 3, 1)
    subject = "Révision à mi-parcours"


class AxisFactory(DjangoModelFactory):
    class Meta:
        model = Axis

    contract = factory.SubFactory(ContractFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Faker("sentence", nb_words=5, locale="fr_FR")


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = Objective

    axis = factory.SubFactory(AxisFactory)
    level = ObjectiveLevel.GENERAL
    title = factory.Faker("sentence", nb_words=8, locale="fr_FR")


class GovernanceBodyFactory(DjangoModelFactory):
    class Meta:
        model = GovernanceBody

    contract = factory.SubFactory(ContractFactory)
    kind = BodyKind.COPIL
    name = factory.Sequence(lambda n: f"Comité de pilotage {n}")


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(GovernanceBodyFactory)
    contract = factory.SelfAttribute("body.contract")
    held_on = datetime.date(2025, 6, 12)
