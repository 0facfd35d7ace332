"""The ARS's queue « À valider »: who may open it, what it lists (their région's submitted
values), its filters and pages, bulk validation and bulk rejection, and the e-mail that tells
whoever submitted a rejected value why, with a link to correct it."""

import html
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from actors.models import Notification
from actors.services import notifications_pending_deliver
from indicators.enums import Periodicity, ValueStatus
from indicators.models import IndicatorValue
from indicators.services import (
    indicator_value_record,
    indicator_value_submit,
    indicator_values_validate,
)
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

QUEUE = reverse("values_review_queue")


def submitted(indicator, period="2025", **fields):
    return IndicatorValueFactory(
        indicator=indicator, period=period, status=ValueStatus.SUBMITTED, **fields
    )


@pytest.fixture
def waiting(world):
    """Two submitted values of the contract (one of the lead's action), one of the contract of
    another région, and values of the contract that wait for nobody (draft, validated)."""
    yearly = IndicatorFactory(contract=world.contract, definition__name="Taux de vaccination")
    led = IndicatorFactory(
        contract=world.contract, action=world.lead_action, definition__name="Ateliers tenus"
    )
    elsewhere = IndicatorFactory(contract=world.other_contract, definition__name="Dépistages")
    IndicatorValueFactory(indicator=yearly, period="2024", status=ValueStatus.DRAFT)
    IndicatorValueFactory(indicator=led, period="2024", status=ValueStatus.VALIDATED)
    return {
        "yearly": submitted(yearly, entered_by=world.coordinator),
        "led": submitted(led, period="2026", entered_by=world.lead),
        "elsewhere": submitted(elsewhere),
    }


def listed(response) -> set[int]:
    return {value.pk for value in response.context["page"].object_list}


def decide(client, values, decision, comment="", query=""):
    return client.post(
        f"{QUEUE}{query}",
        {"values": [value.pk for value in values], "decision": decision, "review_comment": comment},
    )


# --- Who may open it, and what it lists --------------------------------------------------------


def test_agent_sees_the_submitted_values_of_their_region_only(client, world, waiting):
    client.force_login(world.agent)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert listed(response) == {waiting["yearly"].pk, waiting["led"].pk}
    assert "2 valeurs à valider" in response.content.decode()


def test_agent_of_another_region_sees_only_theirs(client, world, waiting):
    client.force_login(world.other_agent)
    assert listed(client.get(QUEUE)) == {waiting["elsewhere"].pk}


def test_national_admin_sees_every_submitted_value(client, world, waiting):
    client.force_login(world.admin)
    assert listed(client.get(QUEUE)) == {value.pk for value in waiting.values()}


@pytest.mark.parametrize("persona", ["coordinator", "lead", "reader"])
def test_other_personas_are_refused(client, world, waiting, persona):
    client.force_login(getattr(world, persona))
    assert client.get(QUEUE).status_code == 403
    assert decide(client, [waiting["yearly"]], "validate").status_code == 403
    waiting["yearly"].refresh_from_db()
    assert waiting["yearly"].status == ValueStatus.SUBMITTED


def test_anonymous_visitor_is_sent_to_the_login_page(client, world):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_empty_queue_says_so(client, world):
    client.force_login(world.agent)
    assert "Aucune valeur à valider" in client.get(QUEUE).content.decode()


# --- Filters and pages -------------------------------------------------------------------------


def test_queue_filters_by_contract(client, world, waiting):
    client.force_login(world.admin)
    response = client.get(QUEUE, {"contract": world.other_contract.pk})
    assert listed(response) == {waiting["elsewhere"].pk}
    offered = {c.pk for c in response.context["filters"].form.fields["contract"].queryset}
    assert offered == {world.contract.pk, world.other_contract.pk}


def test_queue_filters_by_indicator(client, world, waiting):
    client.force_login(world.agent)
    definition = waiting["led"].indicator.definition
    response = client.get(QUEUE, {"indicator": definition.pk})
    assert listed(response) == {waiting["led"].pk}
    # Only the indicators of the agent's queue are offered, not those of another région.
    offered = {d.name for d in response.context["filters"].form.fields["indicator"].queryset}
    assert offered == {"Taux de vaccination", "Ateliers tenus"}


