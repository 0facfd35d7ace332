"""An ARS agent renews a contract in evaluation carrying its plan over: they tick the plan,
choose to reset the statuses, read the preview, change their mind once, then confirm; the new
contract opens with the fiches actions still open. Every page passes axe-core."""

import datetime
from decimal import Decimal

import pytest

from actions.enums import ActionStatus
from actors.enums import MembershipRole
from contracts.enums import ContractStatus
from contracts.models import Contract
from indicators.enums import ValueStatus
from tests.actions.factories import ActionFactory
from tests.actors.factories import PASSWORD, MembershipFactory, UserFactory
from tests.browser.conftest import log_in
from tests.contracts.factories import AxisFactory, ContractFactory, ObjectiveFactory
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agent_and_contract():
    contract = ContractFactory(
        title="CLS de Belle-Île-en-Mer 2024-2028",
        territory__name="Belle-Île-en-Mer",
        status=ContractStatus.EVALUATION,
    )
    axis = AxisFactory(contract=contract, number=1, title="Accès aux soins de premier recours")
    objective = ObjectiveFactory(axis=axis, number="1", title="Attirer des professionnels")
    action = ActionFactory(
        axis=axis, number="1.1", title="Maison de santé de Le Palais", is_confidential=True
    )
    action.objectives.add(objective)
    ActionFactory(axis=axis, number="1.2", title="Forum santé", status=ActionStatus.DONE)
    indicator = IndicatorFactory(
        contract=contract,
        action=action,
        definition__name="Part des habitants avec un médecin traitant",
        definition__decimals=1,
    )
    IndicatorValueFactory(
        indicator=indicator, period="2025", value=Decimal("47.5"), status=ValueStatus.VALIDATED
    )
    agent = UserFactory(email="ars.bretagne@exemple.fr")
    MembershipFactory(user=agent, organisation=contract.ars, role=MembershipRole.ARS_STAFF)
    return agent, contract


def test_ars_agent_renews_a_contract_with_its_plan_after_the_preview(
    page, agent_and_contract, check_accessibility
):
    agent, contract = agent_and_contract
    log_in(page, agent.email, PASSWORD)
    page.goto(f"/contracts/{contract.pk}/")
    page.get_by_role("link", name="Renouveler le contrat").click()
    assert page.get_by_role("heading", name="Renouveler le contrat").is_visible()
    check_accessibility(page)

    page.get_by_label("Intitulé du nouveau contrat").fill("CLS de Belle-Île-en-Mer 2029-2033")
    page.get_by_text("Reprendre le plan d'action :").click()  # the label of the checkbox
    page.get_by_text("Remettre chaque fiche au statut « Prévue »").click()
    page.get_by_role("button", name="Continuer").click()
    assert page.get_by_role("heading", name="Aperçu du renouvellement").is_visible()
    assert page.get_by_text("1 fiche action, remise au statut « Prévue »").is_visible()
    assert page.get_by_text("1 fiche action réalisée ou abandonnée").is_visible()
    assert page.get_by_role("cell", name="Maison de santé de Le Palais").is_visible()
    assert page.get_by_text("référence 47,5 % (valeur validée, 2025)").is_visible()
    assert Contract.objects.count() == 1
    check_accessibility(page)

    page.get_by_role("button", name="Modifier mes choix").click()
    assert page.get_by_label("Intitulé du nouveau contrat").input_value() == (
        "CLS de Belle-Île-en-Mer 2029-2033"
    )
    assert page.get_by_label("Reprendre le plan d'action").is_checked()
    page.get_by_text("Garder le statut de chaque fiche").click()
    page.get_by_role("button", name="Continuer").click()
    assert page.get_by_text("1 fiche action, avec son statut").is_visible()
    page.get_by_role("button", name="Confirmer le renouvellement").click()
    page.wait_for_load_state()

    successor = Contract.objects.get(predecessor=contract)
    assert page.url.endswith(f"/contracts/{successor.pk}/")
    assert page.get_by_text("avec le plan d'action repris").is_visible()
    check_accessibility(page)
    copy = successor.actions.get()
    assert (copy.number, copy.status, copy.is_confidential) == ("1.1", "in_progress", True)
    assert copy.indicators.get().baseline_on == datetime.date(2025, 12, 31)

    page.get_by_role("link", name="Axes et actions", exact=True).click()
    assert page.get_by_role("link", name="Maison de santé de Le Palais").first.is_visible()
    check_accessibility(page)
