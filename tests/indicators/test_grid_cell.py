"""Each cell of the values grid, as its HTML reads: labelled inputs, figure, status, comments,
refusal; written by config/fastpaths and by the template alike."""

from decimal import Decimal

import pytest
from django.test.html import parse_html

from config import fastpaths
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


@pytest.fixture(autouse=True, params=["fastpath", "template"])
def renderer(request):
    """Each cell is checked as config/fastpaths/grid_cells.py writes it and as the template does."""
    if request.param == "template":
        with fastpaths.switched_off("grid_cells"):
            yield request.param
    else:
        yield request.param


def _row(editable: bool, **definition) -> GridRow:
    indicator = IndicatorFactory(
        definition=IndicatorDefinitionFactory(name='Taux de "dépistage" <2 ans>', **definition)
    )
    return GridRow(indicator=indicator, editable=editable, cells=[], latest=None)


def test_an_editable_ratio_cell_has_three_labelled_inputs_with_what_was_typed():
    row = _row(True, numerator_label="Dépistées", denominator_label="Invitées & relancées")
    cell = GridCell(PERIOD, None, typed={"numerator": "12", "denominator": '"40"', "value": "30,0"})
    name = f"{row.indicator.pk}-2025"
    indicator = "Taux de &quot;dépistage&quot; &lt;2 ans&gt;"

    assert parse_html(grid_cell(row, cell)) == parse_html(
        '<td class="">'
        f'<label class="fr-label fr-text--xs fr-mb-0" for="numerator-{name}">Numérateur'
        f'<span class="fr-sr-only"> (Dépistées), {indicator}, 2025</span></label>'
        f'<input class="fr-input fr-mb-1v" type="text" inputmode="decimal" size="6" '
        f'id="numerator-{name}" name="numerator-{name}" value="12">'
        f'<label class="fr-label fr-text--xs fr-mb-0" for="denominator-{name}">Dénominateur'
        f'<span class="fr-sr-only"> (Invitées &amp; relancées), {indicator}, 2025</span></label>'
        f'<input class="fr-input fr-mb-1v" type="text" inputmode="decimal" size="6" '
        f'id="denominator-{name}" name="denominator-{name}" value="&quot;40&quot;">'
        f'<label class="fr-label fr-text--xs fr-mb-0" for="value-{name}">Valeur'
        f'<span class="fr-sr-only">, {indicator}, 2025</span></label>'
        f'<input class="fr-input" type="text" inputmode="decimal" size="6" '
        f'id="value-{name}" name="value-{name}" value="30,0">'
        "</td>"
    )


def test_a_refused_entry_is_marked_with_its_reason():
    row = _row(True)
    cell = GridCell(PERIOD, None, typed={"value": "abc"}, error="Saisissez un <nombre>.")
    name = f"{row.indicator.pk}-2025"

    html = grid_cell(row, cell)

    assert parse_html(html) == parse_html(
        '<td class="fr-input-group--error">'
        f'<label class="fr-label fr-text--xs fr-mb-0" for="value-{name}">Valeur'
        '<span class="fr-sr-only">, Taux de &quot;dépistage&quot; &lt;2 ans&gt;, 2025</span>'
        "</label>"
        '<input class="fr-input fr-input--error" type="text" inputmode="decimal" size="6" '
        f'id="value-{name}" name="value-{name}" value="abc" aria-describedby="error-{name}">'
        f'<p class="fr-message fr-message--error fr-text--xs" id="error-{name}">'
        "Saisissez un &lt;nombre&gt;.</p>"
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
        '<p class="fr-text--xs fr-mb-0">Motif du refus : Source &lt;à préciser&gt;</p></td>'
    )


@pytest.mark.parametrize(
    ("status", "mark"),
    [
        (ValueStatus.DRAFT, "Non validée (brouillon)"),
        (ValueStatus.SUBMITTED, "Non validée (soumise)"),
    ],
)
def test_a_value_not_yet_validated_is_marked_as_such_with_its_comment(status, mark):
    row = _row(False)
    value = IndicatorValueFactory(
        indicator=row.indicator, period="2025", value=Decimal(12), status=status, comment="<INSEE>"
    )

    html = grid_cell(row, GridCell(PERIOD, value))

    assert parse_html(html) == parse_html(
        f'<td class="">12<br><span class="fr-badge fr-badge--sm fr-badge--warning">{mark}</span>'
        '<p class="fr-text--xs fr-mb-0">&lt;INSEE&gt;</p></td>'
    )


def test_an_empty_read_only_cell_shows_a_dash():
    assert parse_html(grid_cell(_row(False), GridCell(PERIOD, None))) == parse_html(
        '<td class="">—</td>'
    )
