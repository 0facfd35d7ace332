"""Charts are small, valid SVG documents drawn on the server, with every label escaped."""

import xml.etree.ElementTree as ET

from reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_indicator_chart_draws_values_baseline_and_target():
    indicator = {
        "code": "CLS-R02",
        "name": "Part des 17 ans <et plus>",
        "baseline": "12.8",
        "target": "8",
        "values": [{"period": "2024", "value": "11.9"}, {"period": "2025", "value": "10.7"}],
    }
    root = parse(charts.indicator_chart(indicator))
    assert len(root.findall(f"{SVG}circle")) == 2
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "Réf. 12,8" in texts and "Cible 8" in texts and "2025" in texts
    assert root.find(f"{SVG}title").text.endswith("Part des 17 ans <et plus>")
    assert "style=" not in charts.indicator_chart(indicator)  # CSP: no inline style


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
