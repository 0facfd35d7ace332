"""Issue #23 §2: a contract is in force only when signed and begun and not ended, on every page,
document and figure; a coordinator starting later is « à venir »; a finished or abandoned
contract is never flagged « sans coordonnateur »; a coordination is at most 1 FTE. The
diagnosis is shown in the summary PDF.

Every date is passed or frozen (`tests/clock.py`: today is 22/11/2026)."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from contracts import coordination
from contracts.enums import AssignmentPhase, ContractStatus, DocumentKind, TermPhase
from contracts.models import Contract, Diagnosis, Document, Finding, term_phase_expression
from portfolio.coverage import scope_coverage
from portfolio.enums import CoverageSituation
from portfolio.selectors import dashboard_for, territory_coverage
from reports import services as report_services
from reports.enums import ReportKind
from reports.rendering import document_html
from reports.selectors import contracts_without_coordinator
from reports.snapshots import snapshot_build
from tests.actors.factories import PersonFactory
from tests.api.conftest import client_for
from tests.clock import TODAY
from tests.contracts.factories import ContractFactory, CoordinatorAssignmentFactory
from tests.territories.factories import CommuneFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

START_2027 = datetime.date(2027, 1, 1)
NOT_STARTED = "Signé, pas encore en vigueur"


def text_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def upcoming(world):
    """A contract of the world's région signed this month for a term starting in 2027, on
    communes of its own, with nobody coordinating it yet."""
    commune = CommuneFactory(name="Houat", population=250)
    return ContractFactory(
        title="CLS de Houat",
        ars=world.contract.ars,
        territory=TerritoryFactory(name="Houat", communes=[commune]),
        status=ContractStatus.SIGNED,
        signed_on=datetime.date(2026, 11, 2),
        starts_on=START_2027,
        ends_on=datetime.date(2031, 12, 31),
    )


# --- The rule, in one place ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "phase"),
    [
        ({"status": ContractStatus.SIGNED, "starts_on": START_2027}, TermPhase.NOT_STARTED),
        ({"status": ContractStatus.IMPLEMENTATION, "starts_on": START_2027}, TermPhase.NOT_STARTED),
        ({"status": ContractStatus.SIGNED}, TermPhase.IN_FORCE),
        ({"status": ContractStatus.EVALUATION, "starts_on": None}, TermPhase.IN_FORCE),
        ({"ends_on": datetime.date(2026, 11, 21)}, TermPhase.ENDED),
        ({"ends_on": TODAY}, TermPhase.IN_FORCE),  # its last day is in force
        ({"status": ContractStatus.ELABORATION}, TermPhase.OUTSIDE),
        ({"status": ContractStatus.CLOSED}, TermPhase.OUTSIDE),
        ({"status": ContractStatus.ABANDONED}, TermPhase.OUTSIDE),
    ],
)
def test_the_queryset_and_the_contract_apply_the_same_rule(fields, phase):
    contract = ContractFactory(**fields)
    assert contract.term_phase(TODAY) == phase
    in_force = phase == TermPhase.IN_FORCE
    assert contract.is_in_force(TODAY) is in_force
    assert Contract.objects.active(TODAY).filter(pk=contract.pk).exists() is in_force
    annotated = Contract.objects.annotate(phase=term_phase_expression(TODAY)).get(pk=contract.pk)
    assert annotated.phase == phase


def test_a_contract_signed_for_2027_is_shown_signed_not_yet_in_force(upcoming):
    assert upcoming.shown_status(TODAY) == (TermPhase.NOT_STARTED, NOT_STARTED)
    assert upcoming.shown_status(START_2027) == (ContractStatus.SIGNED, "Signé")
    assert upcoming not in Contract.objects.active(TODAY)
    assert upcoming in Contract.objects.active(START_2027)


def test_a_contract_past_its_end_and_not_closed_is_shown_as_ended():
    contract = ContractFactory(ends_on=datetime.date(2025, 12, 31))
    assert contract.shown_status(TODAY) == (TermPhase.ENDED, "Arrivé à échéance")


# --- Pages and documents show it -----------------------------------------------------------------


def test_the_summary_the_list_and_the_dashboard_show_it_not_yet_in_force(client, world, upcoming):
    client.force_login(world.agent)
    summary = text_of(client.get(upcoming.get_absolute_url()))
    assert NOT_STARTED in summary
    listed = text_of(client.get(reverse("contract_list")))
    assert NOT_STARTED in listed
    dashboard = text_of(client.get(reverse("home")))
    assert NOT_STARTED in dashboard
    assert "Dont signés, pas encore en vigueur" in dashboard


def test_the_territory_page_tells_it_and_does_not_count_it(client, world, upcoming):
    client.force_login(world.agent)
    commune = upcoming.territory.communes.get()
    page = text_of(client.get(reverse("commune_detail", args=[commune.code])))
    assert f"CLS de Houat</a>\n          — {NOT_STARTED}" in page
    coverage = territory_coverage(world.agent, upcoming.territory.communes.all(), TODAY)
    assert (coverage.population_covered, coverage.communes_covered) == (0, 0)
    later = territory_coverage(world.agent, upcoming.territory.communes.all(), START_2027)
    assert (later.population_covered, later.communes_covered) == (250, 1)


def test_coverage_counts_it_only_from_its_start(world, upcoming):
    communes = upcoming.territory.communes.all()
    today = scope_coverage(communes, TODAY)
    assert today.communes[0].situation == CoverageSituation.PREPARING
    assert today.communes_covered == 0
    assert sum(year.population_covered for year in today.years) == 0
    from_start = scope_coverage(communes, START_2027)
    assert from_start.communes[0].situation == CoverageSituation.IN_FORCE
    assert from_start.communes_covered == 1
    assert [(y.year, y.population_covered) for y in from_start.years] == [(2027, 250)]


def test_the_dashboard_counts_it_among_the_signed_but_covers_nothing_with_it(world, upcoming):
    before = dashboard_for(world.agent, TODAY)
    assert before.not_started_count == 1
    counts = {status: count for status, _, count in before.status_counts}
    assert counts[ContractStatus.SIGNED] == 1
    after = dashboard_for(world.agent, START_2027)
    assert after.population_covered == before.population_covered + 250
    assert after.not_started_count == 0


def test_the_public_directory_lists_it_from_its_start(client, world, upcoming, time_machine):
    assert client.get(reverse("public_contract", args=[upcoming.pk])).status_code == 404
    time_machine.move_to(datetime.datetime(2027, 1, 2, 9, tzinfo=datetime.UTC))
    page = text_of(client.get(reverse("public_contract", args=[upcoming.pk])))
    assert "CLS de Houat" in page and NOT_STARTED not in page


def test_the_summary_pdf_tells_the_status_on_its_date(upcoming):
    snapshot = snapshot_build(
        contract=upcoming, kind=ReportKind.SUMMARY, include_confidential=True, on=TODAY
    )
    assert snapshot["contract"]["status"] == NOT_STARTED
    later = snapshot_build(
        contract=upcoming, kind=ReportKind.SUMMARY, include_confidential=True, on=START_2027
    )
    assert later["contract"]["status"] == "Signé"


def test_the_api_tells_whether_a_contract_is_in_force(world, upcoming, time_machine):
    client = client_for(world.agent)
    shown = client.get(f"/api/v1/contracts/{upcoming.pk}/").json()
    assert (shown["status"], shown["in_force"], shown["term_phase"]) == (
        "signed",
        False,
        "not_started",
    )
    rows = {row["id"]: row for row in client.get("/api/v1/contracts/").json()["results"]}
    assert (rows[world.contract.pk]["in_force"], rows[upcoming.pk]["in_force"]) == (True, False)
    time_machine.move_to(datetime.datetime(2027, 1, 2, 9, tzinfo=datetime.UTC))
    shown = client.get(f"/api/v1/contracts/{upcoming.pk}/").json()
    assert (shown["in_force"], shown["term_phase"]) == (True, "in_force")


# --- A coordinator starting later ---------------------------------------------------------------


def test_an_assignment_is_upcoming_current_then_previous():
    assignment = CoordinatorAssignmentFactory(
        started_on=START_2027, ended_on=datetime.date(2027, 6, 30)
    )
    assert assignment.phase(TODAY) == AssignmentPhase.UPCOMING
    assert assignment.phase(START_2027) == AssignmentPhase.CURRENT
    assert assignment.phase(datetime.date(2027, 6, 30)) == AssignmentPhase.CURRENT
    assert assignment.phase(datetime.date(2027, 7, 1)) == AssignmentPhase.PREVIOUS


def test_the_summary_pdf_shows_an_upcoming_coordinator_as_upcoming(world):
    CoordinatorAssignmentFactory(
        contract=world.contract,
        person=PersonFactory(first_name="Zoé", last_name="Avenir"),
        started_on=START_2027,
    )
    snapshot = snapshot_build(
        contract=world.contract, kind=ReportKind.SUMMARY, include_confidential=True, on=TODAY
    )
    [zoe] = [row for row in snapshot["coordinators"] if row["name"] == "Zoé Avenir"]
    assert (zoe["upcoming"], zoe["current"]) == (True, False)
    page = html.unescape(document_html(snapshot=snapshot, title="Synthèse"))
    assert "à partir du 01/01/2027" in page
    assert '<span class="badge">À venir</span>' in page


# --- A finished or abandoned contract is never flagged without coordinator -----------------------


@pytest.fixture
def ended_ones(world):
    """A closed, an abandoned and a renewed contract, and one past its end, none coordinated."""
    return [
        ContractFactory(title=f"CLS {label}", ars=world.contract.ars, **fields)
        for label, fields in [
            ("clos", {"status": ContractStatus.CLOSED}),
            ("abandonné", {"status": ContractStatus.ABANDONED}),
            ("renouvelé", {"status": ContractStatus.RENEWED}),
            ("échu", {"ends_on": datetime.date(2025, 12, 31)}),
        ]
    ]


def test_ended_contracts_are_not_flagged_on_the_dashboard_nor_the_list(client, world, ended_ones):
    client.force_login(world.agent)
    dashboard = dashboard_for(world.agent, TODAY)
    flags = {contract.title: contract.lacks_coordinator for contract in dashboard.contracts}
    assert flags == dict.fromkeys([world.contract.title, *(c.title for c in ended_ones)], False)
    assert {a.kind.key: a.count for a in dashboard.alerts}["no_coordinator"] == 0
    listed = text_of(client.get(reverse("contract_list")))
    assert "Sans coordonnateur" not in text_of(client.get(reverse("home")))
    assert "Sans coordonnateur" not in listed
    assert not contracts_without_coordinator(Contract.objects.all(), TODAY).filter(
        pk__in=[c.pk for c in ended_ones]
    )


def test_a_contract_in_force_without_coordinator_is_flagged_everywhere(client, world, upcoming):
    client.force_login(world.agent)
    vacant = ContractFactory(title="CLS vacant", ars=world.contract.ars)
    flags = {c.title: c.lacks_coordinator for c in dashboard_for(world.agent, TODAY).contracts}
    assert (flags["CLS vacant"], flags["CLS de Houat"]) == (True, False)
    listed = text_of(client.get(reverse("contract_list")))
    assert listed.count("Sans coordonnateur</span>") == 1
    region = Contract.objects.filter(ars=world.contract.ars)
    assert list(contracts_without_coordinator(region, TODAY)) == [vacant]


def test_the_weekly_digest_leaves_ended_contracts_out(world, ended_ones):
    report_services.weekly_digest_send(on=TODAY + datetime.timedelta(days=1))
    to_agent = [message.body for message in mail.outbox if message.to == [world.agent.email]]
    assert not any("Contrats sans coordonnateur en poste" in body for body in to_agent)


# --- A coordination is at most 1 FTE --------------------------------------------------------------


def test_a_coordination_above_one_fte_is_refused_on_its_field(world):
    with pytest.raises(coordination.ValidationError) as refused:
        coordination.coordinator_assign(
            contract=world.contract,
            person=PersonFactory(),
            started_on=TODAY,
            fte=Decimal("1.2"),
        )
    assert refused.value.message_dict["fte"] == [
        "Une coordination compte au plus 1 ETP : nommez une autre personne pour le reste."
    ]


# --- The diagnosis in the summary PDF ----------------------------------------------------------------


def test_ars_staff_write_the_diagnosis_too(client, world):
    client.force_login(world.agent)
    response = client.post(
        reverse("diagnosis_edit", args=[world.contract.pk]), {"summary": "Isolement insulaire."}
    )
    assert response.status_code == 302
    assert Diagnosis.objects.get(contract=world.contract).summary == "Isolement insulaire."


def test_the_summary_pdf_has_the_diagnosis_with_findings_by_theme_sources_and_documents(world):
    diagnosis = Diagnosis.objects.create(
        contract=world.contract,
        summary="Population vieillissante.",
        sources="INSEE RP 2020",
        completed_on=datetime.date(2023, 6, 30),
    )
    Finding.objects.create(diagnosis=diagnosis, theme_id="access_to_care", title="Trois médecins")
    Finding.objects.create(diagnosis=diagnosis, theme_id="prevention", title="Peu de dépistage")
    Document.objects.create(
        contract=world.contract, kind=DocumentKind.DIAGNOSIS, title="Diagnostic 2023", file="d.pdf"
    )
    snapshot = snapshot_build(
        contract=world.contract, kind=ReportKind.SUMMARY, include_confidential=False, on=TODAY
    )
    section = snapshot["diagnosis"]
    assert [theme["theme"] for theme in section["themes"]] == [
        "Prévention et promotion de la santé",
        "Accès aux soins",
    ]
    assert section["documents"] == ["Diagnostic 2023"]
    page = html.unescape(document_html(snapshot=snapshot, title="Synthèse"))
    for shown in (
        "Diagnostic local de santé",
        "Population vieillissante.",
        "achevé le 30/06/2023",
        "Trois médecins",
        "INSEE RP 2020",
        "Diagnostic 2023",
    ):
        assert shown in page


def test_a_summary_without_diagnosis_has_no_such_section(world):
    snapshot = snapshot_build(
        contract=world.contract, kind=ReportKind.SUMMARY, include_confidential=False, on=TODAY
    )
    assert snapshot["diagnosis"] is None
    assert "Diagnostic local de santé" not in document_html(snapshot=snapshot, title="Synthèse")
