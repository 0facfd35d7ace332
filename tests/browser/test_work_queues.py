"""Work queues in a real browser: an ARS agent opens « À valider » from the dashboard, filters
it, is refused a rejection without a reason (the ticked values stay ticked), refuses two values
with a reason (their submitter gets the e-mail) and validates the last one; the action lead and
the coordinator find on their home page what is due and late. Every page passes axe-core."""

import datetime

import pytest
from django.core import mail

from actors.enums import MembershipRole
from indicators.enums import ValueStatus
from indicators.models import IndicatorDefinition, IndicatorValue
from tests.actions.factories import ActionFactory, MilestoneFactory
from tests.actors.factories import PASSWORD, MembershipFactory, PersonFactory, UserFactory
from tests.browser.conftest import log_in
from tests.contracts.factories import AxisFactory, ContractFactory, CoordinatorAssignmentFactory
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VACCINATION = "Taux de vaccination contre la grippe"
WORKSHOPS = "Ateliers de prévention tenus"


@pytest.fixture
def queue():
    contract = ContractFactory(title="CLS de Belle-Île-en-Mer", territory__name="Belle-Île-en-Mer")
    agent = UserFactory(email="ars.bretagne@exemple.fr")
    MembershipFactory(user=agent, organisation=contract.ars, role=MembershipRole.ARS_STAFF)
    lead = UserFactory(email="pilote@exemple.fr", first_name="Léa")
    coordinator = UserFactory(email="coordination@exemple.fr")
    CoordinatorAssignmentFactory(contract=contract, person=PersonFactory(user=coordinator))
    action = ActionFactory(
        axis=AxisFactory(contract=contract, number=1),
        number="1.1",
        title="Ateliers de prévention des chutes",
        lead_person=PersonFactory(user=lead),
    )
    MilestoneFactory(action=action, title="Recruter l'animatrice", due_on=datetime.date(2026, 9, 1))
    vaccination = IndicatorFactory(contract=contract, definition__name=VACCINATION)
    workshops = IndicatorFactory(contract=contract, action=action, definition__name=WORKSHOPS)
    for indicator, period, by in (
        (vaccination, "2024", coordinator),
        (vaccination, "2025", coordinator),
        (workshops, "2025", lead),
    ):
        IndicatorValueFactory(
            indicator=indicator, period=period, status=ValueStatus.SUBMITTED, entered_by=by
        )
    return agent, lead, coordinator


def test_ars_agent_reviews_the_queue_in_bulk(page, queue, check_accessibility):
    agent, _, coordinator = queue
    log_in(page, agent.email, PASSWORD)
    assert page.get_by_text("3 valeurs d'indicateurs soumises attendent votre examen.").is_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Ouvrir « À valider » (3)").click()
    assert page.get_by_role("heading", name="À valider").is_visible()
    assert page.get_by_text("3 valeurs à valider").is_visible()
    check_accessibility(page)

    definition = IndicatorDefinition.objects.get(name=VACCINATION)
    page.get_by_label("Indicateur").select_option(label=str(definition))
    page.get_by_role("button", name="Filtrer").click()
    assert page.get_by_text("2 valeurs à valider").is_visible()
    check_accessibility(page)

    # Tick the page at once, then refuse without a reason: refused, nothing lost.
    page.get_by_text("Tout cocher").click()
    page.get_by_role("button", name="Refuser la sélection").click()
    assert page.get_by_text("Expliquez le motif du refus.").is_visible()
    assert page.locator("[data-queue-value]:checked").count() == 2
    check_accessibility(page)

    page.get_by_label("Motif du refus").fill("La source n'est pas précisée.")
    page.get_by_role("button", name="Refuser la sélection").click()
    assert page.get_by_text("2 valeurs refusées").is_visible()
    assert page.get_by_text("Aucune valeur à valider ne correspond à ces critères").is_visible()
    assert [message.to for message in mail.outbox] == [[coordinator.email]] * 2
    assert "La source n'est pas précisée." in mail.outbox[0].body

    page.get_by_role("link", name="Réinitialiser").first.click()
    # The DSFR draws the box in the label, which takes the mouse's click...
    workshops = IndicatorValue.objects.get(indicator__definition__name=WORKSHOPS)
    box = page.get_by_label(f"Choisir la valeur 2025 de « {WORKSHOPS} »")
    page.locator(f"label[for='value-{workshops.pk}']").click()
    assert box.is_checked()
    page.locator(f"label[for='value-{workshops.pk}']").click()
    assert not box.is_checked()
    # ... and the keyboard reaches the box after « Tout cocher » and ticks it with Space.
    page.get_by_label("Tout cocher").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert box.is_checked()
    page.get_by_role("button", name="Valider la sélection").click()
    assert page.get_by_text("1 valeur validée.").is_visible()
    assert page.get_by_role("heading", name="Aucune valeur à valider").is_visible()
    check_accessibility(page)
    statuses = sorted(IndicatorValue.objects.values_list("status", flat=True))
    assert statuses == [ValueStatus.REJECTED, ValueStatus.REJECTED, ValueStatus.VALIDATED]


def test_lead_and_coordinator_see_what_is_due_on_their_home_page(page, queue, check_accessibility):
    _, lead, coordinator = queue
    log_in(page, lead.email, PASSWORD)
    table = page.get_by_role("table", name="1 fiche action que vous pilotez")
    assert table.get_by_role("link", name="1.1 — Ateliers de prévention des chutes").is_visible()
    assert table.get_by_text("Étape « Recruter l'animatrice » prévue le 01/09/2026").is_visible()
    assert table.get_by_text("En retard").count() == 3
    check_accessibility(page)
    table.get_by_role("link", name=f"« {WORKSHOPS} » : 2 valeurs à saisir (2024, 2026)").click()
    assert "periode=2024" in page.url

    page.context.clear_cookies()
    log_in(page, coordinator.email, PASSWORD)
    section = page.get_by_role("region", name="En retard sur les contrats que vous coordonnez")
    assert section.get_by_role("link", name="CLS de Belle-Île-en-Mer").is_visible()
    assert section.get_by_text("Aucune note de suivi depuis le début, le 01/03/2024").is_visible()
    check_accessibility(page)
