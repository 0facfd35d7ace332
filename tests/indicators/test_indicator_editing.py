"""Correcting and removing an indicator from the pages that show it, by those who add them (the
ARS of the région, the coordination, an administrator); the rules that keep values meaningful
(unit, periodicity, bounds, a shared definition, validated values); values only for a period
that has begun, whichever door they come through."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contracts.models import Tombstone
from indicators import corrections, services
from indicators.enums import CatalogueScope, Periodicity, ValueStatus
from indicators.forms import IndicatorEditForm
from indicators.models import Indicator, IndicatorDefinition, IndicatorValue
from tests.indicators.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
)
from tests.indicators.test_spreadsheets import import_url, upload, workbook

ALLOWED = ["agent", "coordinator", "admin"]
# Whoever sees the contract but may not add indicators to it gets a 403; whoever does not see
# it, a 404 (never a hint that it exists).
REFUSED = [("lead", 403), ("reader", 403), ("other_agent", 404)]


def edit_url(indicator, **query):
    url = reverse("indicator_edit", args=[indicator.contract_id, indicator.pk])
    return f"{url}?next={query['next']}" if query else url


def delete_url(indicator):
    return reverse("indicator_delete", args=[indicator.contract_id, indicator.pk])


def detail_url(indicator):
    return reverse("indicator_detail", args=[indicator.contract_id, indicator.pk])


def tab_url(contract):
    return reverse("contract_indicators", args=[contract.pk])


def form_data(indicator, **changes) -> dict:
    """What the correction form sends when the user changes `changes` and nothing else."""
    initial = IndicatorEditForm(indicator=indicator).initial
    data = {name: "" if value is None else value for name, value in initial.items()}
    return {**data, **changes}


def refreshed(indicator) -> Indicator:
    return Indicator.objects.select_related("definition").get(pk=indicator.pk)


# --- Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALLOWED)
def test_those_who_add_indicators_correct_them(client, world, own, persona):
    client.force_login(getattr(world, persona))
    assert client.get(edit_url(own)).status_code == 200
    response = client.post(edit_url(own), form_data(own, target_value="30"))
    assert response.status_code == 302
    assert refreshed(own).target_value == 30


@pytest.mark.parametrize("persona", ALLOWED)
def test_those_who_add_indicators_remove_them(client, world, own, persona):
    client.force_login(getattr(world, persona))
    response = client.post(delete_url(own))
    assert response.status_code == 302
    assert response.url == tab_url(world.contract)
    assert not Indicator.objects.filter(pk=own.pk).exists()
    assert not IndicatorValue.objects.filter(indicator_id=own.pk).exists()


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_others_may_neither_correct_nor_remove_an_indicator(client, world, own, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(edit_url(own)).status_code == status
    assert client.post(edit_url(own), form_data(own, name="Piraté")).status_code == status
    assert client.post(delete_url(own)).status_code == status
    assert refreshed(own).definition.name == "Ateliers tenus"


def test_the_lead_of_the_indicators_action_may_not_correct_it_either(client, world, own):
    own.action = world.lead_action
    own.save()
    client.force_login(world.lead)
    assert client.get(edit_url(own)).status_code == 403
    assert client.post(delete_url(own)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, own):
    for response in (client.get(edit_url(own)), client.post(delete_url(own))):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert Indicator.objects.filter(pk=own.pk).exists()


def test_an_indicator_of_another_contract_is_not_found(client, world, own):
    other = IndicatorFactory(contract=world.other_contract)
    client.force_login(world.coordinator)
    url = reverse("indicator_edit", args=[world.contract.pk, other.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(reverse("indicator_delete", args=[world.contract.pk, other.pk])).status_code
        == 404
    )


# --- The pages offer it ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page", ["contract_indicators", "indicator_detail", "action_sheet"], ids=str
)
def test_pages_showing_an_indicator_offer_to_correct_and_remove_it(client, world, own, page):
    own.action = world.lead_action
    own.save()
    IndicatorValueFactory(indicator=own, period="2026", value=Decimal(14))
    urls = {
        "contract_indicators": tab_url(world.contract),
        "indicator_detail": detail_url(own),
        "action_sheet": reverse("action_sheet", args=[world.contract.pk, world.lead_action.pk]),
    }
    client.force_login(world.coordinator)
    text = client.get(urls[page]).text
    assert edit_url(own) in text
    assert f'action="{delete_url(own)}?next=' in text
    # The confirmation says the values go with it.
    assert "« Ateliers tenus » ne sera plus suivi dans ce contrat ; avec lui, 2 valeurs " in text
    assert "saisies seront supprimées." in text
    for persona in ("lead", "reader"):
        client.force_login(getattr(world, persona))
        assert edit_url(own) not in client.get(urls[page]).text


def test_removing_from_the_fiche_action_comes_back_to_it(client, world, own):
    own.action = world.lead_action
    own.save()
    sheet = reverse("action_sheet", args=[world.contract.pk, world.lead_action.pk])
    client.force_login(world.coordinator)
    response = client.post(f"{delete_url(own)}?next={sheet}")
    assert response.url == sheet
    assert "L&#x27;indicateur « Ateliers tenus » et ses valeurs ont été supprimés." in (
        client.get(sheet).text
    )


def test_a_correction_goes_back_to_the_page_it_came_from_and_never_elsewhere(client, world, own):
    client.force_login(world.coordinator)
    data = form_data(own, comment="Relevé par le centre social")
    response = client.post(edit_url(own, next=tab_url(world.contract)), data)
    assert response.url == tab_url(world.contract)
    response = client.post(edit_url(own, next="https://ailleurs.example/"), data)
    assert response.url == detail_url(own)


# --- What a correction may change ------------------------------------------------------------------


def test_coordinator_corrects_an_indicator_of_the_contracts_own(client, world, own):
    client.force_login(world.coordinator)
    response = client.post(
        edit_url(own),
        form_data(
            own,
            name="Ateliers de prévention tenus",
            description="Ateliers collectifs d'au moins 5 personnes.",
            source="Centre social",
            action=world.lead_action.pk,
            baseline_value="4",
            target_value="24,5",
            comment="Compté par trimestre scolaire.",
        ),
    )
    assert response.status_code == 302
    assert response.url == detail_url(own)
    indicator = refreshed(own)
    assert indicator.definition.name == "Ateliers de prévention tenus"
    assert indicator.definition.source == "Centre social"
    assert (indicator.action, indicator.baseline_value, indicator.target_value) == (
        world.lead_action,
        Decimal(4),
        Decimal("24.5"),
    )
    assert indicator.comment == "Compté par trimestre scolaire."
    page = client.get(response.url).text
    assert "L&#x27;indicateur a été corrigé." in page
    assert "Ateliers de prévention tenus" in page


def test_the_form_shows_figures_the_french_way(client, world, own):
    own.target_value = Decimal("60.5000")
    own.save()
    client.force_login(world.coordinator)
    assert 'value="60,5"' in client.get(edit_url(own)).text


def test_a_shared_definition_is_not_offered_and_its_follow_up_is(client, world, national):
    client.force_login(world.coordinator)
    page = client.get(edit_url(national)).text
    assert 'name="target_value"' in page
    assert 'name="name"' not in page and 'name="unit"' not in page
    assert "vient du catalogue national, partagé avec d&#x27;autres contrats" in page
    response = client.post(
        edit_url(national), form_data(national, target_value="70", name="Renommé", unit="€")
    )
    assert response.status_code == 302
    indicator = refreshed(national)
    assert indicator.target_value == 70
    assert (indicator.definition.name, indicator.definition.unit) == (
        "Part des habitants avec un médecin traitant",
        "%",
    )


@pytest.mark.parametrize(
    ("scope", "word"),
    [(CatalogueScope.NATIONAL, "national"), (CatalogueScope.REGIONAL, "régional")],
)
def test_the_service_never_changes_a_shared_definition(world, scope, word):
    region = world.contract.ars.region if scope == CatalogueScope.REGIONAL else None
    indicator = IndicatorFactory(
        contract=world.contract, definition__scope=scope, definition__region=region
    )
    with pytest.raises(ValidationError) as refused:
        corrections.indicator_update(indicator=indicator, name="Autre", source="Ailleurs")
    message = (
        f"Cet indicateur vient du catalogue {word}, partagé avec d'autres contrats : sa "
        "définition ne se modifie pas depuis un contrat."
    )
    assert refused.value.message_dict == {"name": [message], "source": [message]}


@pytest.mark.parametrize(
    ("field", "new", "message"),
    [
        ("unit", "%", "Son unité ne change plus : l'indicateur a déjà 1 valeur saisie"),
        ("periodicity", Periodicity.QUARTER, "Sa périodicité ne change plus : l'indicateur a "),
    ],
)
def test_unit_and_periodicity_are_fixed_once_a_value_is_entered(
    client, world, own, field, new, message
):
    client.force_login(world.coordinator)
    response = client.post(edit_url(own), form_data(own, **{field: new}, source="Mairie"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert errors[field][0].endswith("Pour mesurer autrement, ajoutez un autre indicateur.")
    assert refreshed(own).definition.unit == "nombre"
    assert refreshed(own).definition.source == ""


def test_unit_and_periodicity_change_while_no_value_is_entered(client, world, own):
    own.values.all().delete()
    client.force_login(world.coordinator)
    response = client.post(edit_url(own), form_data(own, unit="%", periodicity="quarter"))
    assert response.status_code == 302
    definition = refreshed(own).definition
    assert (definition.unit, definition.periodicity) == ("%", Periodicity.QUARTER)


def test_bounds_may_not_leave_a_value_entered_outside(client, world, own):
    IndicatorValueFactory(indicator=own, period="2024", value=Decimal("15.5"))
    client.force_login(world.coordinator)
    response = client.post(edit_url(own), form_data(own, min_value="13", max_value="14"))
    errors = response.context["form"].errors
    assert errors["min_value"] == ["1 valeur saisie est inférieure à ce minimum : 2025 (12)."]
    assert errors["max_value"] == ["1 valeur saisie est supérieure à ce maximum : 2024 (15,5)."]
    response = client.post(edit_url(own), form_data(own, min_value="0", max_value="100"))
    assert response.status_code == 302


def test_a_correction_is_kept_in_the_history(client, world, own):
    client.force_login(world.coordinator)
    client.post(edit_url(own), form_data(own, name="Ateliers collectifs", target_value="30"))
    change = own.history.latest()
    assert (change.history_type, change.history_user, change.target_value) == (
        "~",
        world.coordinator,
        30,
    )
    renamed = IndicatorDefinition.history.filter(id=own.definition_id).latest()
    assert (renamed.history_type, renamed.history_user, renamed.name) == (
        "~",
        world.coordinator,
        "Ateliers collectifs",
    )
    assert renamed.prev_record.name == "Ateliers tenus"


# --- Removing -------------------------------------------------------------------------------------


def test_an_indicator_with_validated_values_is_kept_with_the_way_out(client, world, own):
    for period in ("2024", "2026"):
        IndicatorValueFactory(indicator=own, period=period, status=ValueStatus.VALIDATED)
    own.values.filter(period="2025").update(status=ValueStatus.VALIDATED)
    client.force_login(world.coordinator)
    response = client.post(delete_url(own), follow=True)
    assert response.redirect_chain == [(detail_url(own), 302)]
    assert (
        "Cet indicateur a 3 valeurs validées : 2024, 2025, 2026. Elles comptent dans les bilans "
        "du contrat : pour le supprimer, l&#x27;ARS doit d&#x27;abord revenir sur leur "
        "validation (page de l&#x27;indicateur) ; sinon, corrigez-le plutôt."
    ) in response.text
    assert own.values.count() == 3


def test_the_ars_goes_back_on_a_validation_and_the_indicator_can_then_be_removed(
    client, world, own
):
    own.values.update(status=ValueStatus.VALIDATED)
    value = own.values.get()
    client.force_login(world.agent)
    page = client.get(detail_url(own)).text
    assert "Refuser la valeur 2025" in page
    response = client.post(
        reverse("value_reject", args=[world.contract.pk, value.pk]),
        {"comment": "Chiffre de l'année précédente", "next": detail_url(own)},
    )
    assert response.url == detail_url(own)
    client.post(delete_url(own))
    assert not Indicator.objects.filter(pk=own.pk).exists()


def test_only_the_ars_is_offered_to_go_back_on_a_validation(client, world, own):
    own.values.update(status=ValueStatus.VALIDATED)
    client.force_login(world.coordinator)
    assert "Refuser la valeur 2025" not in client.get(detail_url(own)).text


def test_a_removal_is_kept_in_the_history_and_in_the_deletions_feed(client, world, own):
    value = own.values.get()
    client.force_login(world.coordinator)
    client.post(delete_url(own))
    removed = Indicator.history.filter(id=own.pk).latest()
    assert (removed.history_type, removed.history_user) == ("-", world.coordinator)
    gone = IndicatorValue.history.filter(id=value.pk).latest()
    assert (gone.history_type, gone.history_user) == ("-", world.coordinator)
    assert set(
        Tombstone.objects.values_list("resource", "object_id", "contract_id", "is_confidential")
    ) == {
        ("indicators", str(own.pk), world.contract.pk, False),
        ("indicator-values", str(value.pk), world.contract.pk, False),
    }
    # The definition of the contract's own stays: the history names it, and it may be followed
    # again.
    assert IndicatorDefinition.objects.filter(pk=own.definition_id).exists()


def test_removing_an_indicator_of_a_confidential_action_leaves_a_confidential_trace(world, own):
    world.lead_action.is_confidential = True
    world.lead_action.save()
    own.action = world.lead_action
    own.save()
    corrections.indicator_delete(indicator=refreshed(own), by=world.coordinator)
    assert set(Tombstone.objects.values_list("is_confidential", flat=True)) == {True}


# --- Query counts ---------------------------------------------------------------------------------


def test_the_correction_form_query_count(client, world, own, django_assert_num_queries):
    client.force_login(world.coordinator)
    with django_assert_num_queries(8):
        # 1-2 session and user; 3 memberships (roles) and ids of the contracts seen; 4 the
        # contract with its header; 5 is the user coordinating; 6 the indicator with its
        # definition and action; 7 the contract's fiches actions to choose from; 8 the people
        # offered as its responsible.
        response = client.get(edit_url(own))
    assert response.status_code == 200


@pytest.mark.parametrize("values", [1, 3])
def test_the_indicator_page_for_the_coordination_query_count_does_not_grow(
    client, world, own, django_assert_num_queries, values
):
    for period in ["2024", "2026", "2023"][:values]:
        IndicatorValueFactory(indicator=own, period=period)
    client.force_login(world.coordinator)
    with django_assert_num_queries(7):
        # 1-2 session and user; 3 memberships (roles) and ids of the contracts seen; 4 the
        # contract with its header; 5 the indicator with definition, action and lead, person in
        # charge; 6 its values with who entered and reviewed them; 7 is the user coordinating.
        assert client.get(detail_url(own)).status_code == 200


def test_a_removal_query_count(client, world, own, django_assert_num_queries):
    IndicatorValueFactory(indicator=own, period="2024")
    client.force_login(world.coordinator)
    with django_assert_num_queries(19):
        # 1-2 session and user; 3 memberships (roles) and ids of the contracts seen; 4 the
        # contract with its header; 5 is the user coordinating; 6 the indicator with its
        # definition and action; then, in a transaction (7 savepoint, 19 released): 8 its
        # values; 9-14 for each of its 2 values, the deletion, its history row and its
        # tombstone (what a removal writes grows with what it removes); 15 values left to
        # cascade (none); 16-18 the indicator's deletion, history row and tombstone.
        assert client.post(delete_url(own)).status_code == 302


# --- Values only for a period that has begun ----------------------------------------------------


BEGUN_MESSAGE = "La période 2027 n'a pas commencé : sa valeur se saisit à partir du 01/01/2027."


def test_a_value_for_a_period_not_begun_is_refused(world, own):
    with pytest.raises(ValidationError) as refused:
        services.indicator_value_record(indicator=own, period="2027", value=Decimal(3))
    assert refused.value.message_dict == {"period": [BEGUN_MESSAGE]}
    services.indicator_value_record(indicator=own, period="2026", value=Decimal(3))


def test_a_value_is_taken_once_its_period_has_begun(world, own, time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 1, 8, tzinfo=datetime.UTC))
    record = services.indicator_value_record(indicator=own, period="2027", value=Decimal(3))
    assert record.period_start == datetime.date(2027, 1, 1)


def test_a_month_not_begun_is_refused_even_within_the_current_year(world):
    monthly = IndicatorFactory(contract=world.contract, definition__periodicity=Periodicity.MONTH)
    with pytest.raises(ValidationError) as refused:
        services.indicator_value_record(indicator=monthly, period="2026-12", value=Decimal(3))
    assert refused.value.message_dict["period"] == [
        "La période 2026-12 n'a pas commencé : sa valeur se saisit à partir du 01/12/2026."
    ]


def test_the_values_grid_refuses_a_period_not_begun_on_its_cell(client, world, own):
    client.force_login(world.coordinator)
    url = reverse("values_grid", args=[world.contract.pk])
    response = client.post(f"{url}?periode=2027", {f"value-{own.pk}-2027": "3"})
    assert response.status_code == 422
    assert "La période 2027 n&#x27;a pas commencé" in response.text
    assert not own.values.filter(period="2027").exists()


def test_the_spreadsheet_import_refuses_a_period_not_begun(client, world, own):
    rows = [
        {"indicator": "Ateliers tenus", "period": "2026", "value": 4},
        {"indicator": "Ateliers tenus", "period": "2027", "value": 5},
    ]
    client.force_login(world.coordinator)
    response = client.post(import_url(world.contract), {"file": upload(workbook(Valeurs=rows))})
    assert response.status_code == 422
    problems = [(p.sheet, p.row, p.message) for p in response.context["result"].problems]
    assert ("Valeurs", 3, BEGUN_MESSAGE) in problems
    assert not own.values.filter(period__in=["2026", "2027"]).exists()
