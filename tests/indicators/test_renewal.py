"""« Renouveler le contrat » carries the plan over when asked: the next generation starts with
the axes, the objectives (tree kept), the fiches actions still open (status kept or reset) and
their indicators, whose baseline becomes the last validated value; a preview shows it first."""

import datetime
import html
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.enums import ActionStatus
from actions.models import Action
from contracts.enums import ContractStatus, ObjectiveLevel
from contracts.models import Contract, Objective
from indicators.enums import CatalogueScope, ValueStatus
from indicators.models import Indicator
from tests.actions.factories import (
    ActionFactory,
    ActionUpdateFactory,
    FundingLineFactory,
    MilestoneFactory,
)
from tests.actors.factories import OrganisationFactory
from tests.contracts.factories import AxisFactory, ObjectiveFactory
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def renew_url(contract):
    return reverse("contract_renew", args=[contract.pk])


def choices(**overrides) -> dict:
    return {"title": "CLS de Belle-Île-en-Mer 2029-2033", "carry_plan": "on", **overrides}


def text_of(response) -> str:
    """The page as read: entities decoded, white space collapsed."""
    return " ".join(html.unescape(response.text).split())


def successor_of(contract) -> Contract:
    return Contract.objects.get(predecessor=contract)


@pytest.fixture
def plan(world):
    """A contract in evaluation with a plan: axis 1 holds an objective tree (general → specific
    → operational) and the lead's action (in progress, aimed at the operational objective, with
    an indicator and its values) and a confidential paused action; axis 2 holds a planned
    action, a done one and an abandoned one; the contract follows an indicator of its own."""
    world.contract.status = ContractStatus.EVALUATION
    world.contract.save()
    world.axis.title = "Accès aux soins"
    world.axis.save()
    general = ObjectiveFactory(axis=world.axis, number="1", title="Favoriser l'accès aux soins")
    specific = ObjectiveFactory(
        axis=world.axis,
        parent=general,
        level=ObjectiveLevel.SPECIFIC,
        number="1.1",
        title="Attirer des médecins",
    )
    operational = ObjectiveFactory(
        axis=world.axis,
        parent=specific,
        level=ObjectiveLevel.OPERATIONAL,
        number="1.1.1",
        title="Accueillir des internes",
    )
    lead_action = world.lead_action
    lead_action.title = "Maison de santé pluriprofessionnelle"
    lead_action.save()
    lead_action.objectives.add(operational)
    lead_action.partners.add(OrganisationFactory(name="CPAM du Morbihan"))
    secret = ActionFactory(
        axis=world.axis,
        number="1.2",
        title="Médiation en santé des gens du voyage",
        status=ActionStatus.PAUSED,
        is_confidential=True,
    )
    axis_2 = AxisFactory(contract=world.contract, number=2, title="Santé mentale")
    ActionFactory(axis=axis_2, number="2.1", title="Premiers secours", status=ActionStatus.PLANNED)
    done = ActionFactory(axis=axis_2, number="2.2", title="Forum santé", status=ActionStatus.DONE)
    ActionFactory(axis=axis_2, number="2.3", title="Bus santé", status=ActionStatus.ABANDONED)
    followed = IndicatorFactory(
        contract=world.contract,
        action=lead_action,
        definition__name="Part des habitants avec un médecin traitant",
        definition__decimals=1,
        baseline_value=Decimal(40),
        baseline_on=datetime.date(2023, 12, 31),
        target_value=Decimal(60),
        target_on=datetime.date(2030, 12, 31),
    )
    for period, status, value in (
        ("2024", ValueStatus.VALIDATED, "42"),
        ("2025", ValueStatus.VALIDATED, "45.5"),
        ("2026", ValueStatus.SUBMITTED, "51"),
    ):
        IndicatorValueFactory(
            indicator=followed, period=period, status=status, value=Decimal(value)
        )
    IndicatorFactory(contract=world.contract, action=done, definition__name="Visiteurs du forum")
    own = IndicatorFactory(
        contract=world.contract,
        definition__name="Réunions du réseau local",
        definition__code=f"CLS{world.contract.pk}-1",
        definition__scope=CatalogueScope.CONTRACT,
        definition__contract=world.contract,
        target_on=datetime.date(2024, 12, 31),
    )
    IndicatorValueFactory(indicator=own, period="2025", status=ValueStatus.VALIDATED)
    world.objectives = (general, specific, operational)
    world.secret, world.followed, world.own = secret, followed, own
    return world


# --- Nothing is copied unless asked ------------------------------------------------------------