def test_queue_filters_by_period(client, world, waiting):
    client.force_login(world.agent)
    response = client.get(QUEUE, {"period": "2026"})
    assert listed(response) == {waiting["led"].pk}
    assert response.context["filters"].form.fields["period"].choices == [
        ("", "Toutes"),
        ("2025", "2025"),
        ("2026", "2026"),
    ]


def test_a_filter_that_matches_nothing_says_so(client, world, waiting):
    client.force_login(world.agent)
    definition = waiting["led"].indicator.definition
    response = client.get(QUEUE, {"period": "2025", "indicator": definition.pk})
    assert listed(response) == set()
    assert "Aucune valeur à valider ne correspond à ces critères" in response.content.decode()


def test_queue_is_paginated(client, world, monkeypatch):
    monkeypatch.setattr("indicators.queue_views.QUEUE_PAGE_SIZE", 2)
    indicator = IndicatorFactory(contract=world.contract, definition__periodicity=Periodicity.MONTH)
    for month in range(1, 6):
        submitted(indicator, period=f"2025-{month:02d}")
    client.force_login(world.agent)
    first = client.get(QUEUE, {"period": ""})
    last = client.get(QUEUE, {"period": "", "page": 3})
    assert len(listed(first)) == 2 and len(listed(last)) == 1
    assert 'href="?period=&amp;page=2"' in first.content.decode()
    assert "Page 3 sur 3" in last.content.decode()


# --- Bulk decisions ----------------------------------------------------------------------------


def test_agent_validates_values_in_bulk(client, world, waiting):
    client.force_login(world.agent)
    response = decide(client, [waiting["yearly"], waiting["led"]], "validate", query="?period=")
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?period="
    for value in (waiting["yearly"], waiting["led"]):
        value.refresh_from_db()
        assert (value.status, value.validated_by) == (ValueStatus.VALIDATED, world.agent)
    page = client.get(response["Location"]).content.decode()
    assert "2 valeurs validées." in page
    assert "Aucune valeur à valider" in page
    assert mail.outbox == []


def test_rejection_without_a_reason_is_refused_on_the_field_and_keeps_the_selection(
    client, world, waiting
):
    client.force_login(world.agent)
    response = decide(client, [waiting["yearly"], waiting["led"]], "reject", comment="  ")
    assert response.status_code == 422
    assert response.context["reason_form"].errors == {
        "review_comment": ["Expliquez le motif du refus."]
    }
    page = response.content.decode()
    assert 'class="fr-message fr-message--error">Expliquez le motif du refus.' in page
    # Nothing is lost: the values ticked stay ticked.
    assert page.count("checked") == 2
    assert IndicatorValue.objects.filter(status=ValueStatus.SUBMITTED).count() == 3


def test_agent_rejects_values_in_bulk_and_each_submitter_is_told_by_email(
    client, world, waiting, django_capture_on_commit_callbacks
):
    client.force_login(world.agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(
            client, [waiting["yearly"], waiting["led"]], "reject", comment="Source à préciser."
        )
    assert response.status_code == 302
    for value in (waiting["yearly"], waiting["led"]):
        value.refresh_from_db()
        assert value.status == ValueStatus.REJECTED
        assert value.review_comment == "Source à préciser."
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [world.coordinator.email, world.lead.email]
    )
    assert "2 valeurs refusées" in client.get(QUEUE).content.decode()


