"""Reporting periods: parsing, bounds, and every period of a contract's term."""

import datetime

import pytest

from indicators.enums import Periodicity
from indicators.periods import InvalidPeriod, Period, periods_between


@pytest.mark.parametrize(
    ("code", "periodicity", "start", "end"),
    [
        ("2025", Periodicity.YEAR, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        ("2025-S2", Periodicity.SEMESTER, datetime.date(2025, 7, 1), datetime.date(2025, 12, 31)),
        ("2024-Q1", Periodicity.QUARTER, datetime.date(2024, 1, 1), datetime.date(2024, 3, 31)),
        ("2024-02", Periodicity.MONTH, datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        ("2025-q3", Periodicity.QUARTER, datetime.date(2025, 7, 1), datetime.date(2025, 9, 30)),
    ],
)
def test_period_bounds(code, periodicity, start, end):
    period = Period.parse(code, periodicity)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("code", "periodicity"),
    [
        ("2025-S1", Periodicity.YEAR),
        ("2025-S3", Periodicity.SEMESTER),
        ("2025-13", Periodicity.MONTH),
        ("25", Periodicity.YEAR),
    ],
)
def test_malformed_periods_are_refused_with_an_example(code, periodicity):
    with pytest.raises(InvalidPeriod, match="par exemple"):
        Period.parse(code, periodicity)


def test_periods_of_a_term_cover_it_in_order():
    periods = periods_between(
        datetime.date(2024, 5, 1), datetime.date(2025, 2, 1), Periodicity.SEMESTER
    )
    assert [p.code for p in periods] == ["2024-S1", "2024-S2", "2025-S1"]


def test_previous_of_a_first_quarter_is_the_last_quarter_of_the_year_before():
    assert Period.parse("2025-Q1", Periodicity.QUARTER).previous().code == "2024-Q4"
