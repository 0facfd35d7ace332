"""An indicator's chart from its values as stored: the rejected ones left out, the ones the ARS
has not validated drawn hollow, the same SVG as the documents'."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from indicators import charts
from indicators.enums import ValueStatus
from reports import charts as document_charts
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def dots(svg: str) -> list[tuple[str, str]]:
    root = ET.fromstring(svg)
    return [
        (circle.get("class"), circle.get("fill"))
        for circle in root.iter(f"{SVG}circle")
        if circle.get("class").startswith("value")
    ]


def test_rejected_values_are_left_out_and_unvalidated_ones_are_hollow():
    indicator = IndicatorFactory(definition__code="CLS-07", definition__name="Dépistages")
    statuses = {
        "2024": ValueStatus.VALIDATED,
        "2025": ValueStatus.SUBMITTED,
        "2026": ValueStatus.REJECTED,
        "2027": ValueStatus.DRAFT,
    }
    values = [
        IndicatorValueFactory(
            indicator=indicator, period=period, status=status, review_comment="Douteuse"
        )
        for period, status in statuses.items()
    ]

    svg = charts.values_chart(indicator, values)

    assert dots(svg) == [
        ("value", "#000091"),
        ("value value--unvalidated", "#ffffff"),
        ("value value--unvalidated", "#ffffff"),
    ]
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Évolution de l'indicateur CLS-07 — Dépistages"
    assert "2026" not in root.find(f"{SVG}desc").text  # the rejected year


def test_the_web_and_the_documents_draw_the_same_chart():
    indicator = IndicatorFactory(baseline_value=Decimal("12.5"), target_value=Decimal(20))
    values = [
        IndicatorValueFactory(indicator=indicator, period="2024", value=Decimal(14)),
        IndicatorValueFactory(
            indicator=indicator, period="2025", value=Decimal(16), status=ValueStatus.VALIDATED
        ),
    ]
    snapshot = {
        "code": indicator.definition.code,
        "name": indicator.definition.name,
        "baseline": "12.5",
        "target": "20",
        "values": [
            {"period": "2024", "value": "14", "validated": False},
            {"period": "2025", "value": "16", "validated": True},
        ],
    }
    assert charts.values_chart(indicator, values) == document_charts.indicator_chart(snapshot)


def test_the_description_writes_every_figure_the_french_way():
    text = charts.describe_values(
        [("2025-S1", 12.25), ("2025-S2", 1500.0)],
        baseline=None,
        target=10.0,
        unvalidated={"2025-S2"},
    )
    assert text == "Cible 10 ; 2025-S1 : 12,25 ; 2025-S2 : 1500 (non validée)."
