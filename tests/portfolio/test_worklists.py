"""The home page's work lists: an action lead's own fiches actions with what is due, a
coordinator's overdue items across the contracts they coordinate, and the ARS's link to the
values to review with their count. Today is the tests' clock: 22 November 2026."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from actions.enums import ActionStatus
from contracts.models import CoordinatorAssignment
from indicators.enums import Periodicity, ValueStatus
from portfolio.worklists import (
    coordination_worklist,
    followed_worklist,
    lead_worklist,
    months_before,
)
from tests.actions.factories import ActionFactory, ActionUpdateFactory, MilestoneFactory
from tests.actors.factories import PersonFactory, UserFactory
from tests.contracts.factories import ContractFactory, CoordinatorAssignmentFactory
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

TODAY = datetime.date(2026, 11, 22)
HOME = reverse("home")


def labels(work) -> list[tuple[str, bool]]:
    return [(item.label, item.is_late) for item in work.items]


@pytest.fixture
def plan(world):
    """The lead's action (started 1 March 2024, due to end 30 June 2027) with a yearly
    indicator entered for 2024 only, a milestone past due, one done and one to come, and no
    note; a contract indicator without values."""
    IndicatorValueFactory(
        indicator=IndicatorFactory(
            contract=world.contract, action=world.lead_action, definition__name="Ateliers tenus"
        ),
        period="2024",
    )
    MilestoneFactory(
        action=world.lead_action, title="Recruter l'animatrice", due_on=TODAY.replace(month=1)
    )
    MilestoneFactory(action=world.lead_action, title="Lancer les ateliers", done_on=TODAY)
    MilestoneFactory(action=world.lead_action, title="Bilan", due_on=datetime.date(2027, 3, 1))
    IndicatorFactory(contract=world.contract, definition__name="Taux de vaccination")
    return world


# --- The action lead ---------------------------------------------------------------------------


def test_lead_sees_what_is_due_on_their_action(plan):
    (work,) = lead_worklist(plan.lead, TODAY)
    assert work.action == plan.lead_action
    assert labels(work) == [
        ("« Ateliers tenus » : 2 valeurs à saisir (2025, 2026)", True),
        ("Étape « Recruter l'animatrice » prévue le 22/01/2026", True),
        ("Aucune note de suivi depuis le début, le 01/03/2024", True),
    ]


def test_a_period_begun_is_due_but_late_only_once_ended(world):
    indicator = IndicatorFactory(contract=world.contract, action=world.lead_action)
    for year in ("2024", "2025"):
        IndicatorValueFactory(indicator=indicator, period=year)
    ActionUpdateFactory(action=world.lead_action, written_on=TODAY)
    (work,) = lead_worklist(world.lead, TODAY)
    assert labels(work) == [(f"« {indicator.definition.name} » : 1 valeur à saisir (2026)", False)]


def test_values_are_due_from_the_actions_start_and_each_period_counts(world):
    world.lead_action.starts_on = datetime.date(2026, 6, 15)
    world.lead_action.save()
    monthly = IndicatorFactory(
        contract=world.contract,
        action=world.lead_action,
        definition__name="Participants",
        definition__periodicity=Periodicity.MONTH,
    )
    IndicatorValueFactory(indicator=monthly, period="2026-07")
    (work,) = lead_worklist(world.lead, TODAY)
    assert labels(work) == [
        ("« Participants » : 5 valeurs à saisir (2026-06, 2026-08, 2026-09…)", True)
    ]


def test_a_note_is_due_six_months_after_the_last_one(world):
    ActionUpdateFactory(action=world.lead_action, written_on=datetime.date(2026, 5, 23))
    assert labels(lead_worklist(world.lead, TODAY)[0]) == []
    ActionUpdateFactory(action=world.lead_action, written_on=datetime.date(2026, 5, 21))
    world.lead_action.updates.filter(written_on__month=5, written_on__day=23).delete()
    assert labels(lead_worklist(world.lead, TODAY)[0]) == [
        ("Dernière note de suivi le 21/05/2026", True)
    ]


def test_six_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(TODAY, 6) == datetime.date(2026, 5, 22)
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 3, 15), 6) == datetime.date(2025, 9, 15)


def test_a_milestone_is_late_from_the_day_after_its_due_date(world):
    ActionUpdateFactory(action=world.lead_action, written_on=TODAY)
    MilestoneFactory(action=world.lead_action, title="Aujourd'hui", due_on=TODAY)
    MilestoneFactory(
        action=world.lead_action, title="Hier", due_on=TODAY - datetime.timedelta(days=1)
    )
    assert labels(lead_worklist(world.lead, TODAY)[0]) == [
        ("Étape « Hier » prévue le 21/11/2026", True)
    ]


def test_values_refused_by_the_ars_are_to_correct(world):
    indicator = IndicatorFactory(
        contract=world.contract, action=world.lead_action, definition__name="Ateliers tenus"
    )
    for year in ("2024", "2025", "2026"):
        IndicatorValueFactory(indicator=indicator, period=year)
    indicator.values.filter(period="2025").update(
        status=ValueStatus.REJECTED, review_comment="Doublon."
    )
    ActionUpdateFactory(action=world.lead_action, written_on=TODAY)
    (work,) = lead_worklist(world.lead, TODAY)
    assert labels(work) == [("« Ateliers tenus » : 1 valeur refusée par l'ARS à corriger", False)]
    grid = reverse("action_values_grid", args=[world.contract.pk, world.lead_action.pk])
    assert work.items[0].url == grid


def test_an_action_past_its_planned_end_is_late(world):
    world.lead_action.planned_end_on = datetime.date(2026, 10, 31)
    world.lead_action.save()
    ActionUpdateFactory(action=world.lead_action, written_on=TODAY)
    assert labels(lead_worklist(world.lead, TODAY)[0]) == [("Fin prévue le 31/10/2026", True)]


def test_lead_sees_only_their_open_actions_of_contracts_in_force(world):
    lead_person = world.lead_action.lead_person
    ActionFactory(axis=world.axis, lead_person=lead_person, status=ActionStatus.DONE)
    ActionFactory(axis=world.axis)  # another lead's
    ActionFactory(axis__contract=ContractFactory(status="elaboration"), lead_person=lead_person)
    assert [work.action for work in lead_worklist(world.lead, TODAY)] == [world.lead_action]


def test_what_is_due_moves_with_today(plan, time_machine):
    """On 1 February 2027, 2026 is over: its value is late; the notes still are."""
    time_machine.move_to(datetime.datetime(2027, 2, 1, 9, tzinfo=datetime.UTC))
    IndicatorValueFactory(indicator=plan.lead_action.indicators.get(), period="2025")
    (work,) = lead_worklist(plan.lead, datetime.date(2027, 2, 1))
    assert labels(work)[0] == ("« Ateliers tenus » : 2 valeurs à saisir (2026, 2027)", True)


def test_lead_home_page_lists_their_actions_with_late_items(client, plan):
    client.force_login(plan.lead)
    page = client.get(HOME).content.decode()
    assert "Vos fiches actions" in page
    assert reverse("action_sheet", args=[plan.contract.pk, plan.lead_action.pk]) in page
    assert "2 valeurs à saisir (2025, 2026)" in page
    assert page.count(">En retard</span>") == 3
    assert reverse("action_note_add", args=[plan.contract.pk, plan.lead_action.pk]) in page
    grid = reverse("action_values_grid", args=[plan.contract.pk, plan.lead_action.pk])
    assert f"{grid}?periode=2025" in page
    assert "En retard sur les contrats que vous coordonnez" not in page
    assert "À valider" not in page


def test_an_action_with_nothing_due_is_up_to_date(client, world):
    ActionUpdateFactory(action=world.lead_action, written_on=TODAY)
    client.force_login(world.lead)
    assert ">À jour</span>" in client.get(HOME).content.decode()


# --- The coordinator ---------------------------------------------------------------------------


def test_coordinator_sees_what_is_overdue_on_their_contracts(plan):
    (work,) = coordination_worklist(plan.coordinator, TODAY)
    assert work.contract == plan.contract
    own, action = work.rows
    assert own.action is None
    # Only the periods ended: 2026 is not overdue yet.
    assert labels(own) == [("« Taux de vaccination » : 2 valeurs à saisir (2024, 2025)", True)]
    assert action.action == plan.lead_action
    assert labels(action) == [
        ("« Ateliers tenus » : 1 valeur à saisir (2025)", True),
        ("Étape « Recruter l'animatrice » prévue le 22/01/2026", True),
        ("Aucune note de suivi depuis le début, le 01/03/2024", True),
    ]


def test_nothing_overdue_leaves_the_contract_without_rows(world):
    ActionUpdateFactory(action=world.lead_action, written_on=TODAY)
    (work,) = coordination_worklist(world.coordinator, TODAY)
    assert work.rows == []


def test_a_former_coordinator_has_no_list(plan):
    CoordinatorAssignment.objects.update(ended_on=datetime.date(2026, 6, 30))
    assert coordination_worklist(plan.coordinator, TODAY) == []


def test_coordinator_home_page_lists_overdue_items(client, plan):
    other = ContractFactory(title="CLS du Ruffécois")
    CoordinatorAssignmentFactory(contract=other, person=plan.coordinator.person)
    client.force_login(plan.coordinator)
    page = client.get(HOME).content.decode()
    assert "En retard sur les contrats que vous coordonnez" in page
    assert "Indicateurs du contrat" in page
    assert "« Taux de vaccination » : 2 valeurs à saisir (2024, 2025)" in page
    assert reverse("values_grid", args=[plan.contract.pk]) + "?periode=2024" in page
    assert "CLS du Ruffécois</a> :" in page
    assert "Rien en retard" in page
    assert "Vos fiches actions" not in page


def test_a_coordinator_who_also_leads_a_fiche_sees_both_lists(client, plan):
    plan.lead_action.lead_person = plan.coordinator.person
    plan.lead_action.save()
    client.force_login(plan.coordinator)
    page = client.get(HOME).content.decode()
    assert "Vos fiches actions" in page
    assert "En retard sur les contrats que vous coordonnez" in page


@pytest.mark.parametrize("persona", ["agent", "reader", "admin"])
def test_who_neither_leads_nor_coordinates_has_no_list(client, plan, persona):
    client.force_login(getattr(plan, persona))
    page = client.get(HOME).content.decode()
    assert "Vos fiches actions" not in page
    assert "En retard sur les contrats que vous coordonnez" not in page


# --- The person following an indicator ---------------------------------------------------------


@pytest.fixture
def follower(world):
    """A person following a yearly indicator of the contract (entered for 2024, its 2025 value
    refused), and one indicator of a confidential action."""
    person = PersonFactory(user=UserFactory())
    followed = IndicatorFactory(
        contract=world.contract, responsible=person, definition__name="Ateliers tenus"
    )
    IndicatorValueFactory(indicator=followed, period="2024")
    IndicatorValueFactory(
        indicator=followed, period="2025", status=ValueStatus.REJECTED, review_comment="Doublon."
    )
    secret = ActionFactory(axis=world.axis, number="1.9", is_confidential=True)
    IndicatorFactory(contract=world.contract, action=secret, responsible=person)
    return person.user


def test_a_follower_sees_what_is_due_on_the_indicators_they_see(world, follower):
    (work,) = followed_worklist(follower, TODAY)
    assert work.indicator.definition.name == "Ateliers tenus"
    assert labels(work) == [
        ("« Ateliers tenus » : 1 valeur à saisir (2026)", False),
        ("« Ateliers tenus » : 1 valeur refusée par l'ARS à corriger", False),
    ]
    assert work.items[0].url == reverse("values_grid", args=[world.contract.pk]) + "?periode=2026"


def test_follower_home_page_lists_their_indicators(client, world, follower):
    client.force_login(follower)
    page = client.get(HOME).content.decode()
    assert "Vos indicateurs" in page
    assert "1 indicateur que vous suivez" in page
    (indicator,) = followed_worklist(follower, TODAY)
    detail = reverse("indicator_detail", args=[world.contract.pk, indicator.indicator.pk])
    assert f'href="{detail}"' in page


@pytest.mark.parametrize("persona", ["agent", "coordinator", "lead", "reader", "admin"])
def test_who_follows_no_indicator_has_no_such_list(client, world, follower, persona):
    client.force_login(getattr(world, persona))
    assert "Vos indicateurs" not in client.get(HOME).content.decode()


# --- The ARS's queue ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["agent", "admin"])
def test_ars_home_links_to_the_queue_with_its_count(client, world, persona):
    indicator = IndicatorFactory(contract=world.contract)
    for year in ("2024", "2025"):
        IndicatorValueFactory(indicator=indicator, period=year, status=ValueStatus.SUBMITTED)
    IndicatorValueFactory(indicator=indicator, period="2026", status=ValueStatus.DRAFT)
    client.force_login(getattr(world, persona))
    page = client.get(HOME).content.decode()
    assert escape("2 valeurs d'indicateurs soumises attendent votre examen.") in page
    assert f'href="{reverse("values_review_queue")}">Ouvrir « À valider » (2)' in page


def test_ars_agent_of_another_region_counts_only_theirs(client, world):
    IndicatorValueFactory(
        indicator=IndicatorFactory(contract=world.contract), status=ValueStatus.SUBMITTED
    )
    client.force_login(world.other_agent)
    page = client.get(HOME).content.decode()
    assert "Aucune valeur d'indicateur n'attend votre examen." in page


@pytest.mark.parametrize("persona", ["coordinator", "lead", "reader"])
def test_others_are_not_offered_the_queue(client, world, persona):
    client.force_login(getattr(world, persona))
    assert reverse("values_review_queue") not in client.get(HOME).content.decode()


# --- Query counts ------------------------------------------------------------------------------


def add_work(world, lead_person, count: int):
    """`count` more actions led by `lead_person`, each with an indicator, values, late
    milestones and an old note."""
    for _ in range(count):
        action = ActionFactory(axis=world.axis, lead_person=lead_person)
        indicator = IndicatorFactory(contract=world.contract, action=action)
        IndicatorValueFactory(indicator=indicator, period="2024")
        IndicatorValueFactory(
            indicator=indicator, period="2025", status=ValueStatus.REJECTED, review_comment="Non."
        )
        MilestoneFactory.create_batch(2, action=action)
        ActionUpdateFactory(action=action, written_on=datetime.date(2025, 1, 10))
        IndicatorFactory(contract=world.contract)


@pytest.mark.parametrize("extra", [1, 5])
def test_lead_home_query_count_does_not_grow(client, world, django_assert_num_queries, extra):
    add_work(world, world.lead_action.lead_person, extra)
    client.force_login(world.lead)
    # 1-2. session and user; 3. roles and contracts seen; 4. counts by status; 5. population,
    # communes and EPCI covered; 6. the contracts listed; 7-11. one count per alert; the lead's
    # list: 12. their open actions with their last note's date; 13. their late milestones;
    # 14. their indicators and definitions; 15. the periods entered; 16. the contracts they
    # coordinate (none).
    with django_assert_num_queries(16):
        assert client.get(HOME).status_code == 200


@pytest.mark.parametrize("extra", [1, 5])
def test_follower_home_query_count_does_not_grow(client, world, django_assert_num_queries, extra):
    person = PersonFactory(user=UserFactory())
    for _ in range(extra):
        indicator = IndicatorFactory(contract=world.contract, responsible=person)
        IndicatorValueFactory(indicator=indicator, period="2024")
    client.force_login(person.user)
    # 1-11. as for a lead (their roles tell they follow indicators); 12. the actions they lead
    # (none); 13. the indicators they follow with definition, contract and action; 14. the
    # periods entered; 15. the contracts they coordinate (none).
    with django_assert_num_queries(15):
        assert client.get(HOME).status_code == 200


@pytest.mark.parametrize("extra", [1, 5])
def test_coordinator_home_query_count_does_not_grow(
    client, world, django_assert_num_queries, extra
):
    # Actions led by someone else: the coordinator leads none.
    add_work(world, PersonFactory(), extra)
    client.force_login(world.coordinator)
    # 1-11. as for a lead; 12. the actions they lead (none); the coordinator's list: 13. the
    # contracts they coordinate; 14. their own indicators and definitions; 15. the periods
    # entered; 16. the contracts' open actions with their last note's date; 17. their late
    # milestones; 18. their indicators and definitions; 19. the periods entered.
    with django_assert_num_queries(19):
        assert client.get(HOME).status_code == 200