def test_agent_renews_without_the_plan_and_nothing_is_copied(client, plan):
    client.force_login(plan.agent)
    response = client.post(renew_url(plan.contract), choices(carry_plan=""))
    successor = successor_of(plan.contract)
    assert response.url == successor.get_absolute_url()
    assert not successor.axes.exists()
    assert not successor.actions.exists()
    assert not successor.indicators.exists()
    plan.contract.refresh_from_db()
    assert plan.contract.status == ContractStatus.RENEWED


def test_the_form_offers_to_carry_the_plan_over_unticked(client, plan):
    client.force_login(plan.agent)
    page = client.get(renew_url(plan.contract)).text
    assert "Reprendre le plan d&#x27;action" in page
    assert 'name="carry_plan"' in page and 'name="carry_plan" checked' not in page
    assert "Garder le statut de chaque fiche" in page


# --- The preview -------------------------------------------------------------------------------


def test_preview_lists_what_will_be_carried_by_axis_and_writes_nothing(client, plan):
    client.force_login(plan.agent)
    page = text_of(client.post(renew_url(plan.contract), choices(statuses="keep")))
    assert "Aperçu du renouvellement" in page
    assert "2 axes" in page
    assert "3 objectifs, dans leur arborescence" in page
    assert "3 fiches actions" in page and "avec leur statut" in page
    assert "2 indicateurs" in page
    assert "2 fiches actions réalisées ou abandonnées" in page
    assert "les valeurs des indicateurs" in page
    assert page.index("Axe 1 — Accès aux soins") < page.index(
        "Maison de santé pluriprofessionnelle"
    )
    assert page.index("Maison de santé") < page.index("Axe 2 — Santé mentale")
    assert page.index("Axe 2 — Santé mentale") < page.index("Premiers secours")
    assert "Objectif opérationnel 1.1.1 Accueillir des internes" in page
    assert "Forum santé" not in page and "Bus santé" not in page
    assert "Confidentielle" in page
    assert "Suspendue" in page
    assert "référence 45,5 % (valeur validée, 2025)" in page
    assert "cible échue, à redéfinir" in page
    assert 'name="confirm"' in page
    assert Contract.objects.count() == 2
    assert plan.contract.status == ContractStatus.EVALUATION


def test_preview_shows_the_statuses_reset(client, plan):
    client.force_login(plan.agent)
    page = text_of(client.post(renew_url(plan.contract), choices(statuses="reset")))
    assert "remises au statut « Prévue »" in page
    assert "Suspendue" not in page


def test_preview_agrees_with_a_single_fiche(client, plan):
    plan.contract.actions.exclude(pk=plan.lead_action.pk).delete()
    client.force_login(plan.agent)
    page = text_of(client.post(renew_url(plan.contract), choices(statuses="reset")))
    assert "1 fiche action, remise au statut « Prévue »" in page
    page = text_of(client.post(renew_url(plan.contract), choices(statuses="keep")))
    assert "1 fiche action, avec son statut" in page


def test_changing_the_choices_brings_the_form_back_filled(client, plan):
    client.force_login(plan.agent)
    response = client.post(renew_url(plan.contract), choices(statuses="reset", edit="1"))
    page = response.text
    assert "Renouveler le contrat</h1>" in page
    assert 'value="CLS de Belle-Île-en-Mer 2029-2033"' in html.unescape(page)
    assert not Contract.objects.filter(predecessor=plan.contract).exists()


# --- The copy ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ("keep", {"1.1": "in_progress", "1.2": "paused", "2.1": "planned"}),
        ("reset", {"1.1": "planned", "1.2": "planned", "2.1": "planned"}),
    ],
)
def test_confirmed_renewal_copies_the_open_actions_with_their_status_kept_or_reset(
    client, plan, statuses, expected
):
    client.force_login(plan.agent)
    response = client.post(renew_url(plan.contract), choices(statuses=statuses, confirm="1"))
    successor = successor_of(plan.contract)
    assert response.url == successor.get_absolute_url()
    copied = dict(successor.actions.values_list("number", "status"))
    assert copied == expected  # neither the done 2.2 nor the abandoned 2.3
    assert plan.contract.actions.count() == 5  # the old plan stays as it was


