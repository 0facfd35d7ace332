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
    first = datetime.date(min(days).year, 1, 1)
    last = datetime.date(max(days).year + 1, 1, 1)
    scale = (WIDTH - LABELS_WIDTH - RIGHT_MARGIN) / (last - first).days

    def x(day: datetime.date) -> float:
        return round(LABELS_WIDTH + (day - first).days * scale, 1)

    rows = [
        TimelineRow(
            action=action,
            y=YEARS_HEIGHT + index * ROW_HEIGHT,
            x=x(action.starts_on),
            # A fiche of a day or two still shows.
            width=max(round(x(action.planned_end_on) - x(action.starts_on), 1), 2),
            milestones=[
                MilestoneMark(x(m.due_on), m.title, m.due_on, m.done_on is not None)
                for m in action.milestones.all()
                if m.due_on
            ],
        )
        for index, action in enumerate(dated)
    ]
    return Timeline(
        rows=rows,
        undated=undated,
        ticks=[
            YearTick(x(datetime.date(year, 1, 1)), year) for year in range(first.year, last.year)
        ],
        today_x=x(today) if rows else None,
        height=YEARS_HEIGHT + len(rows) * ROW_HEIGHT + 8,
    )


def _due_days(action: Action) -> list[datetime.date]:
    return [milestone.due_on for milestone in action.milestones.all() if milestone.due_on]
