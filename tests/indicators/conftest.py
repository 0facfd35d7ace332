"""Fixtures of the indicator tests: indicators to correct, of the contract's own catalogue and
of the national one."""

from decimal import Decimal

import pytest

from indicators.enums import CatalogueScope
from tests.indicators.factories import (
    IndicatorDefinitionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
)


@pytest.fixture
def own(world):
    """An indicator of the contract's own, attached to the contract, with one value entered."""
    definition = IndicatorDefinitionFactory(
        scope=CatalogueScope.CONTRACT,
        contract=world.contract,
        name="Ateliers tenus",
        unit="nombre",
        max_value=None,
    )
    indicator = IndicatorFactory(contract=world.contract, definition=definition)
    IndicatorValueFactory(indicator=indicator, period="2025", value=Decimal(12))
    return indicator


@pytest.fixture
def national(world):
    """An indicator of the national catalogue, shared with another contract."""
    indicator = IndicatorFactory(
        contract=world.contract, definition__name="Part des habitants avec un médecin traitant"
    )
    IndicatorFactory(contract=world.other_contract, definition=indicator.definition)
    return indicator
