"""People join and leave: « mot de passe oublié » resets a password by e-mail; an ARS agent
names a new coordinator by e-mail, whose invitation link sets a password and opens the contract
and its values grid; the people page lists them; an ARS agent adds a member of a collectivité,
who joins and reads its contract. Every page passes axe-core."""

import re

import pytest
from django.core import mail

from actors.enums import MembershipRole, OrganisationKind
from tests.actors.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from tests.browser.conftest import log_in
from tests.clock import TODAY
from tests.contracts.factories import AxisFactory, ContractFactory, SignatoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Un-mot-de-passe-solide-2026"


@pytest.fixture(autouse=True)
def _links_to_the_live_server(settings, live_server):
    # The e-mails' links start with the site's address.
    settings.SITE_URL = live_server.url


def link_in_last_e_mail(to: str, path: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [to]][-1:]
    return re.search(rf"http://[^\s]+{path}[^\s]*", message.body).group(0)


def choose_password(page):
    # A label's text begins with the blanks of its template (a regular expression reads it raw).
    page.get_by_label(re.compile(r"^\s*Nouveau mot de passe")).fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD)


def test_a_forgotten_password_is_reset_by_e_mail(page, check_accessibility):
    user = UserFactory(email="coordination@exemple.fr")
    page.goto("/connexion/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    check_accessibility(page)
    page.get_by_label("Adresse électronique de votre compte").fill(user.email)
    page.get_by_role("button", name="Recevoir le lien").click()
    assert page.get_by_role("heading", name="Vérifiez votre messagerie").is_visible()
    check_accessibility(page)

    page.goto(link_in_last_e_mail(user.email, "/mot-de-passe/nouveau/"))
    assert page.get_by_role("heading", name="Choisissez un nouveau mot de passe").is_visible()
    check_accessibility(page)
    choose_password(page)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    assert page.get_by_role("heading", name="Mot de passe changé").is_visible()
    check_accessibility(page)

    log_in(page, user.email, NEW_PASSWORD)
    assert "/connexion/" not in page.url


def test_a_coordinator_named_by_e_mail_joins_and_opens_the_values_grid(page, check_accessibility):
    contract = ContractFactory(title="CLS de Belle-Île-en-Mer 2024-2028")
    AxisFactory(contract=contract, number=1)
    agent = UserFactory(email="ars.bretagne@exemple.fr")
    MembershipFactory(user=agent, organisation=contract.ars, role=MembershipRole.ARS_STAFF)
    log_in(page, agent.email, PASSWORD)

    page.goto(f"/contracts/{contract.pk}/")
    page.get_by_role("link", name="Nommer un coordonnateur").click()
    check_accessibility(page)
    page.get_by_label("…ou prénom").fill("Léa")
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_label("Adresse électronique").fill("lea.durand@exemple.fr")
    page.get_by_label("En poste à partir du").fill(TODAY.isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Invitation en attente").is_visible()
    check_accessibility(page)

    page.goto("/personnes/")
    assert page.get_by_role("cell", name=re.compile("^Léa Durand")).is_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Se déconnecter").click()

    page.goto(link_in_last_e_mail("lea.durand@exemple.fr", "/invitation/"))
    assert page.get_by_role("heading", name="Ouvrir votre compte").is_visible()
    check_accessibility(page)
    choose_password(page)
    page.get_by_role("button", name="Ouvrir mon compte").click()
    assert page.get_by_role("heading", name=contract.title).is_visible()

    page.goto(f"/contracts/{contract.pk}/values/")
    assert "/connexion/" not in page.url
    assert page.get_by_role("heading", level=1).first.is_visible()
    check_accessibility(page)


def test_an_ars_agent_adds_a_member_of_a_collectivite_who_joins(page, check_accessibility):
    contract = ContractFactory(title="CLS du Pays de Ploërmel 2025-2029")
    commune = OrganisationFactory(kind=OrganisationKind.COMMUNE, name="Commune de Ploërmel")
    SignatoryFactory(contract=contract, organisation=commune)
    agent = UserFactory(email="ars.bretagne@exemple.fr")
    MembershipFactory(user=agent, organisation=contract.ars, role=MembershipRole.ARS_STAFF)
    log_in(page, agent.email, PASSWORD)

    page.goto("/personnes/")
    page.get_by_role("link", name="Ajouter un membre d'une organisation").click()
    check_accessibility(page)
    page.get_by_label("Organisation").select_option(label="Commune de Ploërmel")
    page.get_by_label("Prénom").fill("Yann")
    page.get_by_label(re.compile(r"^\s*Nom")).fill("Le Floch")
    page.get_by_label(re.compile(r"^\s*Adresse électronique")).fill("yann@exemple.fr")
    page.get_by_role("button", name="Ajouter et inviter").click()
    assert page.get_by_text("elle reçoit une invitation par courriel").is_visible()
    assert page.get_by_role("cell", name=re.compile("^Yann Le Floch")).is_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Se déconnecter").click()

    page.goto(link_in_last_e_mail("yann@exemple.fr", "/invitation/"))
    choose_password(page)
    page.get_by_role("button", name="Ouvrir mon compte").click()
    page.goto(contract.get_absolute_url())
    assert page.get_by_role("heading", name=contract.title).is_visible()
