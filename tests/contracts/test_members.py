"""ARS staff add a member (elected official, officer) to an organisation of their région's
contracts: the person is invited, then reads the contracts it signed; refusals on the fields;
only ARS staff and administrators add members."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from actors.enums import MembershipRole, OrganisationKind
from actors.models import Invitation, Membership, User
from actors.services import account_deactivate
from contracts import access
from tests.actors.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.contracts.factories import SignatoryFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Un-mot-de-passe-solide-2026"
QUERIES_ADD_PAGE = 5

URL = "/personnes/ajouter/"


def add_member(client, organisation, **data):
    fields = {
        "organisation": organisation.pk,
        "first_name": "Yann",
        "last_name": "Le Floch",
        "email": "yann@exemple.fr",
        "job_title": "Adjoint à la santé",
        **data,
    }
    return client.post(URL, fields)


def test_ars_staff_add_a_member_who_is_invited_and_reads_the_contract(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.agent)
    assert "Ajouter un membre d'une organisation" in client.get(reverse("people")).text
    with django_capture_on_commit_callbacks(execute=True):
        response = add_member(client, world.collectivite)
    assert response.url == reverse("people")

    account = User.objects.get(email="yann@exemple.fr")
    assert not account.is_active
    membership = Membership.objects.get(user=account)
    assert (membership.organisation, membership.role) == (world.collectivite, MembershipRole.MEMBER)
    assert Invitation.objects.get(user=account).invited_by == world.agent
    [message] = [m for m in mail.outbox if m.to == ["yann@exemple.fr"]]
    assert "rejoindre « CC de Belle-Île-en-Mer »" in message.subject

    link = re.search(r"http://[^\s]+/invitation/[^\s/]+/", message.body).group(0)
    client.logout()
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert client.get(world.contract.get_absolute_url()).status_code == 200
    assert (
        world.other_contract.pk
        not in access.contract_scope(User.objects.get(pk=account.pk)).visible
    )


def test_an_existing_account_is_linked_and_told(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.agent)
    with django_capture_on_commit_callbacks(execute=True):
        add_member(client, world.collectivite, email=world.lead.email)
    assert Membership.objects.filter(user=world.lead, organisation=world.collectivite).exists()
    assert not Invitation.objects.exists()
    assert [m.to for m in mail.outbox] == [[world.lead.email]]


def test_a_member_already_is_refused_on_the_address(client, world):
    client.force_login(world.agent)
    response = add_member(
        client,
        world.collectivite,
        email=world.reader.email,
        first_name=world.reader.first_name,
        last_name=world.reader.last_name,
    )
    assert response.status_code == 200
    assert "est déjà membre de" in response.text
    assert Membership.objects.filter(user=world.reader).count() == 1


def test_a_malformed_address_is_refused_on_its_field(client, world):
    client.force_login(world.agent)
    response = add_member(client, world.collectivite, email="yann@@exemple")
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide" in response.text


def test_a_duplicate_address_is_refused_on_its_field(client, world):
    PersonFactory(first_name="Anne", last_name="Morvan", email="yann@exemple.fr")
    client.force_login(world.agent)
    response = add_member(client, world.collectivite)
    assert response.status_code == 200
    assert "Cette adresse est déjà celle de Anne Morvan" in response.text
    assert not User.objects.filter(email="yann@exemple.fr").exists()


def test_a_deactivated_account_is_refused_and_nothing_is_half_created(client, world):
    gone = UserFactory(email="yann@exemple.fr", first_name="Yann", last_name="Le Floch")
    account_deactivate(user=gone)
    client.force_login(world.agent)
    response = add_member(client, world.collectivite)
    assert response.status_code == 200
    assert "a été désactivé le" in response.text
    assert not Membership.objects.filter(user=gone).exists() and not Invitation.objects.exists()


def test_only_the_organisations_of_the_regions_contracts_are_offered(client, world):
    elsewhere = OrganisationFactory(kind=OrganisationKind.COMMUNE, name="Commune de Craon")
    SignatoryFactory(contract=world.other_contract, organisation=elsewhere)
    client.force_login(world.agent)
    page = client.get(URL).text
    assert "CC de Belle-Île-en-Mer" in page and "Commune de Craon" not in page
    assert world.contract.ars.name not in page
    response = add_member(client, elsewhere)
    assert response.status_code == 200 and not User.objects.filter(email="yann@exemple.fr").exists()


@pytest.mark.parametrize("persona", ["coordinator", "lead", "reader"])
def test_only_ars_staff_and_administrators_add_members(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert add_member(client, world.collectivite).status_code == 403
    assert not User.objects.filter(email="yann@exemple.fr").exists()
    if persona == "coordinator":
        assert "Ajouter un membre" not in client.get(reverse("people")).text


def test_an_administrator_adds_a_member_anywhere(client, world):
    client.force_login(world.admin)
    assert add_member(client, world.collectivite).status_code == 302


def test_the_add_page_has_a_pinned_query_count(client, world, django_assert_num_queries):
    client.force_login(world.agent)
    client.get(URL)  # sessions and caches warmed
    with django_assert_num_queries(QUERIES_ADD_PAGE):
        client.get(URL)
