"""The indicators read at a glance: the « Indicateurs » tab draws each indicator's values
against its baseline and target, an indicator has a page of its own (definition, chart, table
of values), and a value the ARS has not validated says so wherever it is shown."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.enums import ValueStatus
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

HOLLOW = 'class="value value--unvalidated"'
FILLED = 'class="value" '


def tab_url(contract):
    return reverse("contract_indicators", args=[contract.pk])


def detail_url(indicator):
    return reverse("indicator_detail", args=[indicator.contract_id, indicator.pk])


@pytest.fixture
def followed(world):
    """An indicator of the contract with a validated, a submitted, a draft and a rejected
    value, and an indicator of the lead's action, made confidential."""
    indicator = IndicatorFactory(
        contract=world.contract,
        definition__name="Part des habitants avec un médecin traitant",
        definition__code="CLS-MT",
        definition__description="Habitants ayant déclaré un médecin traitant / habitants.",
        definition__source="Assurance maladie",
        baseline_value=Decimal(40),
        target_value=Decimal(60),
    )
    for period, status, value in (
        ("2024", ValueStatus.VALIDATED, 42),
        ("2025", ValueStatus.SUBMITTED, 47),
        ("2026", ValueStatus.DRAFT, 51),
        ("2027", ValueStatus.REJECTED, 99),
    ):
        IndicatorValueFactory(
            indicator=indicator,
            period=period,
            value=Decimal(value),
            status=status,
            comment=f"Relevé {period}",
            review_comment="Chiffre aberrant" if status == ValueStatus.REJECTED else "",
        )
    world.lead_action.is_confidential = True
    world.lead_action.save()
    secret = IndicatorFactory(
        contract=world.contract, action=world.lead_action, definition__name="Médiations tenues"
    )
    return indicator, secret


# --- The « Indicateurs » tab -------------------------------------------------------------------


def test_the_tab_draws_each_indicator_against_its_baseline_and_target(client, world, followed):
    client.force_login(world.coordinator)
    text = client.get(tab_url(world.contract)).text
    assert text.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 2
    assert "<title>Évolution de l&#x27;indicateur CLS-MT — Part des habitants" in text
    assert "Réf. 40" in text and "Cible 60" in text
    # 2024 validated: a filled dot; 2025 submitted and 2026 draft: hollow; 2027 rejected: none.
    assert text.count(HOLLOW) == 2 and text.count(FILLED) == 1
    assert "Valeur non validée" in text  # the legend
    assert "<desc>Référence 40 ; cible 60 ; 2024 : 42 ; 2025 : 47 (non validée)" in text
    assert "2 valeurs non validées" in text


def test_the_tab_gives_the_charts_figures_as_tables_with_their_status(client, world, followed):
    indicator, _ = followed
    client.force_login(world.reader)
    response = client.get(tab_url(world.contract))
    text = response.text
    assert f'aria-controls="valeurs-{indicator.pk}"' in text
    for mark in ("Validée", "Non validée (soumise)", "Non validée (brouillon)", "Refusée"):
        assert mark in text
    # The latest value is the latest not rejected, marked as not validated.
    row = response.context["rows"][0]
    assert (row.latest.period, row.achievement_percent) == ("2026", 55)
    # The reader does not see the confidential action's indicator.
    assert "Médiations tenues" not in text
    assert text.count('class="chart"') == 1
    assert detail_url(indicator) in text


@pytest.mark.parametrize("rows", [1, 5])
def test_tab_query_count_does_not_grow_with_indicators_and_values(
    client, world, django_assert_num_queries, rows
):
    for index in range(rows):
        indicator = IndicatorFactory(contract=world.contract, action=world.lead_action)
        for period in ("2024", "2025", "2026"):
            IndicatorValueFactory(indicator=indicator, period=period, value=Decimal(index))
    client.force_login(world.coordinator)
    with django_assert_num_queries(8):
        # 1-2 session and user; 3 memberships (roles) and ids of the contracts seen; 4 the
        # contract with its header; 5 is the user coordinating (confidential actions); 6 the
        # indicators with definition and action; 7 their values; 8 is the user coordinating
        # (the header's buttons, asked again).
        assert client.get(tab_url(world.contract)).status_code == 200


