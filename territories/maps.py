"""Maps drawn on the server as SVG, from the shapes of `territories.boundaries`.

The same markup serves the pages (it works without JavaScript and under the strict
Content-Security-Policy: presentation attributes only, no `style`), the SVG download and the
PDFs. Each territory is a link whose `<title>` gives its name, situation and population: a
tooltip on hover, the link's name for keyboard and screen-reader users. Colour never speaks
alone: each situation also has its pattern, and the legend names them. Every label is escaped.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from territories.boundaries import Shape, departement_communes, shape, shapes

FONT = "Marianne, DejaVu Sans, Liberation Sans, sans-serif"
# The width in pixels strokes, patterns and the legend are sized for; the map scales with
# the page, and its proportions keep these sizes right.
WIDTH = 800
INK = "#161616"
BORDER = "#ffffff"


@dataclass(frozen=True)
class Style:
    label: str
    fill: str
    pattern: str = ""  # "stripes" or "dots", drawn over the fill
    ink: str = "#ffffff"  # the pattern's colour


# Around the territory drawn, and the territory itself (DSFR grey and blue France).
OUTSIDE = Style("Reste du département", "#eeeeee")
TERRITORY = Style("Territoire du contrat", "#000091")


@dataclass
class Area:
    """A shape of the map: what it is called, says, links to, and how it is painted."""

    shape: Shape
    name: str
    description: str = ""
    style: Style = OUTSIDE
    url: str = ""
    # Moves an overseas shape, drawn in its own projection, to its inset: x, y, scale.
    inset: tuple[float, float, float] | None = None


# --- Drawing -------------------------------------------------------------------------------------


def _box(area: Area, unit: int) -> tuple[float, float, float, float]:
    scale = area.shape.unit / unit
    x0, y0, x1, y1 = (value * scale for value in area.shape.bbox)
    if area.inset:
        dx, dy, factor = area.inset
        return x0 * factor + dx, y0 * factor + dy, x1 * factor + dx, y1 * factor + dy
    return x0, y0, x1, y1


def view_box(areas: list[Area], unit: int) -> tuple[float, float, float, float]:
    boxes = [_box(area, unit) for area in areas]
    x0, y0 = min(box[0] for box in boxes), min(box[1] for box in boxes)
    x1, y1 = max(box[2] for box in boxes), max(box[3] for box in boxes)
    margin = 0.02 * max(x1 - x0, y1 - y0)
    return x0 - margin, y0 - margin, x1 - x0 + 2 * margin, y1 - y0 + 2 * margin


def _number(value: float) -> str:
    return f"{value:.4g}" if abs(value) < 10 else str(round(value))


def _transform(area: Area, unit: int) -> str:
    scale = area.shape.unit / unit
    if area.inset:
        dx, dy, factor = area.inset
        return (
            f' transform="translate({_number(dx)} {_number(dy)}) scale({_number(scale * factor)})"'
        )
    return f' transform="scale({_number(scale)})"' if scale != 1 else ""


def _scale(area: Area, unit: int) -> float:
    return area.shape.unit / unit * (area.inset[2] if area.inset else 1)


class Patterns:
    """The patterns a map uses, one per patterned style and drawing scale, so that stripes
    and dots keep the same size on screen on a shape drawn larger or smaller (an inset)."""

    def __init__(self, map_id: str, pixel: float):
        self.map_id, self.pixel = map_id, pixel
        self.ids: dict[tuple[Style, str], str] = {}

    def fill(self, style: Style, scale: float = 1) -> str:
        if not style.pattern:
            return style.fill
        key = (style, _number(scale))
        self.ids.setdefault(key, f"{self.map_id}-motif{len(self.ids) + 1}")
        return f"url(#{self.ids[key]})"

    def definitions(self) -> str:
        return f"<defs>{''.join(self._pattern(*key, ref) for key, ref in self.ids.items())}</defs>"

    def _pattern(self, style: Style, scale: str, ref: str) -> str:
        size = _number(8 * self.pixel / float(scale))
        third, half = _number(float(size) / 3), _number(float(size) / 2)
        if style.pattern == "stripes":
            mark = f'<rect width="{third}" height="{size}" fill="{style.ink}" fill-opacity="0.7"/>'
        else:
            mark = f'<circle cx="{half}" cy="{half}" r="{_number(float(size) / 6)}" fill="{style.ink}"/>'
        rotate = ' patternTransform="rotate(45)"' if style.pattern == "stripes" else ""
        return (
            f'<pattern id="{ref}" width="{size}" height="{size}" patternUnits="userSpaceOnUse"'
            f'{rotate}><rect width="{size}" height="{size}" fill="{style.fill}"/>{mark}</pattern>'
        )


def _area(area: Area, unit: int, patterns: Patterns) -> str:
    scale = _scale(area, unit)
    path = (
        f'<path d="{area.shape.d}"{_transform(area, unit)} '
        f'fill="{patterns.fill(area.style, scale)}" stroke="{BORDER}" '
        f'stroke-width="{_number(0.8 * patterns.pixel / scale)}" stroke-linejoin="round"/>'
    )
    title = escape(f"{area.name} — {area.description}" if area.description else area.name)
    if area.url:
        return f'<a href="{escape(area.url)}"><title>{title}</title>{path}</a>'
    return f"<g><title>{title}</title>{path}</g>"


def _outline(shape: Shape, unit: int, stroke: float) -> str:
    scale = shape.unit / unit
    transform = f' transform="scale({_number(scale)})"' if scale != 1 else ""
    return (
        f'<path d="{shape.d}"{transform} fill="none" stroke="{INK}" '
        f'stroke-width="{_number(stroke / scale)}" stroke-linejoin="round"/>'
    )


def _legend(styles: list[Style], patterns: Patterns, x: float, y: float) -> str:
    pixel = patterns.pixel
    rows = []
    for index, style in enumerate(styles):
        top = y + index * 22 * pixel
        rows.append(
            f'<rect x="{_number(x)}" y="{_number(top)}" width="{_number(24 * pixel)}" '
            f'height="{_number(16 * pixel)}" fill="{patterns.fill(style)}" stroke="{INK}" '
            f'stroke-width="{_number(pixel)}"/>'
            f'<text x="{_number(x + 32 * pixel)}" y="{_number(top + 13 * pixel)}" '
            f'font-size="{_number(14 * pixel)}" fill="{INK}">{escape(style.label)}</text>'
        )
    return f'<g font-family="{FONT}">{"".join(rows)}</g>'


def map_svg(
    areas: list[Area],
    *,
    title: str,
    map_id: str,
    legend: list[Style],
    outlines: list[Shape] = (),
    standalone: bool = False,
) -> SafeString:
    """An SVG map of `areas`, `outlines` drawn over them, the legend below; empty when no
    area has a shape. `map_id` prefixes the patterns' ids: unique per page."""
    if not areas:
        return mark_safe("")
    unit = min(area.shape.unit for area in areas)
    x, y, width, height = view_box(areas, unit)
    patterns = Patterns(map_id, pixel=width / WIDTH)
    total_height = height + (len(legend) * 22 + 12) * patterns.pixel
    body = "".join(_area(area, unit, patterns) for area in areas)
    lines = "".join(_outline(shape, unit, 1.5 * patterns.pixel) for shape in outlines)
    key = _legend(legend, patterns, x + 4 * patterns.pixel, y + height + 6 * patterns.pixel)
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    return mark_safe(
        f'<svg{namespace} class="cls-map" id="{map_id}" viewBox="{_number(x)} {_number(y)} '
        f'{_number(width)} {_number(total_height)}" width="{WIDTH}" '
        f'height="{round(WIDTH * total_height / width)}" role="group" '
        f'aria-labelledby="{map_id}-title"><title id="{map_id}-title">{escape(title)}</title>'
        f'{patterns.definitions()}<g>{body}</g><g pointer-events="none">{lines}</g>{key}</svg>'
    )


