"""The person following an indicator, named with an e-mail address when the indicator is added,
is invited to it; a known person is chosen from the list; refusals say why on the fields; the
responsible person then sees the contract and the indicator."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from actors.models import Invitation, User
from actors.services import account_deactivate
from contracts import access
from indicators.enums import CatalogueScope
from indicators.models import Indicator
from tests.actors.factories import PersonFactory, UserFactory
from tests.indicators.factories import IndicatorDefinitionFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Un-mot-de-passe-solide-2026"
QUERIES_ADD_PAGE = 8


@pytest.fixture
def definition(db):
    return IndicatorDefinitionFactory(scope=CatalogueScope.NATIONAL, name="Taux de dépistage")


def add_indicator(client, contract, definition, **data):
    fields = {
        "definition": definition.pk,
        "new_kind": "process",
        "new_periodicity": "year",
        "new_direction": "up",
        "new_geographic_level": "territory",
        **data,
    }
    return client.post(reverse("indicator_add", args=[contract.pk]), fields)


def test_a_responsible_named_by_e_mail_is_invited_to_the_indicator(
    client, world, definition, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = add_indicator(
            client,
            world.contract,
            definition,
            responsible_name="Paul Le Goff",
            responsible_email="paul@exemple.fr",
        )
    assert response.status_code == 302
    indicator = Indicator.objects.get()
    account = User.objects.get(email="paul@exemple.fr")
    assert indicator.responsible.user == account and not account.is_active
    assert Invitation.objects.get(user=account).invited_by == world.coordinator
    [message] = [m for m in mail.outbox if m.to == ["paul@exemple.fr"]]
    assert "suivre l'indicateur « Taux de dépistage »" in message.subject

    link = re.search(r"http://[^\s]+/invitation/[^\s/]+/", message.body).group(0)
    client.logout()
    landed = client.post(
        link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert landed.redirect_chain[-1][0] == reverse(
        "indicator_detail", args=[world.contract.pk, indicator.pk]
    )
    assert landed.status_code == 200 and "Taux de dépistage" in landed.text


def test_a_known_person_is_chosen_from_the_list(client, world, definition):
    client.force_login(world.coordinator)
    known = world.lead_action.lead_person
    add_indicator(client, world.contract, definition, responsible=known.pk)
    assert Indicator.objects.get().responsible == known
    assert not Invitation.objects.exists()


def test_choosing_and_typing_a_person_is_refused(client, world, definition):
    client.force_login(world.coordinator)
    response = add_indicator(
        client,
        world.contract,
        definition,
        responsible=world.lead_action.lead_person.pk,
        responsible_name="Paul Le Goff",
    )
    assert response.status_code == 200
    assert "pas les deux" in response.text and not Indicator.objects.exists()


def test_an_address_without_a_name_is_refused_on_the_name(client, world, definition):
    client.force_login(world.coordinator)
    response = add_indicator(client, world.contract, definition, responsible_email="p@exemple.fr")
    assert response.status_code == 200
    assert "Donnez le prénom et le nom de la personne à inviter" in response.text


def test_a_malformed_address_is_refused_on_its_field(client, world, definition):
    client.force_login(world.coordinator)
    response = add_indicator(
        client, world.contract, definition, responsible_name="Paul", responsible_email="p@@x"
    )
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide" in response.text


def test_a_duplicate_address_is_refused_on_its_field(client, world, definition):
    PersonFactory(first_name="Anne", last_name="Morvan", email="paul@exemple.fr")
    client.force_login(world.coordinator)
    response = add_indicator(
        client,
        world.contract,
        definition,
        responsible_name="Paul Le Goff",
        responsible_email="paul@exemple.fr",
    )
    assert response.status_code == 200
    assert "Cette adresse est déjà celle de Anne Morvan" in response.text
    assert not Indicator.objects.exists()


def test_a_deactivated_account_is_refused_and_nothing_is_half_created(client, world, definition):
    gone = UserFactory(email="parti@exemple.fr", first_name="Paul", last_name="Parti")
    account_deactivate(user=gone)
    client.force_login(world.coordinator)
    response = add_indicator(
        client,
        world.contract,
        definition,
        responsible_name="Paul Parti",
        responsible_email="parti@exemple.fr",
    )
    assert response.status_code == 200
    assert "a été désactivé le" in response.text
    assert not Indicator.objects.exists() and not Invitation.objects.exists()


def test_a_responsible_person_sees_the_contract_but_not_its_confidential_content(world):
    follower = UserFactory()
    IndicatorFactory(contract=world.contract, responsible=PersonFactory(user=follower))
    scope = access.contract_scope(follower)
    assert world.contract.pk in scope.visible
    assert world.contract.pk not in scope.confidential
    assert world.other_contract.pk not in scope.visible


@pytest.mark.parametrize("persona", ["lead", "reader", "other_agent"])
def test_those_who_may_not_add_indicators_invite_nobody(client, world, definition, persona):
    client.force_login(getattr(world, persona))
    response = add_indicator(
        client, world.contract, definition, responsible_name="Paul", responsible_email="p@ex.fr"
    )
    assert response.status_code in (403, 404)
    assert not User.objects.filter(email="p@ex.fr").exists()


def test_the_add_page_offers_the_people_with_a_pinned_query_count(
    client, world, definition, django_assert_num_queries
):
    client.force_login(world.coordinator)
    url = reverse("indicator_add", args=[world.contract.pk])
    client.get(url)  # sessions and caches warmed
    with django_assert_num_queries(QUERIES_ADD_PAGE):
        response = client.get(url)
    assert str(world.lead_action.lead_person) in response.text
    assert "Adresse électronique du responsable" in response.text


def test_correcting_an_indicator_names_and_invites_its_responsible_once(
    client, world, django_capture_on_commit_callbacks
):
    indicator = IndicatorFactory(contract=world.contract)
    client.force_login(world.agent)
    url = reverse("indicator_edit", args=[world.contract.pk, indicator.pk])
    form = {
        "action": "",
        "baseline_value": "40",
        "target_value": "60",
        "responsible_name": "Paul Le Goff",
        "responsible_email": "paul@exemple.fr",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, form).status_code == 302
    indicator.refresh_from_db()
    assert indicator.responsible.user.email == "paul@exemple.fr"
    # Saved again with the person now chosen in the list: no second invitation.
    with django_capture_on_commit_callbacks(execute=True):
        again = {**form, "responsible": indicator.responsible_id, "responsible_name": ""}
        assert client.post(url, {**again, "responsible_email": ""}).status_code == 302
    assert Invitation.objects.filter(user__email="paul@exemple.fr").count() == 1
    assert len([m for m in mail.outbox if m.to == ["paul@exemple.fr"]]) == 1
    assert "Paul Le Goff" in client.get(url).text
