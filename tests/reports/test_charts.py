"""Charts are small, valid SVG documents drawn on the server, with every label escaped, a title
and a description; values not yet validated are hollow dots."""

import xml.etree.ElementTree as ET

from reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def snapshot_indicator(*values: tuple[str, str, bool]) -> dict:
    """An indicator as a snapshot holds it, with `(period, value, validated)` values."""
    return {
        "code": "CLS-R02",
        "name": "Part des 17 ans <et plus>",
        "baseline": "12.8",
        "target": "8",
        "values": [
            {"period": period, "value": value, "validated": validated}
            for period, value, validated in values
        ],
    }


def points(root: ET.Element) -> list[str]:
    """The class of each value's dot, in period order (the legend's dots left out)."""
    return [
        circle.get("class")
        for circle in root.iter(f"{SVG}circle")
        if not circle.get("class").startswith("legend")
    ]


def test_indicator_chart_draws_values_baseline_and_target():
    indicator = snapshot_indicator(("2024", "11.9", True), ("2025", "10.7", True))
    root = parse(charts.indicator_chart(indicator))
    assert points(root) == ["value", "value"]
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "Réf. 12,8" in texts and "Cible 8" in texts and "2025" in texts
    assert root.find(f"{SVG}title").text.endswith("Part des 17 ans <et plus>")
    assert root.find(f"{SVG}desc").text == "Référence 12,8 ; cible 8 ; 2024 : 11,9 ; 2025 : 10,7."
    # Only validated values: the legend has no hollow dot.
    assert "Valeur validée" in texts and "Valeur non validée" not in texts
    assert "style=" not in charts.indicator_chart(indicator)  # CSP: no inline style


def test_values_not_yet_validated_are_hollow_dots_explained_by_the_legend():
    indicator = snapshot_indicator(("2024", "11.9", True), ("2025", "10.7", False))
    root = parse(charts.indicator_chart(indicator))
    assert points(root) == ["value", "value value--unvalidated"]
    hollow = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == "#ffffff"]
    assert len(hollow) == 2  # the 2025 value and its sign in the legend
    assert "Valeur non validée" in [text.text for text in root.iter(f"{SVG}text")]
    assert root.find(f"{SVG}desc").text.endswith("2025 : 10,7 (non validée).")


def test_funding_chart_has_a_bar_per_year_and_amount():
    funding = {
        "by_year": [
            {"year": 2024, "planned": "1000.00", "granted": "800.00", "paid": "0.00"},
            {"year": 2025, "planned": "2000.00", "granted": "2000.00", "paid": "500.00"},
        ]
    }
    root = parse(charts.funding_chart(funding))
    # 6 bars and 3 legend squares.
    assert len(root.findall(f"{SVG}rect")) == 9


def test_empty_charts_say_so():
    assert "Aucune valeur saisie" in charts.line_chart([])
    assert "Aucune valeur saisie" in charts.indicator_chart(
        snapshot_indicator() | {"baseline": None, "target": None}
    )
    assert "Aucun montant renseigné" in charts.bar_chart([], series=["Prévu"])
    assert "Aucune action" in charts.status_bar({}, {})


def test_short_numbers_are_written_the_french_way():
    assert [charts.short_number(n) for n in (3.25, 12.5, 250, 12_500, 2_500_000)] == [
        "3,25",
        "12,5",
        "250",
        "12,5 k",
        "2,5 M",
    ]