# --- A territory on its département --------------------------------------------------------------


def _territory_areas(territory, communes: list[tuple]) -> list[Area]:
    """The territory's own shape when it mirrors an EPCI or a département, else its communes."""
    if territory.epci_id and (drawn := shape("epcis", territory.epci_id)):
        return [Area(drawn, territory.name, style=TERRITORY)]
    if territory.departement_id and (drawn := shape("departements", territory.departement_id)):
        return [Area(drawn, territory.name, style=TERRITORY)]
    areas = []
    for code, name, departement, _departement_name in communes:
        drawn = departement_communes(departement).get(code)
        if drawn:
            areas.append(Area(drawn, name, style=TERRITORY))
    return areas


def territory_map(territory, *, map_id: str = "carte-territoire") -> SafeString:
    """The territory drawn over its département(s), for the contract's documents and public
    page (one query); empty when nothing can be drawn."""
    communes = list(
        territory.communes.order_by("code").values_list(
            "code", "name", "departement_id", "departement__name"
        )
    )
    departements = dict(sorted({(row[2], row[3]) for row in communes}))
    drawn = shapes("departements", departements)
    context = [Area(drawn[code], name) for code, name in departements.items() if code in drawn]
    areas = _territory_areas(territory, communes)
    if not areas:
        return mark_safe("")
    names = ", ".join(departements.values())
    return map_svg(
        [*context, *areas],
        title=f"{territory.name} dans son département ({names})",
        map_id=map_id,
        legend=[TERRITORY, OUTSIDE],
        outlines=list(drawn.values()),
    )
