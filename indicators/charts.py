"""Small vector charts drawn on the server as SVG: the same markup in the PDFs and on the web.

No JavaScript, no plotting library: a chart is a few lines, points and labels computed here
from plain numbers. Styling uses SVG presentation attributes only (no `style`), so the pages
keep a strict Content-Security-Policy. Every label is escaped.

The drawing lives here, in the lowest app that draws a chart (an indicator's values), so that
the indicator pages use it; `reports.charts` draws the documents' charts with the same pieces.
"""

from collections.abc import Collection, Iterable
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from indicators.enums import ValueStatus

FONT = "Marianne, DejaVu Sans, Liberation Sans, sans-serif"
# DSFR colours: blue France, green for a target, grey for a baseline and the grid.
BLUE = "#000091"
TARGET = "#18753c"
BASELINE = "#666666"
GRID = "#dddddd"
INK = "#161616"
PAPER = "#ffffff"


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


def full_number(value: float) -> str:
    """`10.7` → `10,7`: every figure of a value, for the chart's description."""
    return format(Decimal(str(value)).normalize(), "f").replace(".", ",")


def svg(width: int, height: int, label: str, body: list[str], description: str = "") -> SafeString:
    """The chart's document: an image named by `label` and described by `description`."""
    desc = f"<desc>{escape(description)}</desc>" if description else ""
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}" '
        f'font-family="{FONT}"><title>{escape(label)}</title>{desc}{"".join(body)}</svg>'
    )


def text(x: float, y: float, content: str, *, size: int = 9, anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{INK}">{escape(content)}</text>'
    )


def horizontal_line(x1: float, x2: float, y: float, colour: str, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    width = 1.2 if dashed else 1
    return (
        f'<line x1="{x1}" x2="{x2}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" '
        f'stroke-width="{width}"{dash}/>'
    )


def point(x: float, y: float, *, validated: bool = True, css: str = "value") -> str:
    """A value's dot: filled once validated, hollow while it is not."""
    if validated:
        return f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{BLUE}"/>'
    return (
        f'<circle class="{css} {css}--unvalidated" cx="{x:.1f}" cy="{y:.1f}" r="3" '
        f'fill="{PAPER}" stroke="{BLUE}" stroke-width="1.5"/>'
    )


def _scale(values: list[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    margin = (high - low) * 0.1
    return (0.0 if low >= 0 and low - margin < 0 else low - margin), high + margin


def _legend(unvalidated: bool) -> list[str]:
    """What the dots mean; the hollow one only when a value is not yet validated."""
    body = [point(6, 8, css="legend"), text(13, 11, "Valeur validée", anchor="start", size=8)]
    if unvalidated:
        body += [
            point(96, 8, validated=False, css="legend"),
            text(103, 11, "Valeur non validée", anchor="start", size=8),
        ]
    return body


def describe_values(
    points: Iterable[tuple[str, float]],
    *,
    baseline: float | None,
    target: float | None,
    unvalidated: Collection[str] = (),
) -> str:
    """The chart in words: its reference, its target and each value, the unvalidated marked."""
    parts = [
        f"{name} {full_number(value)}"
        for name, value in (("référence", baseline), ("cible", target))
        if value is not None
    ]
    parts += [
        f"{period} : {full_number(value)}" + (" (non validée)" if period in unvalidated else "")
        for period, value in points
    ]
    if not parts:
        return "Aucune valeur saisie."
    sentence = " ; ".join(parts)
    return f"{sentence[0].upper()}{sentence[1:]}."


def line_chart(
    points: list[tuple[str, float]],
    *,
    baseline: float | None = None,
    target: float | None = None,
    unvalidated: Collection[str] = (),
    label: str = "Évolution",
    width: int = 420,
    height: int = 150,
) -> SafeString:
    """An indicator's values by period, with its baseline and target as dashed lines; the
    values of the periods in `unvalidated` are hollow dots."""
    left, right, top, bottom = 44, 12, 24, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [value for _, value in points] + [v for v in (baseline, target) if v is not None]
    if not known:
        return svg(width, 40, label, [text(width / 2, 24, "Aucune valeur saisie")])
    description = describe_values(points, baseline=baseline, target=target, unvalidated=unvalidated)
    low, high = _scale(known)

    def y(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    def x(index: int) -> float:
        return left + (plot_w / 2 if len(points) == 1 else index * plot_w / (len(points) - 1))

    body = []
    for tick in (low, (low + high) / 2, high):
        body.append(horizontal_line(left, width - right, y(tick), GRID))
        body.append(text(left - 4, y(tick) + 3, short_number(tick), anchor="end", size=8))
    for value, colour, name in ((baseline, BASELINE, "Réf."), (target, TARGET, "Cible")):
        if value is not None:
            body.append(horizontal_line(left, width - right, y(value), colour, dashed=True))
            label_text = f"{name} {short_number(value)}"
            body.append(text(width - right, y(value) - 3, label_text, anchor="end", size=8))
    if not points:
        body.append(text(left + plot_w / 2, top + plot_h / 2, "Aucune valeur saisie"))
    else:
        body += _legend(any(period in unvalidated for period, _ in points))
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points))
        body.append(f'<polyline points="{path}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
        # Label every period when they fit, otherwise the first, the last and a few between.
        step = max(1, round(len(points) / 6))
        for i, (period, value) in enumerate(points):
            body.append(point(x(i), y(value), validated=period not in unvalidated))
            if i % step == 0 or i == len(points) - 1:
                anchor = "middle"
                if len(points) > 1:
                    anchor = "start" if i == 0 else "end" if i == len(points) - 1 else anchor
                body.append(text(x(i), height - 8, period, size=8, anchor=anchor))
    return svg(width, height, label, body, description)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def values_chart(indicator, values, *, width: int = 420, height: int = 150) -> SafeString:
    """The line chart of an `Indicator` (with its definition) from its values, in period
    order: the rejected ones are left out, as in the documents."""
    shown = [value for value in values if value.status != ValueStatus.REJECTED]
    definition = indicator.definition
    return line_chart(
        [(value.period, float(value.value)) for value in shown],
        baseline=_float(indicator.baseline_value),
        target=_float(indicator.target_value),
        unvalidated={value.period for value in shown if value.status != ValueStatus.VALIDATED},
        label=f"Évolution de l'indicateur {definition.code} — {definition.name}",
        width=width,
        height=height,
    )