# --- An indicator's page -----------------------------------------------------------------------


def test_an_indicators_page_has_its_definition_chart_and_values(client, world, followed):
    indicator, _ = followed
    client.force_login(world.agent)
    response = client.get(detail_url(indicator))
    assert response.status_code == 200
    text = response.text
    assert "Part des habitants avec un médecin traitant" in text
    assert "Habitants ayant déclaré un médecin traitant / habitants." in text
    assert "Assurance maladie" in text
    assert text.count('class="chart"') == 1 and 'width="480"' in text
    assert text.count(HOLLOW) == 2
    # Every value, the rejected one too, with its status, comment and review.
    for period in ("2024", "2025", "2026", "2027"):
        assert f'<th scope="row">{period}</th>' in text
        assert f"Relevé {period}" in text
    assert "Motif : Chiffre aberrant" in text
    assert text.count("Non validée (") == 3  # 2025 and 2026 in the table, 2026 as the latest
    assert "Saisir les valeurs" in text


@pytest.mark.parametrize(
    ("persona", "public", "confidential"),
    [
        ("reader", 200, 404),
        ("lead", 200, 200),
        ("coordinator", 200, 200),
        ("agent", 200, 200),
        ("other_agent", 404, 404),
        ("admin", 200, 200),
    ],
)
def test_who_opens_an_indicators_page(client, world, followed, persona, public, confidential):
    indicator, secret = followed
    client.force_login(getattr(world, persona))
    assert client.get(detail_url(indicator)).status_code == public
    assert client.get(detail_url(secret)).status_code == confidential


def test_anonymous_visitors_are_sent_to_log_in(client, world, followed):
    response = client.get(detail_url(followed[0]))
    assert response.status_code == 302 and "connexion" in response.url


@pytest.mark.parametrize(("persona", "button"), [("lead", "Saisir"), ("reader", "Voir la grille")])
def test_the_page_offers_the_grid_to_enter_or_to_read(client, world, followed, persona, button):
    _, secret = followed
    world.lead_action.is_confidential = False
    world.lead_action.save()
    client.force_login(getattr(world, persona))
    text = client.get(detail_url(secret)).text
    assert button in text
    assert reverse("action_values_grid", args=[world.contract.pk, world.lead_action.pk]) in text


def test_an_indicator_of_another_contract_is_not_found_under_this_one(client, world):
    foreign = IndicatorFactory(contract=world.other_contract)
    client.force_login(world.agent)
    url = reverse("indicator_detail", args=[world.contract.pk, foreign.pk])
    assert client.get(url).status_code == 404
    huge = reverse("indicator_detail", args=[world.contract.pk, 2**64])
    assert client.get(huge).status_code == 404


@pytest.mark.parametrize("values", [1, 5])
def test_page_query_count_does_not_grow_with_values(
    client, world, django_assert_num_queries, values
):
    indicator = IndicatorFactory(contract=world.contract, action=world.lead_action)
    for year in range(2024, 2024 + values):
        IndicatorValueFactory(indicator=indicator, period=str(year), value=Decimal(year))
    client.force_login(world.lead)
    with django_assert_num_queries(7):
        # 1-2 session and user; 3 memberships (roles) and ids of the contracts seen; 4 the
        # contract with its header; 5 the indicator with definition, action and lead, person
        # in charge, if the user may see it; 6 its values with who entered and reviewed them;
        # 7 is the user coordinating (header, and may they enter values).
        assert client.get(detail_url(indicator)).status_code == 200


# --- The fiche action ----------------------------------------------------------------------------


def test_the_fiche_action_marks_its_latest_values_not_yet_validated(client, world, followed):
    _, secret = followed
    IndicatorValueFactory(indicator=secret, period="2026", value=Decimal(3))
    client.force_login(world.lead)
    sheet = client.get(reverse("action_sheet", args=[world.contract.pk, world.lead_action.pk]))
    assert "Non validée (brouillon)" in sheet.text
    assert detail_url(secret) in sheet.text
    printed = client.get(reverse("action_print", args=[world.contract.pk, world.lead_action.pk]))
    assert "(2026, non validée (brouillon))" in printed.text