def test_copied_plan_keeps_the_objective_tree_and_the_links_of_the_actions(client, plan):
    client.force_login(plan.agent)
    client.post(renew_url(plan.contract), choices(confirm="1"))
    successor = successor_of(plan.contract)
    assert list(successor.axes.values_list("number", "title")) == [
        (1, "Accès aux soins"),
        (2, "Santé mentale"),
    ]
    operational = Objective.objects.get(axis__contract=successor, number="1.1.1")
    assert operational.parent.number == "1.1"
    assert operational.parent.parent.number == "1"
    assert operational.parent.parent.parent is None
    assert operational.axis.contract == successor
    action = successor.actions.get(number="1.1")
    assert list(action.objectives.all()) == [operational]
    assert action.axis == operational.axis
    assert list(action.partners.values_list("name", flat=True)) == ["CPAM du Morbihan"]
    assert action.lead_person == plan.lead_action.lead_person


def test_confidential_actions_stay_confidential(client, plan):
    client.force_login(plan.agent)
    client.post(renew_url(plan.contract), choices(confirm="1"))
    copies = successor_of(plan.contract).actions
    assert copies.get(number="1.2").is_confidential
    assert not copies.get(number="1.1").is_confidential


def test_baseline_is_the_last_validated_value_and_later_unvalidated_ones_are_ignored(client, plan):
    IndicatorValueFactory(
        indicator=plan.followed,
        period="2027",
        status=ValueStatus.REJECTED,
        value=Decimal(99),
        review_comment="Chiffre aberrant",
    )
    client.force_login(plan.agent)
    client.post(renew_url(plan.contract), choices(confirm="1"))
    copy = Indicator.objects.get(contract=successor_of(plan.contract), action__number="1.1")
    assert (copy.definition, copy.baseline_value, copy.baseline_on) == (
        plan.followed.definition,
        Decimal("45.5"),
        datetime.date(2025, 12, 31),
    )
    assert (copy.target_value, copy.target_on) == (Decimal(60), datetime.date(2030, 12, 31))
    assert not copy.values.exists()


def test_an_indicator_without_validated_value_keeps_its_baseline(client, plan):
    plan.followed.values.update(status=ValueStatus.SUBMITTED)
    client.force_login(plan.agent)
    client.post(renew_url(plan.contract), choices(confirm="1"))
    copy = Indicator.objects.get(contract=successor_of(plan.contract), action__number="1.1")
    assert (copy.baseline_value, copy.baseline_on) == (Decimal(40), datetime.date(2023, 12, 31))


def test_own_indicator_gets_a_definition_of_the_new_contract_and_its_past_target_is_dropped(
    client, plan
):
    client.force_login(plan.agent)
    client.post(renew_url(plan.contract), choices(confirm="1"))
    successor = successor_of(plan.contract)
    copy = Indicator.objects.get(contract=successor, action=None)
    assert copy.definition != plan.own.definition
    assert (copy.definition.code, copy.definition.contract) == (f"CLS{successor.pk}-1", successor)
    assert copy.definition.name == "Réunions du réseau local"
    assert (copy.baseline_value, copy.baseline_on) == (Decimal("45.5"), datetime.date(2025, 12, 31))
    assert (copy.target_value, copy.target_on) == (None, None)


def test_indicators_of_finished_actions_milestones_funding_and_notes_stay_behind(client, plan):
    MilestoneFactory(action=plan.lead_action)
    FundingLineFactory(action=plan.lead_action)
    ActionUpdateFactory(action=plan.lead_action)
    client.force_login(plan.agent)
    client.post(renew_url(plan.contract), choices(confirm="1"))
    successor = successor_of(plan.contract)
    assert successor.indicators.count() == 2  # the lead's action's and the contract's own
    action = successor.actions.get(number="1.1")
    assert not action.milestones.exists()
    assert not action.funding_lines.exists()
    assert not action.updates.exists()


def test_copies_are_in_the_history_with_who_renewed(client, plan):
    client.force_login(plan.agent)
    client.post(renew_url(plan.contract), choices(confirm="1"))
    copy = successor_of(plan.contract).actions.get(number="1.1")
    record = Action.history.get(id=copy.pk)
    assert record.history_user == plan.agent
    assert record.history_change_reason == f"Repris de « {plan.contract.title} » au renouvellement"
    assert record.history_type == "+"
    axis = Objective.history.filter(axis__contract=successor_of(plan.contract))
    assert {row.history_user for row in axis} == {plan.agent}


def test_a_contract_that_cannot_be_renewed_says_why_and_copies_nothing(client, plan):
    plan.contract.status = ContractStatus.IMPLEMENTATION
    plan.contract.save()
    client.force_login(plan.agent)
    response = client.post(renew_url(plan.contract), choices(confirm="1"))
    assert "ne peut pas encore être renouvelé" in html.unescape(response.text)
    assert not Contract.objects.filter(predecessor=plan.contract).exists()
    assert Action.objects.count() == 5


