"""Each cell of the values grid, as its HTML reads: inputs, figure, status, refusal."""

from decimal import Decimal

import pytest
from django.test.html import parse_html

from indicators.enums import ValueStatus
from indicators.periods import Period
from indicators.selectors import GridCell, GridRow
from indicators.templatetags.indicators import grid_cell
from tests.indicators.factories import (
    IndicatorDefinitionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
)

pytestmark = pytest.mark.django_db

PERIOD = Period.parse("2025", "year")


def _row(editable: bool, **definition) -> GridRow:
    indicator = IndicatorFactory(
        definition=IndicatorDefinitionFactory(name='Taux de "dépistage" <2 ans>', **definition)
    )
    return GridRow(indicator=indicator, editable=editable, cells=[], latest=None)


def test_an_editable_ratio_cell_has_three_inputs_with_what_was_typed():
    row = _row(True, numerator_label="Dépistées", denominator_label="Invitées & relancées")
    cell = GridCell(PERIOD, None, typed={"numerator": "12", "denominator": '"40"', "value": "30,0"})
    name = f"{row.indicator.pk}-2025"

    assert parse_html(grid_cell(row, cell)) == parse_html(
        '<td class="">'
        f'<input class="fr-input fr-mb-1v" type="text" inputmode="decimal" size="6" '
        f'name="numerator-{name}" value="12" placeholder="num." aria-label="Dépistées, 2025">'
        f'<input class="fr-input fr-mb-1v" type="text" inputmode="decimal" size="6" '
        f'name="denominator-{name}" value="&quot;40&quot;" placeholder="dén." '
        f'aria-label="Invitées &amp; relancées, 2025">'
        f'<input class="fr-input" type="text" inputmode="decimal" size="6" '
        f'name="value-{name}" value="30,0" '
        f'aria-label="Taux de &quot;dépistage&quot; &lt;2 ans&gt;, 2025">'
        "</td>"
    )


def test_a_refused_entry_is_marked_with_its_reason():
    row = _row(True)
    cell = GridCell(PERIOD, None, typed={"value": "abc"}, error="Saisissez un <nombre>.")

    html = grid_cell(row, cell)

    assert parse_html(html) == parse_html(
        '<td class="fr-input-group--error">'
        '<input class="fr-input fr-input--error" type="text" inputmode="decimal" size="6" '
        f'name="value-{row.indicator.pk}-2025" value="abc" '
        'aria-label="Taux de &quot;dépistage&quot; &lt;2 ans&gt;, 2025">'
        '<p class="fr-message fr-message--error fr-text--xs">Saisissez un &lt;nombre&gt;.</p>'
        "</td>"
    )


def test_a_read_only_cell_shows_the_figure_its_status_and_why_it_was_rejected():
    row = _row(False, decimals=1)
    value = IndicatorValueFactory(
        indicator=row.indicator,
        period="2025",
        value=Decimal("1234.5"),
        status=ValueStatus.REJECTED,
        review_comment="Source <à préciser>",
    )

    html = grid_cell(row, GridCell(PERIOD, value))

    assert parse_html(html) == parse_html(
        '<td class="">1 234,5<br>'
        '<span class="fr-badge fr-badge--sm fr-badge--error">Refusée</span>'
        '<span class="fr-text--xs">Source &lt;à préciser&gt;</span></td>'
    )


def test_an_empty_read_only_cell_shows_a_dash():
    assert parse_html(grid_cell(_row(False), GridCell(PERIOD, None))) == parse_html(
        '<td class="">—</td>'
    )
