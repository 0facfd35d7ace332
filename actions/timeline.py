"""The timeline of a contract's fiches actions, laid out for an SVG drawn by the server: each
fiche as a bar from its start to its planned end, its milestones on the bar, a tick at each
new year and a line at today. No script draws it, so that it shows as soon as the page does."""

import datetime
from dataclasses import dataclass

from actions.models import Action

WIDTH = 960
LABELS_WIDTH = 320  # the fiches' numbers and titles, left of the bars
RIGHT_MARGIN = 16
YEARS_HEIGHT = 36  # the years and today's label, above the bars
ROW_HEIGHT = 28
BAR_HEIGHT = 14
MILESTONE_SIZE = 6


@dataclass(frozen=True)
class MilestoneMark:
    x: float
    title: str
    due_on: datetime.date
    is_done: bool

    @property
    def points(self) -> str:
        """The diamond's corners around the middle of a bar of the row starting at 0."""
        middle = ROW_HEIGHT / 2
        size = MILESTONE_SIZE
        corners = ((self.x, middle - size), (self.x + size, middle), (self.x, middle + size))
        corners += ((self.x - size, middle),)
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)


@dataclass(frozen=True)
class TimelineRow:
    action: Action
    y: float
    x: float
    width: float
    milestones: list[MilestoneMark]

    bar_y = (ROW_HEIGHT - BAR_HEIGHT) / 2
    bar_height = BAR_HEIGHT
    text_y = ROW_HEIGHT / 2 + 4


@dataclass(frozen=True)
class YearTick:
    x: float
    year: int


@dataclass(frozen=True)
class Timeline:
    rows: list[TimelineRow]
    undated: list[Action]  # fiches without a start or a planned end
    ticks: list[YearTick]
    today_x: float | None
    height: float
    width: int = WIDTH
    labels_width: int = LABELS_WIDTH
    years_height: int = YEARS_HEIGHT


def timeline(actions: list[Action], today: datetime.date) -> Timeline:
    """The layout of `actions` (with their `milestones` prefetched) from the first year any of
    them starts to the end of the last year one ends, today included."""
    dated = [action for action in actions if action.starts_on and action.planned_end_on]
    undated = [action for action in actions if not (action.starts_on and action.planned_end_on)]
    days = [today]
    for action in dated:
        days += [action.starts_on, action.planned_end_on, *_due_days(action)]
    scale = Scale(datetime.date(min(days).year, 1, 1), datetime.date(max(days).year + 1, 1, 1))
    rows = [
        _row(action, YEARS_HEIGHT + index * ROW_HEIGHT, scale) for index, action in enumerate(dated)
    ]
    return Timeline(
        rows=rows,
        undated=undated,
        ticks=[
            YearTick(scale.x(datetime.date(year, 1, 1)), year)
            for year in range(scale.first.year, scale.last.year)
        ],
        today_x=scale.x(today) if rows else None,
        height=YEARS_HEIGHT + len(rows) * ROW_HEIGHT + 8,
    )


@dataclass(frozen=True)
class Scale:
    """The days from `first` to `last` across the width left of the labels."""

    first: datetime.date
    last: datetime.date

    def x(self, day: datetime.date) -> float:
        share = (day - self.first).days / (self.last - self.first).days
        return round(LABELS_WIDTH + share * (WIDTH - LABELS_WIDTH - RIGHT_MARGIN), 1)


def _row(action: Action, y: float, scale: Scale) -> TimelineRow:
    start, end = scale.x(action.starts_on), scale.x(action.planned_end_on)
    return TimelineRow(
        action=action,
        y=y,
        x=start,
        width=max(round(end - start, 1), 2),  # a fiche of a day or two still shows
        milestones=[
            MilestoneMark(
                scale.x(milestone.due_on),
                milestone.title,
                milestone.due_on,
                bool(milestone.done_on),
            )
            for milestone in action.milestones.all()
            if milestone.due_on
        ],
    )


def _due_days(action: Action) -> list[datetime.date]:
    return [milestone.due_on for milestone in action.milestones.all() if milestone.due_on]
