"""Every page of every persona passes axe-core (WCAG 2.1 A and AA, no serious or critical
violation): each persona signs in once and the pages it reaches are visited in a loop, in one
browser against one server. The list follows the URL configuration; the forms that only show
after a POST (plan import mapping, renewal preview) are covered by their own journeys.

The main journeys also work with the keyboard alone: a follow-up note added with Tab and Enter,
a confirmation modal opened and closed with Escape, the mobile menu at 390 px, the skip link."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from actions import services as action_services
from actions.models import ActionUpdate
from actors.enums import MembershipRole
from actors.services import person_invite
from contracts import services as contract_services
from contracts.enums import DocumentKind
from indicators.enums import ValueStatus
from tests.actions.factories import (
    ActionFactory,
    ActionUpdateFactory,
    FundingLineFactory,
    MilestoneFactory,
)
from tests.actors.factories import PASSWORD, MembershipFactory, PersonFactory
from tests.browser.conftest import axe_violations, describe, log_in
from tests.contracts.factories import (
    AmendmentFactory,
    MeetingFactory,
    ObjectiveFactory,
)
from tests.documents import pdf_bytes
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory
from tests.reports.factories import EvaluationReportFactory
from tests.territories.factories import EpciFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sweep(world):
    """The personas' `world`, filled so that every page has something to show."""
    w = world
    w.commune = w.contract.territory.communes.get()
    w.commune.epci = EpciFactory()
    w.commune.save(update_fields=["epci"])
    w.partner = MembershipFactory(organisation=w.collectivite, role=MembershipRole.PARTNER).user
    w.objective = ObjectiveFactory(axis=w.axis)
    w.amendment = AmendmentFactory(contract=w.contract)
    w.action = ActionFactory(axis=w.axis, number="1.2", title="Maison de santé de Le Palais")
    w.milestone = MilestoneFactory(action=w.action, title="Dépôt du permis de construire")
    w.funding = FundingLineFactory(action=w.action)
    w.note = ActionUpdateFactory(action=w.action, author=w.coordinator, text="Permis déposé.")
    ActionUpdateFactory(action=w.lead_action, author=w.lead, text="Premier atelier tenu.")
    w.meeting = MeetingFactory(body__contract=w.contract)
    w.meeting.reviewed_actions.add(w.action)
    w.report = EvaluationReportFactory(contract=w.contract)
    w.assignment = w.contract.coordinator_assignments.get()
    _indicators(w)
    _documents(w)
    newcomer = PersonFactory(email="nouvelle.pilote@exemple.fr")
    ActionFactory(axis=w.axis, number="1.3", lead_person=newcomer)
    person_invite(
        person=newcomer, by=w.agent, about="test", purpose="piloter", landing_url="/contracts/"
    )
    return w


def _indicators(w) -> None:
    """An indicator of the contract with a validated and a submitted value, one of the lead's
    sheet with a draft."""
    w.indicator = IndicatorFactory(contract=w.contract, definition__name="Part des habitants")
    w.lead_indicator = IndicatorFactory(
        contract=w.contract, action=w.lead_action, definition__name="Ateliers tenus"
    )
    IndicatorValueFactory(indicator=w.indicator, period="2024", status=ValueStatus.VALIDATED)
    IndicatorValueFactory(indicator=w.indicator, period="2025", status=ValueStatus.SUBMITTED)
    IndicatorValueFactory(indicator=w.lead_indicator, period="2025")


def _documents(w) -> None:
    w.document = contract_services.document_upload(
        contract=w.contract,
        title="Contrat signé",
        kind=DocumentKind.CONTRACT,
        file=SimpleUploadedFile("contrat.pdf", pdf_bytes(), "application/pdf"),
        by=w.agent,
    )
    w.action_document = action_services.action_document_upload(
        action=w.action,
        title="Plans du bâtiment",
        file=SimpleUploadedFile("plans.pdf", pdf_bytes(), "application/pdf"),
        by=w.coordinator,
    )


def page_args(w) -> dict[str, list]:
    """The arguments of the pages that take more than the contract."""
    contract, sheet = w.contract.pk, [w.contract.pk, w.action.pk]
    return {
        "region_detail": [w.commune.region_id],
        "departement_detail": [w.commune.departement_id],
        "epci_detail": [w.commune.epci_id],
        "commune_detail": [w.commune.code],
        "report_detail": [w.report.pk],
        "indicator_detail": [contract, w.indicator.pk],
        "indicator_edit": [contract, w.indicator.pk],
        "meeting_detail": [contract, w.meeting.pk],
        "meeting_edit": [contract, w.meeting.pk],
        **dict.fromkeys(("action_sheet", "action_print", "action_edit"), sheet),
        **dict.fromkeys(("milestone_add", "funding_add", "action_document_add"), sheet),
        "action_note_edit": [*sheet, w.note.pk],
        "milestone_edit": [*sheet, w.milestone.pk],
        "funding_edit": [*sheet, w.funding.pk],
        "action_document_edit": [*sheet, w.action_document.pk],
        "coordination_edit": [contract, w.assignment.pk],
        "coordination_end": [contract, w.assignment.pk],
        "contract_transition": [contract, "evaluation"],
    }


