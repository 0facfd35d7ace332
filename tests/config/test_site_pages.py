"""The site's French DSFR pages: errors with a way back, the footer's mandatory pages, and the
French plurals every page writes."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.template import Context, Template
from django.test import Client, override_settings
from django.urls import include, path

from config import urls
from config.french import plural

pytestmark = pytest.mark.django_db

FOOTER_PAGES = {
    "/plan-du-site/": "Plan du site",
    "/accessibilite/": "Déclaration d'accessibilité",
    "/mentions-legales/": "Mentions légales",
    "/donnees-personnelles/": "Données personnelles",
    "/cookies/": "Gestion des cookies",
}


@login_not_required
def broken(request):
    raise RuntimeError("panne")


@login_not_required
def suspicious(request):
    raise SuspiciousOperation("en-tête Host forgé")


# As config/urls.py declares them.
handler400, handler403, handler404, handler500 = (
    urls.handler400,
    urls.handler403,
    urls.handler404,
    urls.handler500,
)
urlpatterns = [
    path("panne/", broken),
    path("api/panne/", broken),
    path("douteux/", suspicious),
    path("", include("config.urls")),
]


def assert_french_error_page(response, status: int, heading: str):
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>\n        {heading}" in html or f"<h1>{heading}" in html, html[:2000]
    assert f"Erreur {status}" in html
    assert 'href="/"' in html and "Plan du site" in html  # a way back
    assert "Traceback" not in html and "urlpatterns" not in html.lower()


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_a_missing_page_is_a_french_404_with_a_way_back(client, world, who):
    if who == "reader":
        client.force_login(world.reader)
    assert_french_error_page(client.get("/nulle-part/"), 404, "Page non trouvée")


def test_a_contract_out_of_sight_is_the_same_french_404(client, world):
    client.force_login(world.reader)
    response = client.get(f"/contracts/{world.other_contract.pk}/")
    assert_french_error_page(response, 404, "Page non trouvée")


def test_a_forbidden_operation_is_a_french_403_saying_who_may(client, world):
    client.force_login(world.reader)
    response = client.get(f"/contracts/{world.contract.pk}/edit/")
    assert_french_error_page(response, 403, "Accès refusé")
    assert "Seuls les agents de l&#x27;ARS" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_an_unexpected_error_is_a_french_500_without_internals():
    client = Client(raise_request_exception=False)
    assert_french_error_page(client.get("/panne/"), 500, "Erreur inattendue")


@override_settings(ROOT_URLCONF=__name__)
def test_the_api_answers_its_errors_in_its_json_shape():
    client = Client(raise_request_exception=False)
    for url, status, code in (
        ("/api/panne/", 500, "error"),
        ("/api/v1/inconnu/", 404, "not_found"),
    ):
        response = client.get(url)
        assert response.status_code == status
        assert response.json()["code"] == code and response.json()["message"]


@override_settings(ROOT_URLCONF=__name__)
def test_a_bad_request_is_a_french_400():
    client = Client(raise_request_exception=False)
    assert_french_error_page(client.get("/douteux/"), 400, "Requête incorrecte")


def test_a_form_sent_without_its_csrf_token_gets_a_french_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/connexion/", {"username": "a@b.fr", "password": "x"})
    assert_french_error_page(response, 403, "Formulaire expiré")


@pytest.mark.parametrize(("url", "heading"), FOOTER_PAGES.items())
def test_the_footer_s_mandatory_pages_are_open_to_all(client, url, heading):
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_every_page_links_the_footer_s_mandatory_pages(client, world):
    client.force_login(world.coordinator)
    html = client.get(f"/contracts/{world.contract.pk}/").content.decode()
    for url in FOOTER_PAGES:
        assert f'class="fr-footer__bottom-link" href="{url}"' in html


def test_the_cookie_page_says_only_technical_cookies_are_used(client):
    html = client.get("/cookies/").content.decode()
    assert "sessionid" in html and "csrftoken" in html
    assert "ne dépose que des cookies techniques" in html


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 commune"),
        (1, "1 commune"),
        (2, "2 communes"),
        (34875, "34\u202f875 communes"),
    ],
)
def test_french_plurals_take_zero_and_one_in_the_singular(count, expected):
    assert plural(count, "commune,communes") == expected


def test_the_plural_filter_counts_lists_and_agrees_whole_phrases():
    rendered = Template(
        '{% load site %}{{ values|plural:"valeur enregistrée,valeurs enregistrées" }} ; '
        '{{ 1|plural:"fiche action,fiches actions" }} ; {{ 3|plural_words:"fiche,fiches" }}'
    ).render(Context({"values": ["a", "b"]}))
    assert rendered == "2 valeurs enregistrées ; 1 fiche action ; fiches"
