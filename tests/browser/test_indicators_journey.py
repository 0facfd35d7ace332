"""A coordinator reads the indicators at a glance: a chart per indicator on the « Indicateurs »
tab, its figures as a table, an indicator's own page; then opens the values grid on the
current year, chooses a quarter and saves a value, which shows as not yet validated. Every
page passes axe-core."""

import datetime
from decimal import Decimal

import pytest

from indicators.enums import Periodicity, ValueStatus
from indicators.models import IndicatorValue
from tests.actors.factories import PASSWORD, PersonFactory, UserFactory
from tests.browser.conftest import log_in
from tests.contracts.factories import ContractFactory, CoordinatorAssignmentFactory
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEARLY = "Part des habitants avec un médecin traitant"
QUARTERLY = "Part des séniors repérés"


@pytest.fixture
def followed():
    contract = ContractFactory(
        title="CLS de Belle-Île-en-Mer 2024-2028",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2028, 12, 31),
    )
    yearly = IndicatorFactory(
        contract=contract, definition__name=YEARLY, baseline_value=40, target_value=60
    )
    IndicatorValueFactory(
        indicator=yearly, period="2024", value=Decimal(44), status=ValueStatus.VALIDATED
    )
    IndicatorValueFactory(
        indicator=yearly,
        period="2025",
        value=Decimal(48),
        comment="Chiffre provisoire transmis par l'Assurance maladie en attendant le relevé "
        "définitif du second semestre",
    )
    quarterly = IndicatorFactory(
        contract=contract,
        definition__name=QUARTERLY,
        definition__periodicity=Periodicity.QUARTER,
        definition__numerator_label="Séniors repérés",
        definition__denominator_label="Séniors de 75 ans et plus",
    )
    coordinator = UserFactory(email="coordination@exemple.fr")
    CoordinatorAssignmentFactory(contract=contract, person=PersonFactory(user=coordinator))
    return coordinator, contract, quarterly


def test_coordinator_reads_the_charts_and_enters_a_value_of_a_quarter(
    page, followed, check_accessibility
):
    coordinator, contract, quarterly = followed
    log_in(page, coordinator.email, PASSWORD)

    page.goto(f"/contracts/{contract.pk}/indicators/")
    chart = page.get_by_role("img", name=f"Évolution de l'indicateur {quarterly.definition.code}")
    assert chart.is_visible()
    assert page.locator("svg.chart").count() == 2
    assert page.locator("svg.chart .value--unvalidated").count() == 1  # the 2025 draft
    page.get_by_role("button", name=f"Valeurs en tableau : {YEARLY}").click()
    table = page.get_by_role("table", name=f"Valeurs de l'indicateur « {YEARLY} »")
    table.wait_for(state="visible")  # the accordion opens with a transition
    assert table.get_by_text("Non validée (brouillon)").is_visible()
    check_accessibility(page)

    page.get_by_role("link", name=YEARLY).first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=YEARLY).is_visible()
    assert page.get_by_role("img", name="Évolution de l'indicateur").is_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Saisir les valeurs").click()
    page.wait_for_load_state()
    # The grid opens on the current year (the clock says November 2026).
    assert page.get_by_label("Période affichée").input_value() == "2026"
    assert page.get_by_label(f"Valeur, {YEARLY}, 2026").is_visible()
    assert page.get_by_label(f"{YEARLY}, 2025").count() == 0
    check_accessibility(page)

    page.get_by_label("Période affichée").select_option(label="3e trimestre 2026")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_load_state()
    assert "periode=2026-Q3" in page.url
    assert page.get_by_label(f"{QUARTERLY}, 2026-Q4").count() == 0
    page.get_by_label(
        f"Numérateur ({quarterly.definition.numerator_label}), {QUARTERLY}, 2026-Q3"
    ).fill("30")
    page.get_by_label(f"Dénominateur (Séniors de 75 ans et plus), {QUARTERLY}, 2026-Q3").fill("120")
    page.get_by_role("button", name="Enregistrer les valeurs").click()
    page.wait_for_load_state()
    assert "periode=2026-Q3" in page.url
    saved = IndicatorValue.objects.get(indicator=quarterly)
    assert (saved.period, saved.value, saved.status) == ("2026-Q3", Decimal(25), ValueStatus.DRAFT)
    assert page.get_by_text("Non validée (brouillon)").first.is_visible()
    check_accessibility(page)


def test_a_long_comment_wraps_inside_its_column(page, followed, check_accessibility):
    coordinator, contract, _ = followed
    log_in(page, coordinator.email, PASSWORD)
    page.goto(f"/contracts/{contract.pk}/values/?periode=2025")
    comment = page.get_by_text("Chiffre provisoire transmis")
    table = page.locator("table", has=comment)
    container = page.locator(".fr-table__content", has=comment)
    # The comment wraps over several lines and the table fits its container: no column
    # pushed out of sight.
    assert comment.bounding_box()["height"] > 40
    assert table.bounding_box()["width"] <= container.bounding_box()["width"] + 1
    check_accessibility(page)
