"""The documents' charts, drawn as SVG with the pieces of `indicators.charts`: an indicator's
values (from a snapshot), funding by year, actions by status. The same markup in the PDFs and on
the web, without JavaScript nor inline style.
"""

from decimal import Decimal

from django.utils.safestring import SafeString

from indicators.charts import (
    BLUE,
    GRID,
    horizontal_line,
    line_chart,
    short_number,
    svg,
    text,
)

# `line_chart` and `short_number` are drawn by indicators; the documents' callers find them here too.
__all__ = [
    "bar_chart",
    "funding_chart",
    "indicator_chart",
    "line_chart",
    "short_number",
    "status_bar",
]

# DSFR colours: blue France and its lighter tints for series, one colour per action status.
SERIES_COLOURS = ("#000091", "#6a6af4", "#bababa")
STATUS_COLOURS = {
    "planned": "#bababa",
    "in_progress": "#6a6af4",
    "done": "#18753c",
    "paused": "#b34000",
    "blocked": "#ce0500",
    "abandoned": "#3a3a3a",
}


def bar_chart(
    groups: list[tuple[str, list[float]]],
    *,
    series: list[str],
    label: str = "Montants",
    width: int = 520,
    height: int = 170,
) -> SafeString:
    """Grouped vertical bars: one group per label (a year), one bar per series."""
    left, right, top, bottom = 48, 8, 22, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [value for _, row in groups for value in row]
    if not values or max(values) <= 0:
        return svg(width, 40, label, [text(width / 2, 24, "Aucun montant renseigné")])
    high = max(values) * 1.1
    body = []
    for tick in (0, high / 2, high):
        ty = top + plot_h - tick / high * plot_h
        body.append(horizontal_line(left, width - right, ty, GRID))
        body.append(text(left - 4, ty + 3, short_number(tick), anchor="end", size=8))
    group_w = plot_w / len(groups)
    bar_w = min(22, group_w * 0.8 / len(series))
    for g, (name, row) in enumerate(groups):
        start = left + g * group_w + (group_w - bar_w * len(series)) / 2
        for s, value in enumerate(row):
            bar_h = max(0.0, value / high * plot_h)
            body.append(
                f'<rect x="{start + s * bar_w:.1f}" y="{top + plot_h - bar_h:.1f}" '
                f'width="{bar_w - 1:.1f}" height="{bar_h:.1f}" '
                f'fill="{SERIES_COLOURS[s % len(SERIES_COLOURS)]}"/>'
            )
        body.append(text(left + g * group_w + group_w / 2, height - 8, name, size=8))
    for s, name in enumerate(series):
        lx = left + s * 110
        body.append(
            f'<rect x="{lx}" y="4" width="10" height="10" '
            f'fill="{SERIES_COLOURS[s % len(SERIES_COLOURS)]}"/>'
        )
        body.append(text(lx + 14, 13, name, anchor="start", size=9))
    return svg(width, height, label, body)


def status_bar(
    counts: dict[str, int],
    labels: dict[str, str],
    *,
    label: str = "Actions par statut",
    width: int = 520,
    height: int = 40,
) -> SafeString:
    """One horizontal bar split by action status, with a legend underneath."""
    total = sum(counts.values())
    if not total:
        return svg(width, 24, label, [text(width / 2, 16, "Aucune action")])
    body, x = [], 0.0
    for status, count in counts.items():
        part = count / total * width
        colour = STATUS_COLOURS.get(status, BLUE)
        body.append(f'<rect x="{x:.1f}" y="0" width="{part:.1f}" height="14" fill="{colour}"/>')
        x += part
    lx = 0
    for status, count in counts.items():
        colour = STATUS_COLOURS.get(status, BLUE)
        body.append(f'<rect x="{lx}" y="22" width="9" height="9" fill="{colour}"/>')
        caption = f"{labels.get(status, status)} : {count}"
        body.append(text(lx + 12, 30, caption, anchor="start", size=8))
        lx += 12 + 5 * len(caption) + 10
    return svg(width, height, label, body)


def to_float(value: str | Decimal | None) -> float | None:
    return None if value in (None, "") else float(Decimal(value))


def indicator_chart(indicator: dict, *, width: int = 420, height: int = 150) -> SafeString:
    """The line chart of one indicator of a snapshot; its values not yet validated are hollow
    dots."""
    points = [(row["period"], to_float(row["value"])) for row in indicator["values"]]
    return line_chart(
        points,
        baseline=to_float(indicator["baseline"]),
        target=to_float(indicator["target"]),
        unvalidated={row["period"] for row in indicator["values"] if not row["validated"]},
        label=f"Évolution de l'indicateur {indicator['code']} — {indicator['name']}",
        width=width,
        height=height,
    )


def funding_chart(funding: dict, *, width: int = 520, height: int = 170) -> SafeString:
    """Planned, granted and paid amounts of a snapshot's funding, by year."""
    groups = [
        (str(row["year"]), [to_float(row[key]) for key in ("planned", "granted", "paid")])
        for row in funding["by_year"]
    ]
    return bar_chart(
        groups,
        series=["Prévu", "Accordé", "Versé"],
        label="Financements par année : prévu, accordé, versé",
        width=width,
        height=height,
    )
