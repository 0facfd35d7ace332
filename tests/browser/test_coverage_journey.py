"""The ARS regional cockpit and the open data in a real browser: the Bretagne agent reads the
map of the région (drawn by the server, no request leaving it), follows a territory without a
CLS to « Démarrer un CLS »; an anonymous visitor opens a contract's public page from the
directory and downloads the directory as CSV. Every page passes axe-core."""

from pathlib import Path

import pytest

from tests.actions.factories import ActionFactory
from tests.actors.factories import PASSWORD, UserFactory
from tests.browser.conftest import log_in
from tests.contracts.factories import AxisFactory
from tests.portfolio.conftest import bretagne_with_every_situation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bretagne():
    return bretagne_with_every_situation()


def requests_leaving(page, live_server) -> list[str]:
    leaving = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:"))
            else leaving.append(request.url)
        ),
    )
    return leaving


def test_the_agent_reads_the_regions_map_and_starts_a_cls_where_there_is_none(
    page, live_server, bretagne, check_accessibility
):
    leaving = requests_leaving(page, live_server)
    log_in(page, bretagne.agent.email, PASSWORD)
    assert page.get_by_role("heading", name="Les CLS de votre région").is_visible()
    check_accessibility(page)

    # The keyboard reaches each territory of the map; its name, situation and population show.
    morlaix = page.locator("svg.cls-map a", has_text="Morlaix Communauté")
    morlaix.focus()
    caption = page.locator("[data-map-info='carte']")
    assert "Morlaix Communauté — Échéance dans les 6 mois" in caption.inner_text()

    # A click on a territory opens its page, where an EPCI without a CLS offers to start one.
    page.locator("svg.cls-map a", has_text="Quimper Bretagne Occidentale").click()
    assert page.get_by_role("heading", name="Quimper Bretagne Occidentale").is_visible()
    start = page.get_by_role("link", name="Démarrer un CLS sur Quimper Bretagne Occidentale")
    assert start.is_visible()
    check_accessibility(page)
    page.go_back()

    page.get_by_role("link", name="Territoires sans CLS et tableau de la carte").click()
    assert page.get_by_role("heading", name="Bretagne", exact=True).is_visible()
    # The legend names the territories without a CLS, and the map's table says which they are
    # (the territories' tooltips, hidden until hovered, also say it: hence the roles read here).
    assert page.locator("svg.cls-map text", has_text="Sans CLS").is_visible()
    quimper = page.get_by_role("row").filter(has_text="Quimper Bretagne Occidentale")
    assert quimper.get_by_role("cell", name="Sans CLS", exact=True).is_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Démarrer un CLS sur Quimper Bretagne Occidentale").click()
    assert page.get_by_label("Intitulé").input_value() == (
        "Contrat local de santé — Quimper Bretagne Occidentale"
    )
    assert page.get_by_label("Un EPCI").is_checked()
    check_accessibility(page)
    assert leaving == []


def test_the_national_administrator_reads_france_by_departement(
    page, live_server, bretagne, check_accessibility
):
    admin = UserFactory(national_admin=True)
    leaving = requests_leaving(page, live_server)
    log_in(page, admin.email, PASSWORD)
    assert page.get_by_role("heading", name="La couverture de la France").is_visible()

    page.locator("svg.cls-map a", has_text="Finistère (29)").focus()
    caption = page.locator("[data-map-info='carte-france']")
    assert "Finistère (29) — 94\u202f507 habitants, 16,1 % couverts" in caption.inner_text()

    page.get_by_role("button", name="La carte sous forme de tableau : chaque département").click()
    morbihan = page.get_by_role("row").filter(has_text="Morbihan (56)")
    morbihan.get_by_role("link").wait_for()
    assert morbihan.get_by_role("cell", name="Bretagne").is_visible()
    check_accessibility(page)
    assert leaving == []


def test_a_visitor_opens_a_public_contract_and_downloads_the_directory(
    page, live_server, bretagne, check_accessibility
):
    contract = bretagne.communes["56152"].territories.get().contracts.get()
    axis = AxisFactory(contract=contract, number=1, title="Accès aux soins")
    ActionFactory(axis=axis, number="1.1", title="Accueillir les internes")
    ActionFactory(axis=axis, number="1.2", title="Situations confidentielles", is_confidential=True)
    leaving = requests_leaving(page, live_server)

    page.goto("/annuaire/")
    page.get_by_label("Région").select_option(label="Bretagne")
    page.get_by_role("button", name="Filtrer").click()
    check_accessibility(page)
    page.get_by_role("link", name="CLS de Belle-Île-en-Mer").click()

    assert page.get_by_role("heading", name="CLS de Belle-Île-en-Mer").is_visible()
    assert page.locator("svg.cls-map").is_visible()
    assert page.get_by_text("Accueillir les internes").is_visible()
    assert page.get_by_text("Situations confidentielles").count() == 0
    check_accessibility(page)

    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger au format CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert content.startswith("identifiant,intitule,")
    assert "CLS de Belle-Île-en-Mer" in content
    assert leaving == []
