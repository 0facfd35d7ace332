"""An ARS agent reviews the dashboard alerts, opens a contract and moves it along its lifecycle;
an anonymous visitor is sent to the login page. Every page passes axe-core."""

import pytest

from actors.enums import MembershipRole
from contracts.enums import ContractStatus
from tests.actors.factories import PASSWORD, MembershipFactory, UserFactory
from tests.browser.conftest import log_in
from tests.contracts.factories import AxisFactory, ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agent_and_contract():
    contract = ContractFactory(
        title="CLS de Belle-Île-en-Mer 2024-2028", territory__name="Belle-Île-en-Mer"
    )
    AxisFactory(contract=contract, number=1, title="Accès aux soins de premier recours")
    agent = UserFactory(email="ars.bretagne@exemple.fr")
    MembershipFactory(user=agent, organisation=contract.ars, role=MembershipRole.ARS_STAFF)
    return agent, contract


def test_anonymous_visitor_is_sent_to_the_login_page(page, check_accessibility):
    page.goto("/contracts/")
    assert "/connexion/" in page.url
    assert page.get_by_role("heading", name="Connexion").is_visible()
    check_accessibility(page)
    page.goto("/")
    check_accessibility(page)


def test_ars_agent_reviews_alerts_opens_a_contract_and_moves_it_to_evaluation(
    page, agent_and_contract, check_accessibility
):
    agent, contract = agent_and_contract
    log_in(page, agent.email, PASSWORD)
    assert page.get_by_role("heading", name="Tableau de bord").is_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Contrats sans coordonnateur en poste : 1").click()
    assert "alert=no_coordinator" in page.url
    check_accessibility(page)

    page.get_by_role("link", name=contract.title).click()
    assert page.get_by_role("heading", name=contract.title).is_visible()
    check_accessibility(page)
    for tab in (
        "Axes et actions",
        "Indicateurs",
        "Gouvernance",
        "Financements",
        "Documents",
        "Historique",
        "Rapports",
    ):
        page.get_by_role("link", name=tab, exact=True).click()
        check_accessibility(page)
    page.get_by_role("link", name="Synthèse", exact=True).click()

    page.get_by_role("link", name="Passer à « Évaluation »").click()
    page.locator("label[for=id_confirm]").click()  # DSFR draws the box on the label
    page.get_by_role("button", name="Passer à « Évaluation »").click()
    assert page.get_by_text("Le contrat est passé à l'étape « Évaluation ».").is_visible()
    contract.refresh_from_db()
    assert contract.status == ContractStatus.EVALUATION


def test_contract_list_and_creation_form_are_accessible(
    page, agent_and_contract, check_accessibility
):
    agent, _ = agent_and_contract
    log_in(page, agent.email, PASSWORD)
    page.goto("/contracts/")
    check_accessibility(page)
    page.goto("/contracts/new/")
    check_accessibility(page)
    page.goto("/territoires/")
    check_accessibility(page)
    page.goto("/annuaire/")
    check_accessibility(page)


def test_login_page_is_accessible(page, check_accessibility):
    page.goto("/connexion/")
    check_accessibility(page)


def test_accessibility_statement_lists_what_is_tested(page, check_accessibility):
    page.goto("/")
    page.get_by_role("link", name="Accessibilité : partiellement conforme").click()
    assert page.get_by_role("heading", name="Déclaration d'accessibilité").is_visible()
    assert page.get_by_text("axe-core").first.is_visible()
    check_accessibility(page)
