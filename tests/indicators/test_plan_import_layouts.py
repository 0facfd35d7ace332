"""Plans kept in other layouts: the import template of Territoires en Transitions, read as it
is (invented content, in the template's layout), and any spreadsheet of one fiche per row,
through the mapping step whose choices are remembered for the contract's next import."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from actions.models import FundingLine
from indicators.models import PlanImportMapping
from tests.actors.factories import PersonFactory
from tests.indicators.test_spreadsheets import confirm_url, draft, import_url, upload

__all__ = ["draft"]

GROUPS = ["Présentation de l'action", "", "", "", "", "", "Objectifs et indicateurs", "", "Acteurs"]
TET_HEADERS = [
    "Axe (x)",
    "Sous-axe (x.x)",
    "Sous-sous axe (x.x.x)",
    "Titre de la fiche action ",
    "Titre de la sous-action",
    "Descriptif",
    "Instances de gouvernance",
    "Objectifs",
    "Indicateurs liés",
    "Structure pilote",
    "Moyens humains et techniques",
    "Partenaires",
    "Direction ou service pilote",
    "Personne pilote",
    "Élu·e référent·e",
    "Participation Citoyenne",
    "Financements",
    "Financeur 1",
    "Montant € HT",
    "Financeur 2",
    "Montant € HT ",
    "Financeur 3",
    "Montant € HT  ",
    "Budget prévisionnel total € HT",
    "Statut",
    "Niveau de priorité",
    "Date de début",
    "Date de fin",
    "Action en amélioration continue",
    "Calendrier",
]


def tet_row(**cells) -> list:
    keys = {header: index for index, header in enumerate(TET_HEADERS)}
    keys.setdefault("Titre de la fiche action", keys["Titre de la fiche action "])
    row = [None] * len(TET_HEADERS)
    for header, value in cells.items():
        row[keys[header]] = value
    return row


def tet_workbook(rows: list[list], *, instructions=True) -> bytes:
    book = Workbook()
    book.active.title = "Mode d'emploi"
    book.active.append(["Comment remplir ce fichier d'import"])
    sheet = book.create_sheet("Fichier d'import")
    sheet.append(GROUPS)
    sheet.append(TET_HEADERS)
    sheet.append(
        ["Champ texte"] * 26 + ["Champ date", "Champ date", "Liste déroulante", "Champ texte"]
    )
    if instructions:
        sheet.append(["Indiquez le numéro et le nom de l'axe"] + [None] * 29)
    for row in rows:
        sheet.append(row)
    book.create_sheet("Listes déroulantes").append(["À venir", "En cours", "Réalisé"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


TET_PLAN = [
    tet_row(
        **{
            "Axe (x)": "Axe 1. COORDINATION DU CLS",
            "Sous-axe (x.x)": "1.1 Animer le contrat",
            "Titre de la fiche action": "Recruter un coordinateur",
            "Descriptif": "Un poste à temps plein.",
            "Objectifs": "Un CLS animé",
            "Structure pilote": "Communauté de communes de Belle-Île",
            "Partenaires": "ARS Bretagne, CPAM du Morbihan",
            "Personne pilote": "Jeanne Testeuse",
            "Participation Citoyenne": "Pas de participation citoyenne",
            "Financeur 1": "ARS Bretagne",
            "Montant € HT": 30000,
            "Financeur 2": "Communauté de communes de Belle-Île",
            "Montant € HT ": "12 500",
            "Statut": "En cours",
            "Niveau de priorité": "Élevé",
            "Date de début": 46023,
            "Date de fin": "31/12/2027",
            "Action en amélioration continue": "FAUX",
            "Instances de gouvernance": "COPIL",
        }
    ),
    tet_row(
        **{
            "Axe (x)": "Axe 1. COORDINATION DU CLS",
            "Titre de la fiche action": "Recruter un coordinateur",
            "Titre de la sous-action": "Rédiger la fiche de poste",
        }
    ),
    tet_row(
        **{
            "Axe (x)": "Axe 2. Prévention",
            "Sous-sous axe (x.x.x)": "2.1.1 Prévenir les chutes",
            "Titre de la fiche action": "Ateliers d'équilibre",
            "Statut": None,
            "Niveau de priorité": "Bas",
            "Date de début": datetime.date(2026, 3, 1),
        }
    ),
    tet_row(
        **{
            "Axe (x)": "Axe 2. Prévention",
            "Titre de la fiche action": "Dépistage en mer",
            "Statut": "En retard",
            "Participation Citoyenne": "Co-construction",
        }
    ),
]


def test_a_territoires_en_transitions_plan_is_read_as_it_is(client, world, draft):
    PersonFactory(first_name="Jeanne", last_name="Testeuse")
    client.force_login(world.coordinator)

    preview = client.post(import_url(draft), {"file": upload(tet_workbook(TET_PLAN))})

    assert preview.status_code == 200, [str(p) for p in preview.context["result"].problems]
    result = preview.context["result"]
    assert result.layout == "tet"
    text = preview.text
    assert "modèle d&#x27;import de Territoires en Transitions" in text
    assert "Statut vide : lu « Prévue » (ligne 7)." in text
    assert "« En retard » est lu « En cours »" in text
    assert "Dates écrites en nombres Excel, converties (ligne 5)." in text
    assert "Sous-sous-axe sans sous-axe : lu comme un objectif général (ligne 7)." in text
    assert "« Instances de gouvernance » (1 case remplie) : sans équivalent, non importée." in text
    assert "« Indicateurs liés »" not in text  # empty columns are not worth a word

    assert client.post(confirm_url(draft)).status_code == 302
    axes = {a.number: a.title for a in draft.axes.all()}
    assert axes == {1: "COORDINATION DU CLS", 2: "Prévention"}
    coordinator = draft.actions.get(title="Recruter un coordinateur")
    assert coordinator.number == "1.1"
    assert coordinator.status == "in_progress" and coordinator.priority == "high"
    assert coordinator.starts_on == datetime.date(2026, 1, 1)
    assert coordinator.planned_end_on == datetime.date(2027, 12, 31)
    assert coordinator.citizen_participation == "none"
    assert coordinator.expected_results == "Un CLS animé"
    assert "Rédiger la fiche de poste" in coordinator.description
    assert str(coordinator.lead_person) == "Jeanne Testeuse"
    assert {p.name for p in coordinator.partners.all()} == {"ARS Bretagne", "CPAM du Morbihan"}
    assert [o.number for o in coordinator.objectives.all()] == ["1.1"]
    lines = FundingLine.objects.filter(action=coordinator).order_by("planned_amount")
    assert [(f.funder.name, f.planned_amount, f.year, f.scheme) for f in lines] == [
        ("Communauté de communes de Belle-Île", Decimal("12500"), 2026, "collectivite"),
        ("ARS Bretagne", Decimal("30000"), 2026, "fir"),
    ]
    late = draft.actions.get(title="Dépistage en mer")
    assert (late.number, late.status, late.citizen_participation) == (
        "2.2",
        "in_progress",
        "co_construction",
    )


def test_importing_the_template_again_updates_the_fiche_by_its_title(client, world, draft):
    client.force_login(world.coordinator)
    client.post(import_url(draft), {"file": upload(tet_workbook(TET_PLAN))})
    client.post(confirm_url(draft))
    changed = [list(row) for row in TET_PLAN]
    changed[2][TET_HEADERS.index("Statut")] = "Réalisé"

    preview = client.post(import_url(draft), {"file": upload(tet_workbook(changed))})

    report = preview.context["result"].sheet("Actions")
    assert report.added == []
    assert [(c.item, [x.label for x in c.changes]) for c in report.changed] == [
        ("2.1 — Ateliers d'équilibre", ["Statut"])
    ]
    client.post(confirm_url(draft))
    assert draft.actions.get(number="2.1").status == "done"
    assert draft.actions.count() == 3


def test_template_errors_name_the_template_sheet_row_and_column(client, world, draft):
    rows = [
        tet_row(**{"Titre de la fiche action": "Sans axe"}),
        tet_row(
            **{
                "Axe (x)": "Axe 1. Coordination",
                "Titre de la fiche action": "Mauvaises cases",
                "Statut": "Terminé depuis longtemps",
                "Date de début": "le 3 mars",
                "Montant € HT": "beaucoup",
                "Financeur 1": "ARS",
            }
        ),
    ]
    client.force_login(world.coordinator)
    response = client.post(import_url(draft), {"file": upload(tet_workbook(rows))})
    assert response.status_code == 422
    problems = {(p.sheet, p.row, p.column) for p in response.context["result"].problems}
    assert problems == {
        ("Fichier d'import", 5, "A (Axe (x))"),
        ("Fichier d'import", 6, "Y (Statut)"),
        ("Fichier d'import", 6, "AA (Date de début)"),
        ("Fichier d'import", 6, "S (Montant € HT)"),
    }
    assert "L&#x27;axe manque" in response.text
    assert not draft.actions.exists()


# --- Any other spreadsheet ------------------------------------------------------------------


def own_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan 2026"
    sheet.append(["Plan d'action du CLS"])
    sheet.append([])
    sheet.append(["Axe stratégique", "Action", "Porteur", "État", "Échéance", "Remarque"])
    sheet.append(
        [
            "1 - Accès aux soins",
            "Ouvrir une maison de santé",
            "Mairie",
            "En cours",
            "31/12/2027",
            "x",
        ]
    )
    sheet.append(["2 - Prévention", "Ateliers mémoire", "CCAS", "à venir", None, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _mapping_url(contract):
    return reverse("plan_import_mapping", args=[contract.pk])


def _mapping(header_row=3, **columns):
    data = {"sheet": "Plan 2026", "header_row": header_row, "preview": "1"}
    data.update({f"column_{i}": field for i, field in columns.items()})
    return data


def test_another_spreadsheet_goes_through_the_mapping_step(client, world, draft):
    client.force_login(world.coordinator)
    step = client.post(import_url(draft), {"file": upload(own_workbook())})
    assert step.status_code == 200
    assert "Dites ce que contient chaque colonne" in step.text
    # The header row is chosen, then its columns are shown with guesses.
    columns = client.post(
        _mapping_url(draft), {"sheet": "Plan 2026", "header_row": 3, "columns": "1"}
    )
    form = columns.context["form"]
    assert [form[f"column_{i}"].initial for i in range(6)] == [
        "axis",
        "title",
        "lead_organisation",
        "status",
        "planned_end_on",
        "",
    ]
    preview = client.post(
        _mapping_url(draft),
        _mapping(
            **{
                "0": "axis",
                "1": "title",
                "2": "lead_organisation",
                "3": "status",
                "4": "planned_end_on",
                "5": "",
            }
        ),
    )
    assert preview.status_code == 200, preview.context.get("result") and [
        str(p) for p in preview.context["result"].problems
    ]
    assert "« Remarque » (1 case remplie) : sans équivalent, non importée." in preview.text
    assert client.post(confirm_url(draft)).status_code == 302
    assert {a.number: a.title for a in draft.axes.all()} == {1: "Accès aux soins", 2: "Prévention"}
    maison = draft.actions.get(title="Ouvrir une maison de santé")
    assert (maison.number, maison.status, maison.lead_organisation.name) == (
        "1.1",
        "in_progress",
        "Mairie",
    )
    # Remembered for the next import.
    remembered = PlanImportMapping.objects.get(contract=draft)
    assert (remembered.sheet, remembered.header_row, remembered.columns["état"]) == (
        "Plan 2026",
        3,
        "status",
    )
    again = client.post(import_url(draft), {"file": upload(own_workbook())})
    assert "Les choix de votre dernier import pour ce contrat sont repris." in again.text
    assert again.context["form"]["header_row"].initial == 3
    assert again.context["form"]["column_5"].initial == ""


def test_a_mapping_without_the_title_column_is_refused(client, world, draft):
    client.force_login(world.coordinator)
    client.post(import_url(draft), {"file": upload(own_workbook())})
    response = client.post(_mapping_url(draft), _mapping(**{"0": "axis", "1": ""}))
    assert response.status_code == 422
    assert "Indiquez au moins la colonne de l&#x27;intitulé des fiches actions." in response.text


@pytest.mark.parametrize("persona", ["lead", "reader"])
def test_only_the_coordination_maps_a_spreadsheet(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.post(_mapping_url(world.contract), _mapping()).status_code == 403