# --- Who may renew -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["agent", "admin"])
def test_ars_staff_of_the_region_and_administrators_renew_with_the_plan(client, plan, persona):
    client.force_login(getattr(plan, persona))
    assert client.get(renew_url(plan.contract)).status_code == 200
    assert client.post(renew_url(plan.contract), choices()).status_code == 200
    response = client.post(renew_url(plan.contract), choices(confirm="1"))
    assert response.status_code == 302
    assert successor_of(plan.contract).actions.count() == 3


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 403), ("lead", 403), ("reader", 403), ("other_agent", 404)],
)
def test_other_personas_may_neither_preview_nor_renew(client, plan, persona, status):
    client.force_login(getattr(plan, persona))
    assert client.get(renew_url(plan.contract)).status_code == status
    assert client.post(renew_url(plan.contract), choices()).status_code == status
    assert client.post(renew_url(plan.contract), choices(confirm="1")).status_code == status
    assert not Contract.objects.filter(predecessor=plan.contract).exists()


@pytest.mark.parametrize(
    ("persona", "offered"),
    [("agent", True), ("admin", True), ("coordinator", False), ("lead", False), ("reader", False)],
)
def test_the_summary_offers_renewal_to_those_who_may_renew(client, plan, persona, offered):
    client.force_login(getattr(plan, persona))
    response = client.get(plan.contract.get_absolute_url())
    assert response.status_code == 200
    assert (renew_url(plan.contract) in response.text) is offered


def test_anonymous_visitor_is_sent_to_log_in(client, plan):
    response = client.post(renew_url(plan.contract), choices(confirm="1"))
    assert response.status_code == 302 and "/connexion/" in response.url
    assert not Contract.objects.filter(predecessor=plan.contract).exists()


# --- Query counts ------------------------------------------------------------------------------


def grow(world, size):
    """`size` more open actions in a new axis, each aimed at an objective, with a partner and an
    indicator that has a validated value."""
    axis = AxisFactory(contract=world.contract, number=world.contract.axes.count() + 1)
    for n in range(size):
        objective = ObjectiveFactory(axis=axis, number=f"{axis.number}.{n}")
        action = ActionFactory(axis=axis, number=f"{axis.number}.{n + 1}")
        action.objectives.add(objective)
        action.partners.add(OrganisationFactory())
        indicator = IndicatorFactory(contract=world.contract, action=action)
        IndicatorValueFactory(indicator=indicator, status=ValueStatus.VALIDATED)


@pytest.mark.parametrize("size", [1, 6])
def test_form_query_count_does_not_grow_with_the_plan(
    client, plan, django_assert_num_queries, size
):
    grow(plan, size)
    client.force_login(plan.agent)
    # 1. session; 2. user; 3. roles (memberships); 4. the contract with its header relations:
    # the form reads nothing of the plan, the preview does.
    with django_assert_num_queries(4):
        assert client.get(renew_url(plan.contract)).status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_preview_query_count_does_not_grow_with_the_plan(
    client, plan, django_assert_num_queries, size
):
    grow(plan, size)
    client.force_login(plan.agent)
    # 1. session; 2. user; 3. roles (memberships); 4. the contract with its header relations;
    # 5. axes; 6. objectives; 7. open actions; 8. indicators with their definition and last
    # validated value, period and period end; 9. count of the finished actions.
    with django_assert_num_queries(9):
        response = client.post(renew_url(plan.contract), choices())
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_copy_query_count_does_not_grow_with_the_plan(
    client, plan, django_assert_num_queries, size
):
    grow(plan, size)
    client.force_login(plan.agent)
    # 1-4. session, user, roles, the contract; 5. the renewal's transaction begins (a savepoint
    # inside the test's); 6-10. the plan, read as the preview reads it; 11-58. the successor
    # created by `contracts.services.contract_renew`, its checks and history, and the old
    # contract marked renewed; 59-60. axes and their history; 61-66. objectives and their
    # history, one level after the other (general, specific, operational); 67-68. actions and
    # their history; 69-76. the six lists read, and written where the plan has some (objectives,
    # partners); 77-78. the free codes of the contract's own definitions, and their copies;
    # 79-80. indicators and their history; 81. the transaction ends.
    # (On SQLite, inserts are split past 999 parameters: some 40 fiches actions per insert.)
    with django_assert_num_queries(81):
        response = client.post(renew_url(plan.contract), choices(confirm="1"))
    assert response.status_code == 302
    assert successor_of(plan.contract).actions.count() == 3 + size
