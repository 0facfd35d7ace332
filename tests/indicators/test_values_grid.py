"""The values grid of a contract (and of an action): entering many values at once, French
numbers, refused cells shown while valid ones are kept, and the review workflow by persona."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertInHTML

from contracts.models import Contract
from indicators.enums import CatalogueScope, Periodicity, ValueStatus
from indicators.models import Indicator, IndicatorDefinition, IndicatorValue
from tests.actors.factories import PersonFactory, UserFactory
from tests.contracts.factories import CoordinatorAssignmentFactory
from tests.indicators.factories import (
    IndicatorDefinitionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
)


@pytest.fixture
def indicators(world):
    """A yearly % indicator of the contract, a quarterly ratio one, and one of the lead's action."""
    yearly = IndicatorFactory(contract=world.contract, definition__name="Taux de vaccination")
    ratio = IndicatorFactory(
        contract=world.contract,
        definition__name="Part des séniors repérés",
        definition__periodicity=Periodicity.QUARTER,
        definition__numerator_label="Séniors repérés",
        definition__denominator_label="Séniors de 75 ans et plus",
    )
    led = IndicatorFactory(
        contract=world.contract,
        action=world.lead_action,
        definition__name="Ateliers tenus",
        definition__unit="nombre",
        definition__max_value=None,
    )
    return yearly, ratio, led


def grid_url(contract, period=None):
    url = reverse("values_grid", args=[contract.pk])
    return f"{url}?periode={period}" if period else url


def cell(indicator, period, part="value"):
    return f"{part}-{indicator.pk}-{period}"


def test_grid_shows_each_row_with_its_own_periods(client, world, indicators):
    yearly, ratio, _ = indicators
    client.force_login(world.coordinator)
    response = client.get(grid_url(world.contract, "tout"))
    assert response.status_code == 200
    groups = {group.periodicity: group for group in response.context["groups"]}
    # The contract runs from 2024 to 2028.
    assert [p.code for p in groups["year"].periods] == ["2024", "2025", "2026", "2027", "2028"]
    assert len(groups["quarter"].periods) == 20
    assert cell(yearly, "2026") in response.text
    assert cell(ratio, "2026-Q1", "numerator") in response.text
    assert cell(yearly, "2026-Q1") not in response.text


def periods_shown(response) -> dict[str, list[str]]:
    return {
        group.periodicity: [period.code for period in group.periods]
        for group in response.context["groups"]
    }


def test_grid_opens_on_the_current_year(client, world, indicators):
    client.force_login(world.coordinator)
    response = client.get(grid_url(world.contract))
    # The clock says 22 November 2026.
    assert periods_shown(response) == {
        "year": ["2026"],
        "quarter": ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"],
    }
    assertInHTML('<option value="2026" selected>Année 2026</option>', response.text)
    assert "Valeurs des indicateurs" in response.text and "— 2026" in response.text


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "year"),
    [("2021-01-01", "2025-12-31", "2025"), ("2027-07-01", "2031-06-30", "2027")],
)
def test_outside_the_term_the_grid_opens_on_its_nearest_year(
    client, world, indicators, starts_on, ends_on, year
):
    Contract.objects.filter(pk=world.contract.pk).update(starts_on=starts_on, ends_on=ends_on)
    client.force_login(world.coordinator)
    assert periods_shown(client.get(grid_url(world.contract)))["year"] == [year]


def test_a_sub_annual_period_narrows_the_columns_of_every_row(client, world, indicators):
    client.force_login(world.coordinator)
    response = client.get(grid_url(world.contract, "2027-Q3"))
    # The yearly row shows the year the quarter belongs to.
    assert periods_shown(response) == {"year": ["2027"], "quarter": ["2027-Q3"]}
    assert "3e trimestre 2027" in response.text