def urls(w, *names: str) -> list[str]:
    """Each page named as in the URL configuration: with the arguments of `page_args`, else
    without any, else with the contract's."""
    args = page_args(w)

    def address(name: str) -> str:
        if name in args:
            return reverse(name, args=args[name])
        try:
            return reverse(name)
        except NoReverseMatch:
            return reverse(name, args=[w.contract.pk])

    return [address(name) for name in names]


def record_urls(w, *kinds: str) -> list[str]:
    records = {
        "signataires": w.contract.signatories.first(),
        "avenants": w.amendment,
        "axes": w.axis,
        "objectifs": w.objective,
        "documents": w.document,
        "instances": w.meeting.body,
    }
    return [reverse("record_edit", args=[w.contract.pk, kind, records[kind].pk]) for kind in kinds]


# Every signed-in persona has these; the territory pages show the same to all but the ARS
# (« Démarrer un CLS ») and the administrator (France), so the collectivité reader stands for the rest.
SIGNED_IN = ("home", "contract_list", "action_search", "account")
TERRITORIES = (
    "territory_index",
    "region_detail",
    "departement_detail",
    "epci_detail",
    "commune_detail",
)
FOOTER = ("accessibility", "site_map", "legal_notice", "personal_data", "cookies")
CONTRACT_TABS = (
    "contract_summary",
    "contract_actions",
    "contract_indicators",
    "indicator_detail",
    "contract_governance",
    "contract_funding",
    "contract_documents",
    "contract_diagnosis",
    "contract_history",
    "contract_reports",
    "report_detail",
    "meeting_detail",
    "action_sheet",
)
COORDINATION_FORMS = (
    "values_grid",
    "action_create",
    "action_edit",
    "action_note_edit",
    "milestone_add",
    "milestone_edit",
    "funding_add",
    "funding_edit",
    "action_document_add",
    "action_document_edit",
    "meeting_create",
    "meeting_edit",
    "indicator_add",
    "indicator_edit",
    "plan_import",
    "diagnosis_edit",
    "finding_add",
    "document_add",
)
# The pages whose buttons differ for the coordination (the others show it what the ARS sees).
COORDINATOR_VIEW = (
    "contract_summary",
    "contract_actions",
    "contract_indicators",
    "contract_governance",
    "contract_documents",
    "action_sheet",
    "values_grid",
    "people",
)
ARS_FORMS = (
    "contract_plan",
    "contract_create",
    "contract_edit",
    "contract_transition",
    "contract_renew",
    "signatory_add",
    "coordinator_assign",
    "coordination_edit",
    "coordination_end",
    "amendment_add",
    "axis_add",
    "objective_add",
    "people",
    "values_review_queue",
)
ACTION_LIST_VIEWS = ("?view=table", "?view=board", "?view=timeline", "?statut=zzz&q=introuvable")


def list_views(w) -> list[str]:
    base = reverse("contract_actions", args=[w.contract.pk])
    return [base + query for query in ACTION_LIST_VIEWS]


def pages_of(persona: str, w) -> list[str]:
    """What each persona reaches, in the order of a visit (every URL answers 200). A form shows
    the same to whoever may open it, so the forms are visited by the ARS agent, who opens all."""
    contract_pages = urls(w, *SIGNED_IN, *CONTRACT_TABS)
    lead_sheet = [
        reverse(name, args=[w.contract.pk, w.lead_action.pk])
        for name in ("action_sheet", "action_edit", "action_values_grid")
    ]
    return {
        "agent": contract_pages
        + list_views(w)
        + urls(
            w,
            *TERRITORIES,
            *COORDINATION_FORMS,
            *ARS_FORMS,
            *FOOTER,
            "password_change",
            "action_print",
        )
        + record_urls(w, "signataires", "avenants", "axes", "objectifs", "documents", "instances")
        + [reverse("action_search") + "?q=sante"],
        "coordinator": urls(w, *SIGNED_IN, *COORDINATOR_VIEW),
        "lead": urls(w, *SIGNED_IN, "contract_summary", "contract_actions", "contract_indicators")
        + lead_sheet,
        "reader": contract_pages + list_views(w)[:1] + urls(w, *TERRITORIES),
        "partner": urls(w, "home", "contract_summary", "contract_actions", "contract_reports"),
        "admin": urls(w, *SIGNED_IN, *TERRITORIES[:2], "people", "values_review_queue")
        + urls(w, "contract_summary"),
    }[persona]