def test_rejection_email_gives_the_reason_and_a_link_to_correct_the_value(
    client, world, waiting, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cls.example.gouv.fr"
    client.force_login(world.agent)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, [waiting["led"]], "reject", comment="Le nombre d'ateliers semble doublé.")
    (message,) = mail.outbox
    grid = reverse("action_values_grid", args=[world.contract.pk, world.lead_action.pk])
    link = f"https://cls.example.gouv.fr{grid}?periode=2026"
    assert message.to == [world.lead.email]
    assert "Ateliers tenus" in message.subject
    html = message.alternatives[0][0]
    assert "Le nombre d'ateliers semble doublé." in message.body
    assert escape("Le nombre d'ateliers semble doublé.") in html
    for body in (message.body, html):
        assert link in body
        assert "CLS de Belle-Île-en-Mer" in body
        assert "pour la période 2026" in body
    # The lead opens the link: their action's grid, on the refused value's period.
    client.force_login(world.lead)
    response = client.get(link.removeprefix("https://cls.example.gouv.fr"))
    assert response.status_code == 200
    assert response.context["window"].code == "2026"


def test_the_email_goes_to_whoever_submitted_the_value(
    client, world, django_capture_on_commit_callbacks
):
    """The coordinator entered the value; the lead corrected nothing but submitted it."""
    indicator = IndicatorFactory(contract=world.contract, action=world.lead_action)
    value = IndicatorValueFactory(indicator=indicator, period="2025", entered_by=world.coordinator)
    client.force_login(world.lead)
    client.post(reverse("action_values_submit", args=[world.contract.pk, world.lead_action.pk]))
    value.refresh_from_db()
    assert value.status == ValueStatus.SUBMITTED
    client.force_login(world.agent)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, [value], "reject", comment="Période incomplète.")
    assert [message.to for message in mail.outbox] == [[world.lead.email]]


def test_rejection_from_the_values_grid_sends_the_email_too(
    client, world, waiting, django_capture_on_commit_callbacks
):
    client.force_login(world.agent)
    url = reverse("value_reject", args=[world.contract.pk, waiting["yearly"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"comment": "Valeur hors de la fourchette habituelle."})
    (message,) = mail.outbox
    assert message.to == [world.coordinator.email]
    assert f"/contracts/{world.contract.pk}/values/?periode=2025" in message.body


def test_agent_cannot_decide_on_values_of_another_region(client, world, waiting):
    client.force_login(world.other_agent)
    response = decide(client, [waiting["yearly"]], "validate")
    assert response.status_code == 422
    assert escape("n'attend plus d'examen") in response.content.decode()
    waiting["yearly"].refresh_from_db()
    assert waiting["yearly"].status == ValueStatus.SUBMITTED


def test_a_decision_needs_a_value_ticked(client, world, waiting):
    client.force_login(world.agent)
    response = decide(client, [], "validate")
    assert response.status_code == 422
    assert "Cochez au moins une valeur." in response.content.decode()


def test_a_value_reviewed_meanwhile_is_no_longer_offered(client, world, waiting):
    client.force_login(world.agent)
    decide(client, [waiting["yearly"]], "validate")
    response = decide(client, [waiting["yearly"], waiting["led"]], "reject", comment="Doublon.")
    assert response.status_code == 422
    waiting["led"].refresh_from_db()
    assert waiting["led"].status == ValueStatus.SUBMITTED


def test_a_value_corrected_since_the_page_was_read_is_left_with_its_reason(world, waiting):
    """Between the form's check and the decision, the coordinator corrects a value: it is a
    draft again, the others are reviewed."""
    values = [waiting["yearly"], waiting["led"]]
    indicator_value_record(
        indicator=waiting["yearly"].indicator, period="2025", value=Decimal("50"), by=world.lead
    )
    review = indicator_values_validate(values=values, by=world.agent)
    assert [value.pk for value in review.done] == [waiting["led"].pk]
    ((refused, reason),) = review.refused
    assert refused.pk == waiting["yearly"].pk
    assert reason == "Une valeur « Brouillon » ne peut pas devenir « Validée »."


def test_national_admin_decides_on_values_of_every_region(client, world, waiting):
    client.force_login(world.admin)
    response = decide(client, [waiting["yearly"], waiting["elsewhere"]], "validate")
    assert response.status_code == 302
    for value in (waiting["yearly"], waiting["elsewhere"]):
        value.refresh_from_db()
        assert (value.status, value.validated_by) == (ValueStatus.VALIDATED, world.admin)


def test_rejection_email_is_recorded_as_a_notification_and_sent_once(
    client, world, waiting, django_capture_on_commit_callbacks
):
    """The e-mail leaves through `actors.Notification`, in French, as plain text and HTML; the
    sweep of pending e-mails does not send it again; the same value corrected, submitted and
    refused again is announced again."""
    value = waiting["yearly"]
    client.force_login(world.agent)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, [value], "reject", comment="Source à préciser.")
    notification = Notification.objects.get(user=world.coordinator)
    assert notification.key.startswith(f"value-rejected:{value.pk}:")
    assert notification.sent_at is not None
    assert notification.subject == "Plateforme CLS : valeur refusée pour « Taux de vaccination »"
    for body in (notification.body, notification.html_body):
        assert "L'ARS a refusé la valeur" in html.unescape(body)
        assert "Motif du refus" in body
    assert notifications_pending_deliver() == 0
    assert len(mail.outbox) == 1

    indicator_value_record(
        indicator=value.indicator, period="2025", value=Decimal("51"), by=world.coordinator
    )
    value.refresh_from_db()
    indicator_value_submit(value=value, by=world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, [value], "reject", comment="Toujours pas de source.")
    assert Notification.objects.filter(user=world.coordinator).count() == 2
    assert "Toujours pas de source." in mail.outbox[1].body