def test_the_selector_offers_the_term_each_year_and_the_periods_of_its_indicators(
    client, world, indicators
):
    client.force_login(world.coordinator)
    choices = client.get(grid_url(world.contract)).context["window_choices"]
    assert [choice.year for choice in choices] == [2024, 2025, 2026, 2027, 2028]
    # Quarterly indicators: their quarters; no month nor semester without such indicators.
    assert [period.code for period in choices[2].periods] == [
        "2026",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    response = client.get(grid_url(world.contract, "tout"))
    assertInHTML('<option value="tout" selected>Toute la durée du contrat</option>', response.text)
    assert len(periods_shown(response)["quarter"]) == 20


@pytest.mark.parametrize("period", ["2031", "2026-Q7", "abc", "2021-S1"])
def test_a_period_outside_the_term_or_malformed_shows_the_current_year(
    client, world, indicators, period
):
    client.force_login(world.coordinator)
    assert periods_shown(client.get(grid_url(world.contract, period)))["year"] == ["2026"]


def test_saving_comes_back_to_the_period_shown(client, world, indicators):
    yearly, ratio, _ = indicators
    client.force_login(world.coordinator)
    response = client.post(
        grid_url(world.contract, "2025-Q2"),
        {cell(yearly, "2025"): "41", cell(ratio, "2025-Q2", "numerator"): "3"},
    )
    # The ratio's cell lacks its denominator: refused, and shown again on the same period.
    assert response.status_code == 422
    assert periods_shown(response)["quarter"] == ["2025-Q2"]
    response = client.post(grid_url(world.contract, "2025-Q2"), {cell(yearly, "2025"): "42"})
    assert response.status_code == 302
    assert response.url == grid_url(world.contract, "2025-Q2")


def test_every_input_has_a_visible_label_and_comments_wrap(client, world, indicators):
    yearly, ratio, _ = indicators
    IndicatorValueFactory(
        indicator=yearly, period="2026", comment="Estimation provisoire " * 10, status="submitted"
    )
    client.force_login(world.coordinator)
    text = client.get(grid_url(world.contract)).text
    for part, label in (("numerator", "Numérateur"), ("denominator", "Dénominateur")):
        name = cell(ratio, "2026-Q1", part)
        assert f'<label class="fr-label fr-text--xs fr-mb-0" for="{name}">{label}' in text
        assert f'id="{name}"' in text
    assert f'for="{cell(yearly, "2026")}">Valeur' in text
    assert "placeholder=" not in text
    # The grid's tables wrap their cells (site.css `.values-grid td`), comments included.
    assert text.count('<table class="values-grid">') == 2
    assert text.count("fr-table--multiline") == 2
    assert "Estimation provisoire" in text
    assert "Non validée (soumise)" in text


def test_valid_cells_are_saved_and_refused_ones_shown_with_their_message(client, world, indicators):
    yearly, ratio, led = indicators
    client.force_login(world.coordinator)
    response = client.post(
        grid_url(world.contract, "tout"),
        {
            cell(yearly, "2024"): "12,5",
            cell(yearly, "2025"): "1 0,5",
            cell(yearly, "2026"): "150",
            cell(yearly, "2027"): "douze",
            cell(ratio, "2026-Q1", "numerator"): "30",
            cell(ratio, "2026-Q1", "denominator"): "120",
            cell(ratio, "2026-Q2", "numerator"): "130",
            cell(ratio, "2026-Q2", "denominator"): "120",
            cell(ratio, "2026-Q2"): "50",
            cell(led, "2025"): "8",
        },
    )

    assert response.status_code == 422
    saved = {(v.indicator_id, v.period): v for v in IndicatorValue.objects.all()}
    assert saved[(yearly.pk, "2024")].value == Decimal("12.5")
    assert saved[(yearly.pk, "2025")].value == Decimal("10.5")
    # Numerator and denominator give the value, a percentage since the unit is %.
    assert saved[(ratio.pk, "2026-Q1")].value == Decimal("25")
    assert saved[(led.pk, "2025")].value == Decimal("8")
    assert set(saved) == {
        (yearly.pk, "2024"),
        (yearly.pk, "2025"),
        (ratio.pk, "2026-Q1"),
        (led.pk, "2025"),
    }
    assert all(
        v.status == ValueStatus.DRAFT and v.entered_by == world.coordinator for v in saved.values()
    )
    text = response.text
    assert "La valeur doit être inférieure ou égale à 100." in text
    assert "« douze » n&#x27;est pas un nombre" in text
    assert "Le numérateur ne peut pas dépasser le dénominateur." in text
    # What was typed in refused cells is shown again.
    assert 'value="douze"' in text and 'value="150"' in text
    assert "4 valeurs enregistrées ; 3 refusées" in text


def test_a_period_outside_the_term_is_refused(client, world, indicators):
    yearly, _, _ = indicators
    client.force_login(world.coordinator)
    response = client.post(grid_url(world.contract), {cell(yearly, "2031"): "50"})
    assert response.status_code == 422
    assert "est en dehors de la durée du contrat" in response.text
    assert not IndicatorValue.objects.exists()


def test_unchanged_cells_keep_their_status(client, world, indicators):
    yearly, _, _ = indicators
    value = IndicatorValueFactory(indicator=yearly, period="2025", value=Decimal("45.5"))
    value.status = ValueStatus.VALIDATED
    value.save()
    client.force_login(world.coordinator)
    page = client.get(grid_url(world.contract, "2025"))
    assert 'value="45,5"' in page.text
    response = client.post(grid_url(world.contract), {cell(yearly, "2025"): "45,5"})
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.status == ValueStatus.VALIDATED


def test_action_lead_enters_values_of_their_action_only(client, world, indicators):
    yearly, _, led = indicators
    client.force_login(world.lead)
    action_grid = reverse("action_values_grid", args=[world.contract.pk, world.lead_action.pk])
    page = client.get(action_grid)
    assert page.status_code == 200
    assert cell(led, "2026") in page.text
    assert client.post(action_grid, {cell(led, "2026"): "3"}).status_code == 302
    assert IndicatorValue.objects.get(indicator=led).value == 3
    # The contract's grid shows the other rows read-only; posting them is refused.
    contract_page = client.get(grid_url(world.contract))
    assert cell(yearly, "2026") not in contract_page.text
    response = client.post(grid_url(world.contract), {cell(yearly, "2026"): "50"})
    assert response.status_code == 403
    assert not IndicatorValue.objects.filter(indicator=yearly).exists()


def test_collectivite_reader_sees_the_grid_read_only(client, world, indicators):
    yearly, _, _ = indicators
    IndicatorValueFactory(indicator=yearly, period="2025", value=Decimal("45"))
    client.force_login(world.reader)
    page = client.get(grid_url(world.contract, "2025"))
    assert page.status_code == 200
    assert "45" in page.text
    assert "Non validée (brouillon)" in page.text
    assert "Enregistrer les valeurs" not in page.text
    assert cell(yearly, "2025") not in page.text
    assert client.post(grid_url(world.contract), {cell(yearly, "2026"): "50"}).status_code == 403
    assert client.post(reverse("values_submit", args=[world.contract.pk])).status_code == 403


def test_other_contracts_people_get_a_404(client, world, indicators):
    other = UserFactory()
    CoordinatorAssignmentFactory(contract=world.other_contract, person=PersonFactory(user=other))
    for user in (other, world.other_agent):
        client.force_login(user)
        assert client.get(grid_url(world.contract)).status_code == 404


# --- The review workflow -----------------------------------------------------------------------


def test_coordinator_submits_drafts_and_the_ars_validates_or_rejects(client, world, indicators):
    yearly = indicators[0]
    first = IndicatorValueFactory(indicator=yearly, period="2024", value=Decimal("41"))
    second = IndicatorValueFactory(indicator=yearly, period="2025", value=Decimal("45"))

    client.force_login(world.coordinator)
    response = client.post(reverse("values_submit", args=[world.contract.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == ValueStatus.SUBMITTED
    # The coordinator may not validate their own figures.
    validate = reverse("value_validate", args=[world.contract.pk, first.pk])
    assert client.post(validate).status_code == 403

    client.force_login(world.agent)
    page = client.get(grid_url(world.contract))
    assert validate in page.text
    assert client.post(validate).status_code == 302
    first.refresh_from_db()
    assert (first.status, first.validated_by) == (ValueStatus.VALIDATED, world.agent)

    reject = reverse("value_reject", args=[world.contract.pk, second.pk])
    page = client.post(reject, {"comment": ""}, follow=True)
    assert "Expliquez le motif du refus." in page.text
    second.refresh_from_db()
    assert second.status == ValueStatus.SUBMITTED
    client.post(reject, {"comment": "Source à préciser"})
    second.refresh_from_db()
    assert (second.status, second.review_comment) == (ValueStatus.REJECTED, "Source à préciser")
    assert "Source à préciser" in client.get(grid_url(world.contract, "2025")).text


@pytest.mark.parametrize("persona", ["lead", "reader"])
def test_only_ars_staff_validate(client, world, indicators, persona):
    value = IndicatorValueFactory(indicator=indicators[0], period="2025")
    value.status = ValueStatus.SUBMITTED
    value.save()
    client.force_login(getattr(world, persona))
    assert (
        client.post(reverse("value_validate", args=[world.contract.pk, value.pk])).status_code
        == 403
    )
    assert (
        client.post(
            reverse("value_reject", args=[world.contract.pk, value.pk]), {"comment": "Non"}
        ).status_code
        == 403
    )
    value.refresh_from_db()
    assert value.status == ValueStatus.SUBMITTED


# --- Adding indicators -------------------------------------------------------------------------


def test_coordinator_adds_an_indicator_from_the_catalogue(client, world):
    definition = IndicatorDefinitionFactory(scope=CatalogueScope.NATIONAL)
    client.force_login(world.coordinator)
    url = reverse("indicator_add", args=[world.contract.pk])
    assert escape(definition.name) in client.get(url).text
    response = client.post(
        url,
        {
            "definition": definition.pk,
            "new_kind": "process",
            "new_periodicity": "year",
            "new_direction": "up",
            "new_geographic_level": "territory",
            "action": world.lead_action.pk,
            "baseline_value": "40,5",
            "target_value": "60",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(contract=world.contract)
    assert (indicator.definition, indicator.action, indicator.baseline_value) == (
        definition,
        world.lead_action,
        Decimal("40.5"),
    )


def test_coordinator_creates_an_indicator_of_the_contracts_own(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("indicator_add", args=[world.contract.pk]),
        {
            "new_name": "Nombre de permanences de la maison de santé",
            "new_kind": "process",
            "new_unit": "nombre",
            "new_periodicity": "semester",
            "new_direction": "up",
            "new_min_value": "0",
            "new_geographic_level": "territory",
        },
    )
    assert response.status_code == 302
    definition = IndicatorDefinition.objects.get(scope=CatalogueScope.CONTRACT)
    assert definition.contract == world.contract
    assert definition.code == f"CLS{world.contract.pk}-1"
    assert Indicator.objects.get().definition == definition


def test_definitions_of_another_contract_are_not_offered(client, world):
    foreign = IndicatorDefinitionFactory(
        scope=CatalogueScope.CONTRACT, contract=world.other_contract
    )
    client.force_login(world.coordinator)
    url = reverse("indicator_add", args=[world.contract.pk])
    assert escape(foreign.name) not in client.get(url).text


@pytest.mark.parametrize("persona", ["lead", "reader"])
def test_lead_and_reader_may_not_add_indicators(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("indicator_add", args=[world.contract.pk])).status_code == 403


def test_indicators_tab_links_the_grid(client, world):
    client.force_login(world.coordinator)
    text = client.get(reverse("contract_indicators", args=[world.contract.pk])).text
    assert grid_url(world.contract) in text


@pytest.mark.parametrize("rows", [1, 5])
def test_grid_query_count_does_not_grow_with_the_rows(
    client, world, django_assert_num_queries, rows
):
    for index in range(rows):
        indicator = IndicatorFactory(contract=world.contract, action=world.lead_action)
        IndicatorValueFactory(indicator=indicator, period="2025", value=Decimal(index))
    client.force_login(world.lead)
    with django_assert_num_queries(7):
        # 1-2 session and user; 3 memberships (roles) and ids of the contracts seen; 4 the
        # contract; 5 is the user coordinating (header buttons, and which rows are editable);
        # 6 the visible indicators with definition, action and lead; 7 their values with
        # who entered them.
        client.get(grid_url(world.contract))