# The pages that answer with an error, for each persona that meets them.
ERROR_PAGES = {
    "reader": [("action_edit", 403), ("people", 403)],
    "lead": [("values_review_queue", 403)],
}


def failures_here(page, where: str) -> list[str]:
    """What fails on the page as it stands: a template variable left undefined, or a serious
    or critical axe-core violation."""
    failures = []
    if "MISSING VARIABLE" in page.content():
        failures.append(f"{where}: variable de gabarit non définie")
    violations = axe_violations(page)
    if violations:
        failures.append(f"{where}\n{describe(violations)}")
    return failures


def visit_all(page, pages: list[str], status: int = 200) -> list[str]:
    """Visit each page and return what fails there, its status included."""
    failures = []
    for url in pages:
        response = page.goto(url)
        if response.status != status:
            failures.append(f"{url}: HTTP {response.status} (attendu {status})")
        else:
            failures += failures_here(page, url)
    return failures


@pytest.mark.parametrize("persona", ["agent", "coordinator", "lead", "reader", "partner", "admin"])
def test_every_page_of_the_persona_passes_axe(page, sweep, persona):
    log_in(page, getattr(sweep, persona).email, PASSWORD)
    failures = visit_all(page, pages_of(persona, sweep))
    for name, status in ERROR_PAGES.get(persona, []):
        failures += visit_all(page, urls(sweep, name), status)
    failures += visit_all(page, ["/contracts/999999/", "/page-introuvable/"], 404)
    assert not failures, "\n".join(failures)


def test_every_public_page_passes_axe(page, sweep):
    public = urls(sweep, "home", "public_directory", "public_contract", "login", *FOOTER)
    public += urls(sweep, "password_reset", "password_reset_done", "password_reset_complete")
    public += [
        reverse("password_reset_confirm", args=["MQ", "lien-perime"]),
        reverse("public_directory") + "?region=" + sweep.commune.region_id,
    ]
    failures = visit_all(page, public)
    failures += visit_all(page, ["/annuaire/999999/", "/page-introuvable/"], 404)
    failures += visit_all(page, [reverse("invitation_accept", args=["lien-inconnu"])], 410)
    assert not failures, "\n".join(failures)


def test_pages_in_their_other_states_pass_axe(page, sweep):
    """With a form's errors, with a confirmation open, on a phone, with the phone's menu open."""
    log_in(page, sweep.coordinator.email, PASSWORD)
    page.goto(reverse("action_create", args=[sweep.contract.pk]))
    page.get_by_role("button", name="Enregistrer").first.click()
    page.locator(".fr-input-group--error").first.wait_for()
    failures = failures_here(page, f"{page.url} (erreurs)")
    page.goto(reverse("action_sheet", args=[sweep.contract.pk, sweep.action.pk]))
    page.locator("button[aria-controls^='confirmer-']").first.click()
    page.locator("dialog.fr-modal--opened").wait_for()
    page.wait_for_timeout(400)  # the DSFR's opening transition
    failures += failures_here(page, f"{page.url} (confirmation)")
    page.set_viewport_size({"width": 390, "height": 844})
    failures += visit_all(
        page,
        [
            *urls(sweep, "home", "contract_summary", "contract_actions", "values_grid"),
            *urls(sweep, "action_sheet"),
            reverse("contract_actions", args=[sweep.contract.pk]) + "?view=timeline",
        ],
    )
    page.get_by_role("button", name="Menu").click()
    page.locator("#menu-mobile").get_by_role("link", name="Mon compte").wait_for()
    failures += failures_here(page, f"{page.url} (menu)")
    assert not failures, "\n".join(failures)


# --- Keyboard alone ------------------------------------------------------------------------------

FOCUSED = """([selector, text]) => {
    const element = document.activeElement;
    return element.matches(selector) && (!text || element.textContent.includes(text));
}"""