def test_a_rejection_is_announced_only_once_it_is_committed(client, world, waiting):
    """Recorded within the decision's transaction, the e-mail leaves on its commit: a test's
    transaction that never commits sends nothing."""
    client.force_login(world.agent)
    decide(client, [waiting["yearly"]], "reject", comment="Source à préciser.")
    assert Notification.objects.filter(user=world.coordinator, sent_at=None).count() == 1
    assert mail.outbox == []


# --- Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 8])
def test_queue_query_count_does_not_grow_with_values(
    client, world, django_assert_num_queries, rows
):
    indicator = IndicatorFactory(contract=world.contract, definition__periodicity=Periodicity.MONTH)
    for month in range(1, rows + 1):
        submitted(
            IndicatorFactory(contract=world.contract, action=world.lead_action)
            if month % 2
            else indicator,
            period=f"2025-{month:02d}" if not month % 2 else "2025",
        )
    client.force_login(world.agent)
    # 1-2. session and user; 3. roles and contracts seen; 4. the periods of the queue (read
    # once, for the filter's choices); 5. count of the values waiting; 6. the contracts and
    # 7. the indicators the filters offer; 8. the page of values with their indicator,
    # definition, contract, action and author.
    with django_assert_num_queries(8):
        assert client.get(QUEUE).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_bulk_validation_query_count_grows_by_the_values_decided_only(
    client, world, django_assert_num_queries, count
):
    values = [submitted(IndicatorFactory(contract=world.contract)) for _ in range(count)]
    client.force_login(world.agent)
    # 1-3. session, user, roles; 4. the values ticked, read among those waiting; then, for each
    # value, in a transaction of its own: 5. savepoint; 6. the value read again and locked;
    # 7. its status written; 8. its history; 9. the savepoint released.
    with django_assert_num_queries(4 + 5 * count):
        assert decide(client, values, "validate").status_code == 302


@pytest.mark.parametrize("count", [1, 3])
def test_bulk_rejection_query_count_grows_by_the_values_decided_only(
    client, world, django_assert_num_queries, django_capture_on_commit_callbacks, count
):
    values = [
        submitted(IndicatorFactory(contract=world.contract), entered_by=world.coordinator)
        for _ in range(count)
    ]
    client.force_login(world.agent)
    # 1-4. as for a validation; for each value: 5-8. savepoint, the value read again and
    # locked, its status written, its history; 9-10. who submitted it, from its history;
    # 11-14. the e-mail recorded once (a check, then the insert in a savepoint); 15. the
    # savepoint released; once the decisions are committed, 16-19. the e-mail sent and
    # marked sent.
    with (
        django_assert_num_queries(4 + 15 * count),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert decide(client, values, "reject", comment="Non.").status_code == 302
    assert len(mail.outbox) == count
