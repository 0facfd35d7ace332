"""Factories for action sheets and what hangs off them."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from actions.enums import ActionStatus, FundingScheme
from actions.models import Action, ActionUpdate, FundingLine, Milestone
from tests.actors.factories import OrganisationFactory, UserFactory
from tests.contracts.factories import AxisFactory


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    axis = factory.SubFactory(AxisFactory)
    contract = factory.SelfAttribute("axis.contract")
    number = factory.Sequence(lambda n: f"1.{n + 1}")
    title = factory.Faker("sentence", nb_words=6, locale="fr_FR")
    status = ActionStatus.IN_PROGRESS
    starts_on = datetime.date(2024, 3, 1)
    planned_end_on = datetime.date(2027, 6, 30)


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    title = factory.Faker("sentence", nb_words=4, locale="fr_FR")
    due_on = datetime.date(2025, 12, 31)


class ActionUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SubFactory(UserFactory)
    text = factory.Faker("paragraph", locale="fr_FR")


class FundingLineFactory(DjangoModelFactory):
    class Meta:
        model = FundingLine

    action = factory.SubFactory(ActionFactory)
    funder = factory.SubFactory(OrganisationFactory)
    scheme = FundingScheme.FIR
    year = 2025
    planned_amount = Decimal("10000.00")
    granted_amount = Decimal("8000.00")
    paid_amount = Decimal("4000.00")
