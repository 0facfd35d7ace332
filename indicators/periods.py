"""Reporting periods of indicator values: `2025`, `2025-S1`, `2025-Q3`, `2025-03`.

A period's written form depends on the indicator's periodicity; each period has a first and a
last day, which is what ordering, "inside the contract's term" and "overdue" are computed from.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from indicators.enums import Periodicity

PATTERNS = {
    Periodicity.YEAR: re.compile(r"^(?P<year>\d{4})$"),
    Periodicity.SEMESTER: re.compile(r"^(?P<year>\d{4})-S(?P<index>[12])$"),
    Periodicity.QUARTER: re.compile(r"^(?P<year>\d{4})-Q(?P<index>[1-4])$"),
    Periodicity.MONTH: re.compile(r"^(?P<year>\d{4})-(?P<index>0[1-9]|1[0-2])$"),
}
MONTHS_PER_PERIOD = {
    Periodicity.YEAR: 12,
    Periodicity.SEMESTER: 6,
    Periodicity.QUARTER: 3,
    Periodicity.MONTH: 1,
}
EXAMPLES = {
    Periodicity.YEAR: "2025",
    Periodicity.SEMESTER: "2025-S1",
    Periodicity.QUARTER: "2025-Q3",
    Periodicity.MONTH: "2025-03",
}

MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


class InvalidPeriod(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date
    periodicity: str
    code: str

    @classmethod
    def parse(cls, code: str, periodicity: str) -> "Period":
        periodicity = Periodicity(periodicity)
        match = PATTERNS[periodicity].match(code.strip().upper())
        if not match:
            raise InvalidPeriod(
                f"« {code} » n'est pas une période {periodicity.label.lower()} : "
                f"écrivez par exemple « {EXAMPLES[periodicity]} »."
            )
        year = int(match["year"])
        index = int(match.groupdict().get("index") or 1)
        return cls.from_start(year, 1 + (index - 1) * MONTHS_PER_PERIOD[periodicity], periodicity)

    @classmethod
    def from_start(cls, year: int, month: int, periodicity: str) -> "Period":
        periodicity = Periodicity(periodicity)
        months = MONTHS_PER_PERIOD[periodicity]
        last_month = month + months - 1
        start = datetime.date(year, month, 1)
        end = datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
        index = (month - 1) // months + 1
        code = {
            Periodicity.YEAR: f"{year}",
            Periodicity.SEMESTER: f"{year}-S{index}",
            Periodicity.QUARTER: f"{year}-Q{index}",
            Periodicity.MONTH: f"{year}-{month:02d}",
        }[periodicity]
        return cls(start=start, end=end, periodicity=periodicity, code=code)

    @classmethod
    def containing(cls, day: datetime.date, periodicity: str) -> "Period":
        months = MONTHS_PER_PERIOD[Periodicity(periodicity)]
        first_month = (day.month - 1) // months * months + 1
        return cls.from_start(day.year, first_month, periodicity)

    def next(self) -> "Period":
        following = self.end + datetime.timedelta(days=1)
        return Period.from_start(following.year, following.month, self.periodicity)

    def previous(self) -> "Period":
        return Period.containing(self.start - datetime.timedelta(days=1), self.periodicity)

    @property
    def label(self) -> str:
        """`2025`, `1er semestre 2025`, `3e trimestre 2025`, `mars 2025`: for people."""
        year, month = self.start.year, self.start.month
        index = (month - 1) // MONTHS_PER_PERIOD[self.periodicity] + 1
        ordinal = "1er" if index == 1 else f"{index}e"
        return {
            Periodicity.YEAR: f"{year}",
            Periodicity.SEMESTER: f"{ordinal} semestre {year}",
            Periodicity.QUARTER: f"{ordinal} trimestre {year}",
            Periodicity.MONTH: f"{MONTH_NAMES[month - 1]} {year}",
        }[self.periodicity]

    def __str__(self):
        return self.code


def parse_any(code: str) -> Period:
    """The period `code` writes, whatever its periodicity (`2025`, `2025-S1`, `2025-Q3`…)."""
    for periodicity in PATTERNS:
        if PATTERNS[periodicity].match(code.strip().upper()):
            return Period.parse(code, periodicity)
    raise InvalidPeriod(f"« {code} » n'est pas une période : écrivez par exemple « 2025-S1 ».")


def period_label(code: str) -> str:
    """`2025-S1` → `1er semestre 2025`, `2025-03` → `mars 2025`; what is no period stays as it is."""
    try:
        return parse_any(code).label
    except InvalidPeriod:
        return code


def periods_between(first_day: datetime.date, last_day: datetime.date, periodicity: str):
    """Every period that overlaps the days from `first_day` to `last_day`, in order."""
    period = Period.containing(first_day, periodicity)
    periods = []
    while period.start <= last_day:
        periods.append(period)
        period = period.next()
    return periods
