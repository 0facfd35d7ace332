"""The Excel round trip of an action plan: template, preview with every problem, confirmed
atomic import, export → import giving the same plan, unreadable files."""

import datetime
import gc
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell

from actions.models import Action
from contracts.models import Axis, Objective
from indicators import spreadsheets
from indicators.enums import CatalogueScope, Periodicity
from indicators.models import Indicator, IndicatorDefinition
from indicators.spreadsheets import IMPORTED_SHEETS, SHEETS
from tests.actions.factories import ActionFactory
from tests.actors.factories import OrganisationFactory, PersonFactory
from tests.contracts.factories import ContractFactory, ObjectiveFactory
from tests.indicators.factories import (
    IndicatorDefinitionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(content: bytes, name="plan.xlsx"):
    return SimpleUploadedFile(name, content, XLSX)


def workbook(**sheets) -> bytes:
    """A workbook with the format's headers and the given rows, by sheet name."""
    book = Workbook()
    book.remove(book.active)
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        sheet.append([c.header for c in columns])
        for row in sheets.get(name, []):
            sheet.append([row.get(c.key) for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_url(contract):
    return reverse("plan_import", args=[contract.pk])


def confirm_url(contract):
    return reverse("plan_import_confirm", args=[contract.pk])


@pytest.fixture
def draft(world):
    """A new draft contract on the same territory, coordinated by the same person."""
    contract = ContractFactory(
        title="CLS de Belle-Île-en-Mer 2029-2033",
        territory=world.contract.territory,
        status="elaboration",
        signed_on=None,
        starts_on=None,
        ends_on=None,
    )
    contract.coordinator_assignments.create(
        person=world.coordinator.person, started_on=datetime.date(2024, 1, 1)
    )
    return contract


VALID = {
    "Axes": [
        {"number": 1, "title": "Accès aux soins"},
        {"number": 2, "title": "Prévention", "description": "Agir tôt."},
    ],
    "Objectifs": [
        {
            "axis": 1,
            "number": "1.1.1",
            "level": "opérationnel",
            "parent": "1.1",
            "title": "Loger les internes",
        },
        {"axis": 1, "number": "1", "level": "Objectif général", "title": "Maintenir l'offre"},
        {"axis": 1, "number": "1.1", "level": "spécifique", "parent": "1", "title": "Attirer"},
    ],
    "Actions": [
        {
            "number": "1.1",
            "axis": 1,
            "title": "Accueillir les internes",
            "objectives": "1.1.1",
            "lead_organisation": "Association Nouvelle",
            "partners": "Centre hospitalier; Mairie",
            "themes": "Accès aux soins",
            "target_groups": "Professionnels de santé et du social",
            "status": "En cours",
            "starts_on": datetime.date(2025, 1, 1),
            "planned_end_on": "31/12/2027",
            "is_confidential": "non",
        },
        {"number": "2.1", "axis": 2, "title": "Ateliers d'équilibre", "priority": "Haute"},
    ],
    "Indicateurs": [
        {
            "name": "Internes accueillis",
            "action": "1.1",
            "kind": "Processus",
            "unit": "nombre",
            "periodicity": "Annuelle",
            "baseline_value": 0,
            "target_value": "12,5",
        },
    ],
}


def test_template_is_an_xlsx_with_the_sheets_and_instructions(client, world):
    client.force_login(world.reader)
    response = client.get(reverse("plan_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Lisez-moi", *SHEETS]
    assert book["Actions"]["C1"].value == "Intitulé *"


def test_valid_file_is_previewed_then_imported_on_confirmation(client, world, draft):
    client.force_login(world.coordinator)
    preview = client.post(import_url(draft), {"file": upload(workbook(**VALID))})

    assert preview.status_code == 200
    assert "prêt à être importé" in preview.text
    result = preview.context["result"]
    assert [len(sheet.added) for sheet in result.sheets] == [2, 3, 2, 1, 0]
    assert "Axes : 2 ajouts ; objectifs : 3 ajouts" in preview.text
    assert "L&#x27;organisation « Association Nouvelle » sera créée." in preview.text
    # The preview wrote nothing.
    assert not Axis.objects.filter(contract=draft).exists()
    assert not Action.objects.filter(contract=draft).exists()

    response = client.post(confirm_url(draft))
    assert response.status_code == 302
    assert [a.title for a in draft.axes.order_by("number")] == ["Accès aux soins", "Prévention"]
    internes = Objective.objects.get(axis__contract=draft, number="1.1.1")
    assert internes.parent.number == "1.1" and internes.parent.parent.number == "1"
    action = draft.actions.get(number="1.1")
    assert action.status == "in_progress"
    assert action.planned_end_on == datetime.date(2027, 12, 31)
    assert list(action.objectives.all()) == [internes]
    assert {o.name for o in action.partners.all()} == {"Centre hospitalier", "Mairie"}
    assert action.lead_organisation.name == "Association Nouvelle"
    indicator = Indicator.objects.get(contract=draft)
    assert (indicator.action, indicator.target_value) == (action, Decimal("12.5"))
    assert indicator.definition.scope == CatalogueScope.CONTRACT
    # Recorded in the history: the contract's entry, and who created the sheets.
    reason = draft.history.latest().history_change_reason
    assert reason.startswith("Import Excel : axes : 2 ajouts ; objectifs : 3 ajouts")
    assert action.history.earliest().history_user == world.coordinator
    # The file waiting for confirmation is gone: confirming again imports nothing more.
    again = client.post(confirm_url(draft), follow=True)
    assert "Aucun fichier en attente" in again.text
    assert draft.actions.count() == 2


def test_file_with_errors_lists_every_problem_and_writes_nothing(client, world, draft):
    broken = {
        "Axes": [{"number": 1, "title": "Accès aux soins"}, {"number": "un", "title": "Mauvais"}],
        "Objectifs": [{"axis": 9, "level": "général", "title": "Orphelin"}],
        "Actions": [
            {"number": "1.1", "axis": 1, "title": "Bonne fiche"},
            {"number": "1.1", "axis": 1, "title": "Doublon"},
            {"number": "1.2", "axis": 1, "title": "", "status": "Fini"},
            {"number": "1.3", "axis": 1, "title": "Ailleurs", "intervention_communes": "29019"},
            {
                "number": "1.4",
                "axis": 1,
                "title": "Dates",
                "starts_on": "2026-05-01",
                "planned_end_on": "2025-01-01",
            },
        ],
        "Indicateurs": [{"code": "INCONNU", "name": "Rien"}],
    }
    client.force_login(world.coordinator)
    response = client.post(import_url(draft), {"file": upload(workbook(**broken))})

    assert response.status_code == 422
    problems = {
        (p.sheet, p.row, p.column.split(" ")[0]) for p in response.context["result"].problems
    }
    assert problems >= {
        ("Axes", 3, "A"),
        ("Objectifs", 2, "A"),
        ("Actions", 3, "A"),
        ("Actions", 4, "C"),
        ("Actions", 5, "N"),
        ("Actions", 6, "S"),
        ("Indicateurs", 2, "A"),
    }
    text = response.text
    assert "« un » n&#x27;est pas un nombre entier positif." in text
    assert "L&#x27;axe 9 n&#x27;existe ni dans le fichier ni dans le contrat." in text
    assert "La fiche 1.1 figure déjà à la ligne 2 du fichier." in text
    assert "La commune 29019 n&#x27;est pas dans le territoire du contrat." in text
    assert "La fin prévue précède le début de l&#x27;action." in text
    assert "Le code « INCONNU » n&#x27;est pas dans le catalogue de ce contrat." in text
    assert "Confirmer l&#x27;import" not in text
    assert not Axis.objects.filter(contract=draft).exists()
    assert not Action.objects.filter(contract=draft).exists()
    # Nothing waits for confirmation either.
    client.post(confirm_url(draft))
    assert not Axis.objects.filter(contract=draft).exists()


def test_missing_required_columns_are_reported(client, world, draft):
    book = Workbook()
    book.active.title = "Axes"
    book.active.append(["Numéro"])
    book.active.append([1])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(world.coordinator)
    response = client.post(import_url(draft), {"file": upload(buffer.getvalue())})
    assert response.status_code == 422
    assert "Cette colonne obligatoire est absente." in response.text


@pytest.mark.parametrize(
    "content",
    [
        b"Numero;Intitule\n1;Acces aux soins\n",
        b"PK\x03\x04 broken zip",
        b"%PDF-1.4\n%%EOF\n",
    ],
    ids=["csv", "broken-zip", "pdf"],
)
def test_unreadable_files_get_a_clear_message(client, world, draft, content):
    client.force_login(world.coordinator)
    response = client.post(import_url(draft), {"file": upload(content)})
    assert response.status_code == 422
    assert "classeur Excel" in response.text
    assert not Axis.objects.filter(contract=draft).exists()


def test_an_office_file_that_is_not_a_workbook_gets_a_clear_message(client, world, draft):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    client.force_login(world.coordinator)
    response = client.post(import_url(draft), {"file": upload(buffer.getvalue())})
    assert response.status_code == 422
    assert "illisible ou endommagé" in response.text


@pytest.mark.parametrize("persona", ["lead", "reader"])
def test_lead_and_reader_may_not_import(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(import_url(world.contract)).status_code == 403
    assert client.post(confirm_url(world.contract)).status_code == 403


def test_coordinator_of_another_contract_gets_a_404(client, world, draft):
    client.force_login(world.other_agent)
    assert client.get(import_url(draft)).status_code == 404
    assert client.get(reverse("plan_export", args=[draft.pk])).status_code == 404


def _plan_sheets(content: bytes) -> dict:
    book = load_workbook(io.BytesIO(content))
    return {
        name: [list(row) for row in book[name].iter_rows(values_only=True)]
        for name in IMPORTED_SHEETS
    }


def test_export_then_import_gives_the_same_plan(client, world, draft):
    contract = world.contract
    general = ObjectiveFactory(axis=world.axis, number="1", title="Maintenir l'offre")
    specific = ObjectiveFactory(
        axis=world.axis, number="1.1", level="specific", parent=general, title="Attirer"
    )
    action = world.lead_action
    action.lead_person.email = "pilote@exemple.fr"
    action.lead_person.save()
    action.lead_organisation = OrganisationFactory(name="Mairie du Palais")
    action.description = "Des logements pour les internes.\nDeuxième ligne."
    action.save()
    action.objectives.set([specific])
    action.partners.set([OrganisationFactory(name="CPAM"), OrganisationFactory(name="Hôpital")])
    action.themes.set(["access_to_care", "coordination"])
    action.target_groups.set(["professionals"])
    action.determinants.set(["housing"])
    action.intervention_communes.set(contract.territory.communes.all())
    ActionFactory(axis=world.axis, number="1.2", title="Sans objectif", is_confidential=True)
    national = IndicatorDefinitionFactory(code="NAT-01", scope=CatalogueScope.NATIONAL)
    own = IndicatorDefinitionFactory(
        code="CLS-OWN-1",
        scope=CatalogueScope.CONTRACT,
        contract=contract,
        periodicity=Periodicity.SEMESTER,
        numerator_label="Séniors repérés",
        denominator_label="Séniors",
        min_value=None,
        max_value=None,
    )
    IndicatorFactory(contract=contract, definition=national, target_value=Decimal("62.5"))
    with_values = IndicatorFactory(contract=contract, definition=own, action=action)
    IndicatorValueFactory(indicator=with_values, period="2025-S1", value=Decimal("12.5"))

    client.force_login(world.coordinator)
    exported = client.get(reverse("plan_export", args=[contract.pk]))
    assert exported.status_code == 200
    assert load_workbook(io.BytesIO(exported.content))["Valeurs"]["D2"].value == "2025-S1"

    preview = client.post(import_url(draft), {"file": upload(exported.content)})
    assert preview.status_code == 200, [str(p) for p in preview.context["result"].problems]
    assert client.post(confirm_url(draft)).status_code == 302
    again = client.get(reverse("plan_export", args=[draft.pk]))

    assert _plan_sheets(again.content) == _plan_sheets(exported.content)
    copy = draft.actions.get(number="1.1")
    assert copy.lead_person == action.lead_person
    assert draft.actions.get(number="1.2").is_confidential


def test_exported_dates_read_as_french_dates(client, world):
    world.lead_action.starts_on = datetime.date(2025, 3, 1)
    world.lead_action.save()
    client.force_login(world.coordinator)
    response = client.get(reverse("plan_export", args=[world.contract.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["Actions"]
    header = [cell.value for cell in sheet[1]]
    start = sheet.cell(row=2, column=header.index("Début") + 1)
    assert start.value.date() == datetime.date(2025, 3, 1)
    assert start.number_format == "DD/MM/YYYY"
    assert sheet.cell(row=2, column=1).number_format == "General"


def test_reader_export_leaves_out_confidential_sheets(client, world):
    ActionFactory(axis=world.axis, number="1.9", title="Action sensible", is_confidential=True)
    client.force_login(world.reader)
    response = client.get(reverse("plan_export", args=[world.contract.pk]))
    assert response.status_code == 200
    titles = [
        row[2]
        for row in load_workbook(io.BytesIO(response.content))["Actions"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert world.lead_action.title in titles
    assert "Action sensible" not in titles


def test_importing_the_same_file_twice_changes_nothing_the_second_time(client, world, draft):
    client.force_login(world.coordinator)
    client.post(import_url(draft), {"file": upload(workbook(**VALID))})
    client.post(confirm_url(draft))
    versions = list(draft.actions.order_by("number").values_list("version", flat=True))
    response = client.post(import_url(draft), {"file": upload(workbook(**VALID))})
    assert response.status_code == 200
    assert "Le classeur ne change rien au plan" in response.text
    result = response.context["result"]
    assert [s.unchanged for s in result.sheets] == [2, 3, 2, 1, 0]
    client.post(confirm_url(draft))
    assert draft.actions.count() == 2
    assert list(draft.actions.order_by("number").values_list("version", flat=True)) == versions
    assert IndicatorDefinition.objects.filter(contract=draft).count() == 1


def test_person_unknown_by_email_is_a_notice_not_a_problem(client, world, draft):
    PersonFactory(email="connue@exemple.fr")
    sheets = {
        "Axes": [{"number": 1, "title": "Axe"}],
        "Actions": [
            {"number": "1.1", "axis": 1, "title": "A", "lead_person": "connue@exemple.fr"},
            {"number": "1.2", "axis": 1, "title": "B", "lead_person": "inconnue@exemple.fr"},
        ],
    }
    client.force_login(world.coordinator)
    response = client.post(import_url(draft), {"file": upload(workbook(**sheets))})
    assert response.status_code == 200
    assert "aucune personne connue pour « inconnue@exemple.fr »" in response.text


def test_an_export_leaves_no_cell_for_the_garbage_collector(world):
    """Its cells are freed as soon as the file is written, not by a later pass of the
    collector over the whole process (config/fastpaths/collector.py)."""
    contract = world.contract

    def cells_alive() -> int:
        # `type`, not `isinstance`: a dead weak proxy among the objects raises on the latter.
        return sum(type(thing) is Cell for thing in gc.get_objects())

    gc.collect()
    gc.disable()
    try:
        before = cells_alive()
        content = spreadsheets.plan_export(contract, include_confidential=True)
        after = cells_alive()
    finally:
        gc.enable()

    assert load_workbook(io.BytesIO(content))["Actions"].max_row > 1
    assert after == before
    assert gc.isenabled()
