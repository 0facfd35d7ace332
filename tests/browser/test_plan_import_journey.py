"""A coordinator brings a plan kept in the Territoires en Transitions template into a new
contract, then updates it by importing the edited workbook again; and maps the columns of a
spreadsheet of their own. Every page passes axe-core."""

import datetime
import io

import pytest
from openpyxl import Workbook

from tests.actors.factories import PASSWORD, PersonFactory, UserFactory
from tests.browser.conftest import log_in
from tests.contracts.factories import ContractFactory, CoordinatorAssignmentFactory
from tests.indicators.test_plan_import_layouts import TET_HEADERS, TET_PLAN, tet_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def coordination():
    contract = ContractFactory(
        title="CLS de Belle-Île-en-Mer 2029-2033",
        status="elaboration",
        signed_on=None,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2030, 12, 31),
    )
    coordinator = UserFactory(email="coordination@exemple.fr")
    CoordinatorAssignmentFactory(contract=contract, person=PersonFactory(user=coordinator))
    return coordinator, contract


def _upload(page, content: bytes, name="plan.xlsx"):
    page.get_by_label("Classeur Excel (.xlsx)").set_input_files(
        {"name": name, "mimeType": XLSX, "buffer": content}
    )
    page.get_by_role("button", name="Voir l'aperçu").click()
    page.wait_for_load_state()


def test_coordinator_imports_a_territoires_en_transitions_plan_then_updates_it(
    page, coordination, check_accessibility
):
    coordinator, contract = coordination
    log_in(page, coordinator.email, PASSWORD)
    page.goto(f"/contracts/{contract.pk}/plan/import/")
    check_accessibility(page)

    _upload(page, tet_workbook(TET_PLAN), "modele-import-pa.xlsx")
    assert page.get_by_text("Comment le fichier a été lu").is_visible()
    assert page.get_by_text("Statut vide : lu « Prévue » (ligne 7).").is_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Confirmer l'import").click()
    page.wait_for_load_state()
    assert page.get_by_text("Plan importé").is_visible()
    assert contract.actions.count() == 3

    changed = [list(row) for row in TET_PLAN]
    changed[2][TET_HEADERS.index("Statut")] = "Réalisé"
    page.goto(f"/contracts/{contract.pk}/plan/import/")
    _upload(page, tet_workbook(changed), "modele-import-pa.xlsx")
    table = page.get_by_role("table", name="Fiches actions : modifications, champ par champ")
    assert table.get_by_role("cell", name="Réalisée").is_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Confirmer l'import").click()
    page.wait_for_load_state()
    assert contract.actions.get(number="2.1").status == "done"


def test_coordinator_maps_the_columns_of_a_spreadsheet_of_their_own(
    page, coordination, check_accessibility
):
    coordinator, contract = coordination
    book = Workbook()
    book.active.append(["Axe", "Intitulé de l'action", "Pilote de l'action", "Statut"])
    book.active.append(["1. Accès aux soins", "Maison de santé", "Mairie", "En cours"])
    buffer = io.BytesIO()
    book.save(buffer)
    log_in(page, coordinator.email, PASSWORD)
    page.goto(f"/contracts/{contract.pk}/plan/import/")

    _upload(page, buffer.getvalue())
    assert page.get_by_role("heading", name="Dites ce que contient chaque colonne").is_visible()
    check_accessibility(page)
    page.get_by_label("Colonne « Pilote de l'action »").select_option("lead_organisation")
    page.get_by_role("button", name="Voir l'aperçu").click()
    page.wait_for_load_state()
    assert page.get_by_text("Le classeur est prêt à être importé").is_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Confirmer l'import").click()
    page.wait_for_load_state()
    action = contract.actions.get()
    assert (action.title, action.lead_organisation.name) == ("Maison de santé", "Mairie")
