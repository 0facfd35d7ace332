"""A coordinator edits an action sheet, adds a follow-up note and enters values in the grid
(one refused); the sheet form works with the keyboard alone. Every page passes axe-core."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from actions.enums import ActionStatus
from indicators.enums import ValueStatus
from indicators.models import IndicatorValue
from reports.enums import ReportKind
from tests.actions.factories import ActionFactory, MilestoneFactory
from tests.actors.factories import PASSWORD, PersonFactory, UserFactory
from tests.browser.conftest import log_in
from tests.contracts.factories import AxisFactory, ContractFactory, CoordinatorAssignmentFactory
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordination():
    contract = ContractFactory(
        title="CLS de Belle-Île-en-Mer 2024-2028",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2028, 12, 31),
    )
    axis = AxisFactory(contract=contract, number=1, title="Accès aux soins")
    action = ActionFactory(
        axis=axis, number="1.1", title="Maison de santé de Le Palais", status=ActionStatus.PLANNED
    )
    indicator = IndicatorFactory(
        contract=contract, definition__name="Part des habitants avec un médecin traitant"
    )
    coordinator = UserFactory(email="coordination@exemple.fr")
    CoordinatorAssignmentFactory(contract=contract, person=PersonFactory(user=coordinator))
    return coordinator, contract, action, indicator


def test_coordinator_updates_a_sheet_adds_a_note_and_fills_the_grid(
    page, coordination, check_accessibility
):
    coordinator, contract, action, indicator = coordination
    log_in(page, coordinator.email, PASSWORD)

    page.goto(f"/contracts/{contract.pk}/actions/")
    page.get_by_role("link", name="Maison de santé de Le Palais").click()
    check_accessibility(page)

    page.get_by_label("Note de suivi").fill(
        "Le permis de construire est déposé ; les travaux commencent en mars."
    )
    page.get_by_label("Nouveau statut de la fiche").select_option(ActionStatus.IN_PROGRESS)
    page.get_by_role("button", name="Ajouter la note").click()
    page.wait_for_load_state()
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    assert action.updates.get().author == coordinator

    page.goto(f"/contracts/{contract.pk}/values/?periode=tout")  # 2024 and 2025: the whole term
    check_accessibility(page)
    name = indicator.definition.name
    page.get_by_label(f"{name}, 2024").fill("45,5")
    page.get_by_label(f"{name}, 2025").fill("250")  # above the definition's maximum of 100
    page.get_by_role("button", name="Enregistrer les valeurs").click()
    page.wait_for_load_state()
    assert page.get_by_text("inférieure ou égale à 100").first.is_visible()
    assert page.get_by_label(f"{name}, 2025").input_value() == "250"  # what was typed is kept
    saved = IndicatorValue.objects.get(indicator=indicator)
    assert (saved.period, saved.value, saved.status) == ("2024", Decimal("45.5"), ValueStatus.DRAFT)
    check_accessibility(page)


def test_action_sheet_form_is_usable_with_the_keyboard_alone(
    page, coordination, check_accessibility
):
    coordinator, contract, action, _ = coordination
    log_in(page, coordinator.email, PASSWORD)
    page.goto(f"/contracts/{contract.pk}/actions/{action.pk}/edit/")
    check_accessibility(page)

    page.get_by_label("Intitulé").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Maison de santé pluriprofessionnelle de Le Palais")
    # Walk the whole form with Tab until the submit button has the focus, then press Enter.
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.outerHTML")
        if focused.startswith("<button") and 'type="submit"' in focused:
            break
    else:
        pytest.fail("Le bouton d'enregistrement n'est pas atteignable au clavier.")
    page.keyboard.press("Enter")
    page.get_by_text("La fiche action a été enregistrée.").wait_for()
    action.refresh_from_db()
    assert action.title == "Maison de santé pluriprofessionnelle de Le Palais"
    assert action.version == 2


def test_coordinator_asks_for_the_annual_review_waits_and_downloads_it(
    page, coordination, check_accessibility
):
    coordinator, contract, _, indicator = coordination
    IndicatorValueFactory(indicator=indicator, period="2025", value=Decimal("47"))
    log_in(page, coordinator.email, PASSWORD)
    page.goto(f"/contracts/{contract.pk}/reports/")
    check_accessibility(page)
    page.locator("#id_kind").select_option(ReportKind.ANNUAL_REVIEW)
    page.get_by_label("Année").select_option("2025")
    page.get_by_role("button", name="Lancer la préparation").click()
    # Tasks run in-process in tests: the page shows the document ready, or polls until it is.
    link = page.get_by_role("link", name="Télécharger le PDF").first
    link.wait_for(timeout=60_000)
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF-")
    check_accessibility(page)


def test_deleting_a_milestone_asks_first_in_a_dsfr_modal(page, coordination, check_accessibility):
    coordinator, contract, action, _ = coordination
    MilestoneFactory(action=action, title="Dépôt du permis de construire")
    log_in(page, coordinator.email, PASSWORD)
    page.goto(f"/contracts/{contract.pk}/actions/{action.pk}/")
    check_accessibility(page)
    browser_dialogs = []
    page.on("dialog", lambda dialog: browser_dialogs.append(dialog.message))
    modal = page.get_by_role("dialog", name="Supprimer l'étape ?")

    page.get_by_role("button", name="Supprimer l'étape « Dépôt du permis de construire »").click()
    modal.get_by_text("« Dépôt du permis de construire » sera supprimée").wait_for()
    check_accessibility(page)
    modal.get_by_role("button", name="Annuler").click()
    modal.wait_for(state="hidden")
    assert action.milestones.exists()

    page.get_by_role("button", name="Supprimer l'étape « Dépôt du permis de construire »").click()
    modal.get_by_role("button", name="Supprimer").click()
    page.get_by_text("L'étape a été supprimée.").wait_for()
    assert not action.milestones.exists()
    assert browser_dialogs == []  # never the browser's own confirm()
