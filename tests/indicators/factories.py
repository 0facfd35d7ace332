"""Factories for the indicator catalogue, indicators and values."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from indicators.enums import IndicatorKind, Periodicity
from indicators.models import Indicator, IndicatorDefinition, IndicatorValue
from indicators.periods import Period
from tests.contracts.factories import ContractFactory


class IndicatorDefinitionFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorDefinition

    code = factory.Sequence(lambda n: f"IND-{n:04d}")
    name = factory.Faker("sentence", nb_words=6, locale="fr_FR")
    kind = IndicatorKind.RESULT
    unit = "%"
    periodicity = Periodicity.YEAR
    min_value = Decimal(0)
    max_value = Decimal(100)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    definition = factory.SubFactory(IndicatorDefinitionFactory)
    contract = factory.SubFactory(ContractFactory)
    baseline_value = Decimal(40)
    baseline_on = datetime.date(2023, 12, 31)
    target_value = Decimal(60)
    target_on = datetime.date(2028, 12, 31)


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2025"
    period_start = factory.LazyAttribute(
        lambda value: Period.parse(value.period, value.indicator.definition.periodicity).start
    )
    period_end = factory.LazyAttribute(
        lambda value: Period.parse(value.period, value.indicator.definition.periodicity).end
    )
    value = Decimal("45.5")
