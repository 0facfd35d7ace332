"""The fiches actions of a contract as lists that filter and show: a coordinator filters, moves
from view to view, chooses the table's columns, shares the address and exports what is shown;
a reader of another territory finds a good practice in the search. Every page passes axe-core."""

import csv
import datetime
import io
from pathlib import Path

import pytest

from actions.enums import ActionStatus, Priority
from actors.enums import MembershipRole, OrganisationKind
from tests.actions.factories import ActionFactory, MilestoneFactory
from tests.actors.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.browser.conftest import log_in
from tests.contracts.factories import (
    AxisFactory,
    ContractFactory,
    CoordinatorAssignmentFactory,
    SignatoryFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan():
    contract = ContractFactory(title="CLS de Belle-Île-en-Mer 2024-2028")
    care = AxisFactory(contract=contract, number=1, title="Accès aux soins")
    prevention = AxisFactory(contract=contract, number=2, title="Prévention")
    ActionFactory(
        axis=care,
        number="1.1",
        title="Maison de santé de Le Palais",
        status=ActionStatus.DONE,
    )
    late = ActionFactory(
        axis=care,
        number="1.2",
        title="Télémédecine dans les EHPAD",
        planned_end_on=datetime.date(2026, 6, 30),
        priority=Priority.HIGH,
    )
    MilestoneFactory(action=late, title="Équipement des EHPAD", due_on=datetime.date(2025, 9, 1))
    ActionFactory(axis=prevention, number="2.1", title="Ateliers nutrition au collège")
    ActionFactory(
        axis=prevention,
        number="2.2",
        title="Dépistage itinérant",
        status=ActionStatus.ABANDONED,
    )
    coordinator = UserFactory(email="coordination@exemple.fr")
    CoordinatorAssignmentFactory(contract=contract, person=PersonFactory(user=coordinator))
    return contract, coordinator


def test_coordinator_filters_switches_views_chooses_columns_and_exports(
    page, plan, check_accessibility
):
    contract, coordinator = plan
    log_in(page, coordinator.email, PASSWORD)
    page.goto(f"/contracts/{contract.pk}/actions/")
    # 1 done out of 3 that count: the abandoned one does not.
    assert page.get_by_text("Avancement du contrat : 33 %").is_visible()
    check_accessibility(page)

    page.get_by_label("Statut", exact=True).select_option(ActionStatus.IN_PROGRESS)
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Statut : En cours").is_visible()
    assert page.get_by_role("link", name="Maison de santé de Le Palais").count() == 0
    assert page.get_by_role("link", name="Télémédecine dans les EHPAD").is_visible()

    page.get_by_role("link", name="Tableau", exact=True).click()
    page.wait_for_load_state()
    # The column's box, not the filter; as the DSFR draws a box, its label takes the click.
    columns = page.get_by_role("group", name="Colonnes du tableau et des exports")
    columns.get_by_text("Priorité", exact=True).click()
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_load_state()
    assert page.get_by_role("columnheader", name="Priorité").is_visible()
    assert page.get_by_role("cell", name="Haute").is_visible()
    check_accessibility(page)

    shared = page.url  # the same list, from its address alone
    page.goto(f"/contracts/{contract.pk}/")
    page.goto(shared)
    assert page.get_by_role("columnheader", name="Priorité").is_visible()
    assert page.get_by_role("link", name="Statut : En cours").is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter ces fiches (CSV)").click()
    assert download.value.suggested_filename.startswith("fiches-actions-contrat-")
    rows = list(
        csv.reader(
            io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig")),
            delimiter=";",
        )
    )
    assert rows[0] == [
        "N°",
        "Intitulé",
        "Axe",
        "Structure pilote",
        "Statut",
        "Priorité",
        "Fin prévue",
    ]
    assert [row[0] for row in rows[1:]] == ["1.2", "2.1"]

    page.get_by_role("link", name="Par statut", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="En cours").is_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Calendrier", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("svg.timeline rect.timeline__bar--late").count() == 1
    page.get_by_text("Le calendrier sous forme de tableau").click()
    assert page.get_by_role("cell", name="Équipement des EHPAD : 01/09/2025").is_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Statut : En cours").click()  # removes the filter
    page.wait_for_load_state()
    assert page.locator("svg.timeline rect.timeline__bar").count() == 4


def test_a_filter_that_matches_nothing_offers_to_clear_the_filters(page, plan, check_accessibility):
    contract, coordinator = plan
    log_in(page, coordinator.email, PASSWORD)
    page.goto(f"/contracts/{contract.pk}/actions/?view=board&q=vaccination")
    assert page.get_by_text("Aucune fiche action ne correspond à ces filtres").is_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Retirer tous les filtres").last.click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="1.1 — Maison de santé de Le Palais").is_visible()
    assert "view=board" in page.url


def test_reader_finds_a_good_practice_of_another_territory(page, check_accessibility):
    own = ContractFactory(title="CLS de Belle-Île-en-Mer 2024-2028")
    collectivite = OrganisationFactory(kind=OrganisationKind.EPCI, name="CC de Belle-Île-en-Mer")
    SignatoryFactory(contract=own, organisation=collectivite)
    reader = UserFactory(email="elu@exemple.fr")
    MembershipFactory(user=reader, organisation=collectivite, role=MembershipRole.MEMBER)
    elsewhere = ContractFactory(title="CLS du Pays Ruffécois")
    ActionFactory(
        axis=AxisFactory(contract=elsewhere),
        title="Santé mentale des jeunes ruraux",
        description="Des points d'écoute dans les maisons France services.",
    )

    log_in(page, reader.email, PASSWORD)
    page.goto("/actions/recherche/")
    page.get_by_label("Mots-clés").fill("sante mentale")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    check_accessibility(page)
    page.get_by_role("link", name="Santé mentale des jeunes ruraux").click()
    page.wait_for_load_state()
    assert page.get_by_text("CLS du Pays Ruffécois").first.is_visible()
    check_accessibility(page)

    page.goto("/actions/recherche/?q=t%C3%A9l%C3%A9consultation")
    assert page.get_by_text("Aucune fiche action ne correspond à cette recherche").is_visible()
    check_accessibility(page)
