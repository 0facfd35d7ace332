"""The load test's writes are rewrites the platform accepts: values of the agent's région, of
periods that have begun (the frozen clock is 22/11/2026)."""

from bench.load import _writes
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory


def test_writes_rewrite_values_of_begun_periods_of_the_region_only(world):
    indicator = IndicatorFactory(contract=world.contract)
    IndicatorValueFactory(indicator=indicator, period="2025")
    IndicatorValueFactory(indicator=indicator, period="2027")
    elsewhere = IndicatorFactory(contract=world.other_contract)
    IndicatorValueFactory(indicator=elsewhere, period="2025")

    paths = [line.split("\t")[1] for line in _writes(world.agent)]

    assert paths == [f"/api/v1/indicators/{indicator.pk}/values/2025/"]
