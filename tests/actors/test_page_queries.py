"""The query counts of the pages of joining and leaving: the login page, the password reset's
pages, an invitation's link, the password change, and a contract's coordination forms."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from actors.services import person_invite
from tests.actors.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

# Anonymous pages read nothing but what they show.
ANONYMOUS_PAGES = {"login": 0, "password_reset": 0, "password_reset_done": 0}
RESET_LINK_PAGE = 2  # the session holding the token, the account
INVITATION_PAGE = 1  # the invitation with its account
PASSWORD_CHANGE_PAGE = 2  # session and account
COORDINATOR_ASSIGN_PAGE = 6
COORDINATION_EDIT_PAGE = 7
COORDINATION_END_PAGE = 5


@pytest.mark.parametrize("name", sorted(ANONYMOUS_PAGES))
def test_anonymous_pages(client, name, django_assert_num_queries):
    with django_assert_num_queries(ANONYMOUS_PAGES[name]):
        assert client.get(reverse(name)).status_code == 200


def test_the_reset_link_page(client, django_assert_num_queries):
    user = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    landing = client.get(url).url  # Django keeps the token in the session, then redirects
    with django_assert_num_queries(RESET_LINK_PAGE):
        assert "Choisissez un nouveau mot de passe" in client.get(landing).text


def test_the_invitation_page(client, django_assert_num_queries, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person_invite(
            person=PersonFactory(email="lea@exemple.fr"),
            by=None,
            about="test:1",
            purpose="coordonner le contrat « CLS de Belle-Île-en-Mer »",
            landing_url="/",
        )
    link = mail.outbox[-1].body.split("/invitation/")[1].split("/")[0]
    with django_assert_num_queries(INVITATION_PAGE):
        assert "Ouvrir votre compte" in client.get(f"/invitation/{link}/").text
    with django_assert_num_queries(INVITATION_PAGE):
        assert client.get("/invitation/inconnu/").status_code == 410


def test_the_password_change_page(client, world, django_assert_num_queries):
    client.force_login(world.coordinator)
    with django_assert_num_queries(PASSWORD_CHANGE_PAGE):
        assert client.get(reverse("password_change")).status_code == 200


def test_the_coordination_forms(client, world, django_assert_num_queries):
    client.force_login(world.agent)
    assignment = world.contract.coordinator_assignments.get()
    pages = {
        reverse("coordinator_assign", args=[world.contract.pk]): COORDINATOR_ASSIGN_PAGE,
        reverse(
            "coordination_edit", args=[world.contract.pk, assignment.pk]
        ): COORDINATION_EDIT_PAGE,
        reverse("coordination_end", args=[world.contract.pk, assignment.pk]): COORDINATION_END_PAGE,
    }
    for url, queries in pages.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