def tab_to(page, selector: str, text: str = "", *, limit: int = 300):
    """Press Tab until the focused element matches `selector` (and shows `text`); fail when it
    never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED, [selector, text]):
            return
    pytest.fail(f"« {selector} {text} » n'est pas atteignable au clavier.")


def focus_is_in(page, element_id: str) -> bool:
    return page.evaluate(
        "id => document.getElementById(id).contains(document.activeElement)", element_id
    )


def test_skip_link_leads_to_the_content(page, sweep):
    log_in(page, sweep.coordinator.email, PASSWORD)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Contenu"
    page.keyboard.press("Enter")
    assert page.url.endswith("#contenu")
    page.keyboard.press("Tab")
    assert focus_is_in(page, "contenu")


def test_coordinator_adds_a_note_with_the_keyboard_alone(page, sweep):
    log_in(page, sweep.coordinator.email, PASSWORD)
    page.goto(reverse("action_sheet", args=[sweep.contract.pk, sweep.action.pk]))
    tab_to(page, "textarea[name=text]")
    page.keyboard.type("Réunion de chantier tenue ; les travaux commencent en mars.")
    tab_to(page, "button[type=submit]", "Ajouter la note")
    page.keyboard.press("Enter")
    page.get_by_text("Réunion de chantier tenue").first.wait_for()
    note = ActionUpdate.objects.filter(action=sweep.action).latest("pk")
    assert (note.author, note.text[:19]) == (sweep.coordinator, "Réunion de chantier")


def test_agent_opens_a_confirmation_and_closes_it_with_escape(page, sweep):
    log_in(page, sweep.agent.email, PASSWORD)
    page.goto(reverse("people"))
    tab_to(page, "button[aria-controls^='confirmer-compte']")
    modal_id = page.evaluate("document.activeElement.getAttribute('aria-controls')")
    page.keyboard.press("Enter")
    modal = page.locator(f"#{modal_id}")
    modal.get_by_role("button", name="Annuler").wait_for()
    # The focus moves into the modal and stays there while one tabs.
    assert focus_is_in(page, modal_id)
    for _ in range(4):
        page.keyboard.press("Tab")
        assert focus_is_in(page, modal_id)
    page.keyboard.press("Escape")
    modal.wait_for(state="hidden")
    # Back on the button that opened it, and nobody was deactivated.
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == modal_id
    personas = (sweep.coordinator, sweep.lead, sweep.reader)
    assert (
        type(sweep.agent).objects.filter(pk__in=[p.pk for p in personas], is_active=True).count()
        == 3
    )


def test_mobile_menu_opens_with_the_keyboard_at_390_px(page, sweep):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, sweep.reader.email, PASSWORD)
    tab_to(page, "#bouton-menu-mobile")
    page.keyboard.press("Enter")
    page.locator("#menu-mobile").get_by_role("link", name="Mon compte").wait_for()
    tab_to(page, "#menu-mobile a[href='/compte/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/compte/")

    tab_to(page, "#bouton-menu-mobile")
    page.keyboard.press("Enter")
    page.locator("#menu-mobile").get_by_role("button", name="Se déconnecter").wait_for()
    tab_to(page, "#menu-mobile button", "Se déconnecter")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Se connecter").first.wait_for()
    assert "/compte/" not in page.url


def test_lead_enters_a_value_with_the_keyboard_alone(page, sweep):
    log_in(page, sweep.lead.email, PASSWORD)
    page.goto(reverse("action_values_grid", args=[sweep.contract.pk, sweep.lead_action.pk]))
    tab_to(page, "input[id^='value-']")
    page.keyboard.type("12")
    tab_to(page, "button[type=submit]", "Enregistrer les valeurs")
    page.keyboard.press("Enter")
    page.get_by_text("1 valeur enregistrée.").wait_for()
    values = sweep.lead_indicator.values.values_list("period", "value")
    assert ("2026", Decimal("12")) in set(values), list(values)


def test_agent_validates_a_value_from_the_queue_with_the_keyboard_alone(page, sweep):
    submitted = sweep.indicator.values.get(status=ValueStatus.SUBMITTED)
    log_in(page, sweep.agent.email, PASSWORD)
    page.goto(reverse("contract_summary", args=[sweep.contract.pk]))
    tab_to(page, "a[href$='/indicators/']", "Indicateurs")
    page.keyboard.press("Enter")
    page.wait_for_url("**/indicators/")
    assert page.get_by_role("link", name="Indicateurs", exact=True).get_attribute("aria-current")

    page.goto(reverse("values_review_queue"))
    tab_to(page, f"#value-{submitted.pk}")
    page.keyboard.press("Space")
    tab_to(page, "button[value=validate]")
    page.keyboard.press("Enter")
    page.get_by_text("1 valeur validée.").wait_for()
    submitted.refresh_from_db()
    assert submitted.status == ValueStatus.VALIDATED
