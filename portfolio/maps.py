"""The coverage maps of the portfolio: EPCI by CLS situation, départements by share covered.

Drawn by `territories.maps` from the figures of `portfolio.selectors`; a territory without a
shape (a commune created since the boundaries' vintage) stays in the map's table.
"""

from django.utils.safestring import SafeString

from config.french import plural
from portfolio.coverage import AreaCoverage, ScopeCoverage
from portfolio.enums import CoverageSituation
from territories.boundaries import OVERSEAS_DEPARTEMENTS, Shape, departement_communes, shapes
from territories.maps import Area, Style, map_svg, view_box

# DSFR colours: success green, warning orange, blue France, light grey; each situation but
# the last also has a pattern, so that colour never speaks alone.
SITUATION_STYLES = {
    CoverageSituation.IN_FORCE: Style("En vigueur", "#18753c"),
    CoverageSituation.ENDING: Style("Échéance dans les 6 mois", "#b34000", "stripes"),
    CoverageSituation.PREPARING: Style("En préparation", "#6a6af4", "dots"),
    CoverageSituation.NONE: Style("Sans CLS", "#dddddd"),
}
# The share of the population covered, on the blue France scale (light is low): lightness
# alone tells the classes apart, and the empty class is dotted.
SHARE_STYLES = [
    (25, Style("Moins de 25 %", "#cacafb")),
    (50, Style("De 25 à 50 %", "#8585f6")),
    (75, Style("De 50 à 75 %", "#313178")),
    (101, Style("75 % et plus", "#000091")),
]
NO_SHARE = Style("Aucune population couverte", "#f5f5fe", "dots", ink="#6a6af4")
# Where the overseas départements are drawn on the map of France: left of the mainland, one
# under the other, each in a square of this side (in the mainland's units).
INSET_SIDE = 600


def share_style(percent: float | None) -> Style:
    if not percent:
        return NO_SHARE
    return next(style for limit, style in SHARE_STYLES if percent < limit)


def population_label(area: AreaCoverage) -> str:
    people = plural(area.population, "habitant,habitants")
    if area.coverage_percent is None:
        return people
    return f"{people}, {str(area.coverage_percent).replace('.', ',')} % couverts"


def situation_area(coverage: AreaCoverage, drawn: Shape) -> Area:
    style = SITUATION_STYLES[coverage.situation]
    description = f"{style.label} — {population_label(coverage)}"
    return Area(drawn, coverage.name, description, style, coverage.url)


def region_map(
    name: str, coverage: ScopeCoverage, *, map_id: str = "carte", standalone: bool = False
) -> SafeString:
    """Every EPCI of the scope by CLS situation, the départements outlined over them."""
    drawn = shapes("epcis", [epci.code for epci in coverage.epcis])
    areas = [
        situation_area(epci, drawn[epci.code]) for epci in coverage.epcis if epci.code in drawn
    ]
    for commune in coverage.communes:
        if drawn_commune := departement_communes(commune.parent).get(commune.code):
            areas.append(situation_area(commune, drawn_commune))
    outlines = shapes("departements", [departement.code for departement in coverage.departements])
    return map_svg(
        areas,
        title=f"Situation des EPCI de {name} au regard des contrats locaux de santé",
        map_id=map_id,
        legend=list(SITUATION_STYLES.values()),
        outlines=list(outlines.values()),
        standalone=standalone,
    )


def _insets(departements: dict[str, Shape], mainland: list[Area]) -> dict[str, tuple]:
    """Where each overseas département goes: translation and scale in the mainland's units."""
    if not mainland:
        return {}
    left, top, _width, _height = view_box(mainland, mainland[0].shape.unit)
    insets = {}
    for row, code in enumerate(OVERSEAS_DEPARTEMENTS.values()):
        if code not in departements:
            continue
        x0, y0, x1, y1 = departements[code].bbox
        factor = INSET_SIDE / max(x1 - x0, y1 - y0)
        dx = left - INSET_SIDE * 1.2 - x0 * factor
        dy = top + row * INSET_SIDE * 1.15 - y0 * factor
        insets[code] = (dx, dy, factor)
    return insets


def france_map(departements: list[AreaCoverage], *, map_id: str = "carte-france") -> SafeString:
    """Every département by the share of its population covered, the régions outlined; the
    overseas départements in insets."""
    drawn = shapes("departements", [departement.code for departement in departements])
    overseas = set(OVERSEAS_DEPARTEMENTS.values())
    areas = {
        d.code: Area(
            drawn[d.code],
            f"{d.name} ({d.code})",
            population_label(d),
            share_style(d.coverage_percent),
            d.url,
        )
        for d in departements
        if d.code in drawn
    }
    mainland = [area for code, area in areas.items() if code not in overseas]
    for code, inset in _insets(drawn, mainland).items():
        areas[code].inset = inset
    outlines = shapes("regions", sorted({d.parent for d in departements}))
    return map_svg(
        list(areas.values()),
        title="Part de la population couverte par un CLS en vigueur, par département",
        map_id=map_id,
        legend=[NO_SHARE, *(style for _limit, style in SHARE_STYLES)],
        outlines=[s for code, s in outlines.items() if code not in OVERSEAS_DEPARTEMENTS],
    )
