"""A signatory's representative named with an e-mail address is invited to the contract, on
adding the signatory or on correcting it; the refusals say why on the address's field; the
representative sees the contract once their account is open."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from actors.enums import OrganisationKind
from actors.models import Invitation, User
from actors.services import account_deactivate
from contracts import access
from contracts.enums import SignatoryRole
from tests.actors.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.contracts.factories import SignatoryFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Un-mot-de-passe-solide-2026"
QUERIES_ADD_PAGE = 5
QUERIES_EDIT_PAGE = 5


def add_signatory(client, contract, **data):
    fields = {
        "new_organisation_name": "Commune du Palais",
        "new_organisation_kind": OrganisationKind.COMMUNE,
        "role": SignatoryRole.SIGNATORY,
        "person_name": "Jeanne Martin",
        "person_title": "Maire",
        **data,
    }
    return client.post(reverse("signatory_add", args=[contract.pk]), fields)


def edit_url(signatory):
    return reverse("record_edit", args=[signatory.contract_id, "signataires", signatory.pk])


def test_a_representative_named_by_e_mail_is_invited_and_then_sees_the_contract(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = add_signatory(client, world.contract, person_email="JM@exemple.fr")
    assert response.status_code == 302

    account = User.objects.get(email="jm@exemple.fr")
    assert not account.is_active
    signatory = world.contract.signatories.get(organisation__name="Commune du Palais")
    assert signatory.person.user == account
    invitation = Invitation.objects.get(user=account)
    assert invitation.invited_by == world.agent
    [message] = [m for m in mail.outbox if m.to == ["jm@exemple.fr"]]
    assert "représenter « Commune du Palais »" in message.subject
    # In French, plain text plus HTML.
    [(html, kind)] = message.alternatives
    assert kind == "text/html" and "Choisir mon mot de passe" in html

    link = re.search(r"http://[^\s]+/invitation/[^\s/]+/", message.body).group(0)
    client.logout()
    landed = client.post(
        link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert landed.redirect_chain[-1][0] == world.contract.get_absolute_url()
    assert landed.status_code == 200 and world.contract.title in landed.text


def test_a_representative_without_address_gets_no_account(client, world):
    client.force_login(world.agent)
    add_signatory(client, world.contract)
    signatory = world.contract.signatories.get(organisation__name="Commune du Palais")
    assert signatory.person.user is None
    assert not Invitation.objects.exists()


def test_an_address_that_has_an_account_links_it_and_tells_them(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.agent)
    with django_capture_on_commit_callbacks(execute=True):
        add_signatory(client, world.contract, person_email=world.reader.email)
    signatory = world.contract.signatories.get(organisation__name="Commune du Palais")
    assert signatory.person.user == world.reader
    assert not Invitation.objects.exists()
    assert [m.to for m in mail.outbox] == [[world.reader.email]]


def test_an_address_without_a_name_is_refused_on_the_name(client, world):
    client.force_login(world.agent)
    response = add_signatory(client, world.contract, person_name="", person_email="x@exemple.fr")
    assert response.status_code == 200
    assert "Donnez le prénom et le nom de la personne à inviter" in response.text
    assert not User.objects.filter(email="x@exemple.fr").exists()


def test_a_malformed_address_is_refused_on_its_field(client, world):
    client.force_login(world.agent)
    response = add_signatory(client, world.contract, person_email="jm@@exemple")
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide" in response.text
    assert not world.contract.signatories.filter(organisation__name="Commune du Palais").exists()


def test_an_address_of_another_known_person_is_refused_on_its_field(client, world):
    PersonFactory(first_name="Paul", last_name="Durand", email="jm@exemple.fr")
    client.force_login(world.agent)
    response = add_signatory(client, world.contract, person_email="jm@exemple.fr")
    assert response.status_code == 200
    assert "Cette adresse est déjà celle de Paul Durand" in response.text
    assert not world.contract.signatories.filter(organisation__name="Commune du Palais").exists()


def test_a_deactivated_account_is_refused_and_nothing_is_half_created(client, world):
    gone = UserFactory(email="parti@exemple.fr")
    account_deactivate(user=gone)
    client.force_login(world.agent)
    response = add_signatory(client, world.contract, person_email="parti@exemple.fr")
    assert response.status_code == 200
    assert "a été désactivé le" in response.text
    assert not world.contract.signatories.filter(organisation__name="Commune du Palais").exists()
    assert not Invitation.objects.exists()


def test_correcting_a_signatory_invites_its_representative_once(
    client, world, django_capture_on_commit_callbacks
):
    signatory = world.contract.signatories.get()
    signatory.person = PersonFactory(first_name="Jeanne", last_name="Martin", email="")
    signatory.save()
    client.force_login(world.agent)
    form = {"role": signatory.role, "person_name": "Jeanne Martin", "person_title": "Présidente"}
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(edit_url(signatory), {**form, "person_email": "jm@exemple.fr"})
        assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.person.user.email == "jm@exemple.fr"
    [invitation] = Invitation.objects.filter(user__email="jm@exemple.fr")
    assert invitation.invited_by == world.agent  # the inviter sees it among their invitations
    assert len([m for m in mail.outbox if m.to == ["jm@exemple.fr"]]) == 1
    page = client.get(edit_url(signatory))
    assert 'value="jm@exemple.fr"' in page.text


def test_an_account_holders_address_is_not_changed_from_the_signatory(client, world):
    signatory = world.contract.signatories.get()
    signatory.person = PersonFactory(user=world.reader)
    signatory.save()
    client.force_login(world.agent)
    response = client.post(
        edit_url(signatory),
        {
            "role": signatory.role,
            "person_name": str(signatory.person),
            "person_email": "autre@exemple.fr",
        },
    )
    assert response.status_code == 200
    assert "a déjà un compte, sous" in response.text and "autre@exemple.fr" not in str(
        User.objects.values_list("email", flat=True)
    )


def test_a_representative_sees_the_contract_but_not_its_confidential_content(world):
    representative = UserFactory()
    SignatoryFactory(
        contract=world.contract,
        organisation=OrganisationFactory(kind=OrganisationKind.CPAM),
        person=PersonFactory(user=representative),
    )
    scope = access.contract_scope(representative)
    assert world.contract.pk in scope.visible
    assert world.contract.pk not in scope.confidential
    assert world.other_contract.pk not in scope.visible


@pytest.mark.parametrize("persona", ["coordinator", "lead", "reader", "other_agent"])
def test_only_ars_staff_name_a_representative(client, world, persona):
    client.force_login(getattr(world, persona))
    response = add_signatory(client, world.contract, person_email="jm@exemple.fr")
    assert response.status_code in (403, 404)
    assert not User.objects.filter(email="jm@exemple.fr").exists()


def test_the_signatory_pages_ask_for_the_address_with_a_pinned_query_count(
    client, world, django_assert_num_queries
):
    client.force_login(world.agent)
    signatory = world.contract.signatories.get()
    for url, queries in (
        (reverse("signatory_add", args=[world.contract.pk]), QUERIES_ADD_PAGE),
        (edit_url(signatory), QUERIES_EDIT_PAGE),
    ):
        client.get(url)  # sessions and caches warmed
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert "Adresse électronique du représentant" in response.text
