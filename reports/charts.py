"""Small vector charts drawn on the server as SVG: the same markup in the PDFs and on the web.

No JavaScript, no plotting library: a chart is a few lines, bars and labels computed here from
plain numbers. Styling uses SVG presentation attributes only (no `style`), so the pages keep a
strict Content-Security-Policy. Every label is escaped.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "Marianne, DejaVu Sans, Liberation Sans, sans-serif"
# DSFR colours: blue France, its lighter tints, green for a target, grey for a baseline.
BLUE = "#000091"
SERIES_COLOURS = ("#000091", "#6a6af4", "#bababa")
TARGET = "#18753c"
BASELINE = "#666666"
GRID = "#dddddd"
STATUS_COLOURS = {
    "planned": "#bababa",
    "in_progress": "#6a6af4",
    "done": "#18753c",
    "paused": "#b34000",
    "blocked": "#ce0500",
    "abandoned": "#3a3a3a",
}


def short_number(value: float) -> str:
    """`12500` → `12,5 k`, `3.25` → `3,25`: short French labels for axes."""
    if abs(value) >= 1_000_000:
        text = f"{value / 1_000_000:.1f}".rstrip("0").rstrip(".") + " M"
    elif abs(value) >= 10_000:
        text = f"{value / 1_000:.1f}".rstrip("0").rstrip(".") + " k"
    else:
        digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
        text = f"{value:.{digits}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(".", ",")


def _svg(width: int, height: int, label: str, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}" '
        f'font-family="{FONT}"><title>{escape(label)}</title>{"".join(body)}</svg>'
    )


def _text(x: float, y: float, text: str, *, size: int = 9, anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="#161616">{escape(text)}</text>'
    )


def _scale(values: list[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    margin = (high - low) * 0.1
    return (0.0 if low >= 0 and low - margin < 0 else low - margin), high + margin


def line_chart(
    points: list[tuple[str, float]],
    *,
    baseline: float | None = None,
    target: float | None = None,
    label: str = "Évolution",
    width: int = 420,
    height: int = 150,
) -> SafeString:
    """An indicator's values by period, with its baseline and target as dashed lines."""
    left, right, top, bottom = 44, 12, 12, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [value for _, value in points] + [v for v in (baseline, target) if v is not None]
    if not known:
        return _svg(width, 40, label, [_text(width / 2, 24, "Aucune valeur saisie")])
    low, high = _scale(known)

    def y(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    def x(index: int) -> float:
        return left + (plot_w / 2 if len(points) == 1 else index * plot_w / (len(points) - 1))

    body = []
    for tick in (low, (low + high) / 2, high):
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 4, y(tick) + 3, short_number(tick), anchor="end", size=8))
    for value, colour, name in ((baseline, BASELINE, "Réf."), (target, TARGET, "Cible")):
        if value is not None:
            body.append(
                f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" '
                f'y2="{y(value):.1f}" stroke="{colour}" stroke-width="1.2" '
                f'stroke-dasharray="4 3"/>'
            )
            text = f"{name} {short_number(value)}"
            body.append(_text(width - right, y(value) - 3, text, anchor="end", size=8))
    if points:
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points))
        body.append(f'<polyline points="{path}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
        for i, (period, value) in enumerate(points):
            body.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3" fill="{BLUE}"/>')
            # Label every period when they fit, otherwise the first, the last and a few between.
            step = max(1, round(len(points) / 6))
            if i % step == 0 or i == len(points) - 1:
                anchor = "middle"
                if len(points) > 1:
                    anchor = "start" if i == 0 else "end" if i == len(points) - 1 else anchor
                body.append(_text(x(i), height - 8, period, size=8, anchor=anchor))
    return _svg(width, height, label, body)


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
        return _svg(width, 40, label, [_text(width / 2, 24, "Aucun montant renseigné")])
    high = max(values) * 1.1
    body = []
    for tick in (0, high / 2, high):
        ty = top + plot_h - tick / high * plot_h
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 4, ty + 3, short_number(tick), anchor="end", size=8))
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
        body.append(_text(left + g * group_w + group_w / 2, height - 8, name, size=8))
    for s, name in enumerate(series):
        lx = left + s * 110
        body.append(
            f'<rect x="{lx}" y="4" width="10" height="10" '
            f'fill="{SERIES_COLOURS[s % len(SERIES_COLOURS)]}"/>'
        )
        body.append(_text(lx + 14, 13, name, anchor="start", size=9))
    return _svg(width, height, label, body)


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
        return _svg(width, 24, label, [_text(width / 2, 16, "Aucune action")])
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
        text = f"{labels.get(status, status)} : {count}"
        body.append(_text(lx + 12, 30, text, anchor="start", size=8))
        lx += 12 + 5 * len(text) + 10
    return _svg(width, height, label, body)


def to_float(value: str | Decimal | None) -> float | None:
    return None if value in (None, "") else float(Decimal(value))


def indicator_chart(indicator: dict, *, width: int = 420, height: int = 150) -> SafeString:
    """The line chart of one indicator of a snapshot."""
    points = [(row["period"], to_float(row["value"])) for row in indicator["values"]]
    return line_chart(
        points,
        baseline=to_float(indicator["baseline"]),
        target=to_float(indicator["target"]),
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
