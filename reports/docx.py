"""Editable documents (Word, DOCX): the action book and a single fiche action, for elected
officials and partners who rework them. They are written from the same data as the PDF (the
snapshot's sections), with python-docx; headings use Word's own styles, so the document's
outline and table of contents work as in any Word document.
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

FIELD_ROWS = [
    ("Statut", "status"),
    ("Priorité", "priority"),
    ("Pilote", "lead"),
    ("Partenaires", "partners"),
    ("Calendrier", "calendar"),
    ("Objectifs", "objectives"),
    ("Publics cibles", "target_groups"),
    ("Déterminants de santé", "determinants"),
    ("Thématiques", "themes"),
    ("Territoire d'intervention", "intervention_communes"),
    ("Participation citoyenne", "citizen_participation"),
]
TEXTS = [
    ("Description", "description"),
    ("Contexte et justification", "rationale"),
    ("Résultats attendus", "expected_results"),
]


def action_book_docx(snapshot: dict, *, title: str) -> bytes:
    """The action book: every axis, then each of its fiches in full."""
    document = _document(snapshot, title)
    for axis in snapshot["axes"]:
        document.add_heading(f"Axe {axis['number']} — {axis['title']}", level=1)
        if axis.get("description"):
            document.add_paragraph(axis["description"])
        for action in axis["actions"]:
            _action(document, action, level=2)
    if snapshot.get("indicators"):
        document.add_heading("Indicateurs du contrat", level=1)
        _indicators(document, snapshot["indicators"])
    return _saved(document)


def action_sheet_docx(snapshot: dict, *, title: str) -> bytes:
    """One fiche action, with its axis."""
    document = _document(snapshot, title)
    axis = snapshot["axis"]
    document.add_paragraph(f"Axe {axis['number']} — {axis['title']}").runs[0].italic = True
    _action(document, snapshot["action"], level=1)
    return _saved(document)


def _document(snapshot: dict, title: str):
    document = Document()
    document.styles["Normal"].font.name = "Marianne"
    document.styles["Normal"].font.size = Pt(10)
    contract = snapshot["contract"]
    document.core_properties.title = f"{title} — {contract['title']}"
    document.core_properties.author = "Plateforme des contrats locaux de santé"
    document.add_paragraph(title).runs[0].bold = True
    document.add_heading(contract["title"], level=0)
    document.add_paragraph(
        f"{contract['kind']} · {contract['territory']['name']} · {contract['ars']} · "
        f"du {_date(contract['starts_on'])} au {_date(contract['ends_on'])}"
    )
    if snapshot.get("includes_confidential"):
        warning = document.add_paragraph().add_run(
            "Diffusion restreinte : ce document contient des actions confidentielles."
        )
        warning.bold = True
    return document


def _action(document, action: dict, *, level: int):
    document.add_heading(f"Fiche action {action['number']} — {action['title']}", level=level)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, key in FIELD_ROWS:
        cells = table.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = _field(action, key)
    for label, key in TEXTS:
        if action.get(key):
            document.add_heading(label, level=level + 1)
            document.add_paragraph(action[key])
    _rows(
        document,
        "Étapes",
        ["Étape", "Échéance", "Réalisée le"],
        [
            [m["title"], _date(m["due_on"]), _date(m["done_on"])]
            for m in action.get("milestones", [])
        ],
        level,
    )
    if action.get("indicators"):
        document.add_heading("Indicateurs", level=level + 1)
        _indicators(document, action["indicators"])
    _rows(
        document,
        "Financements",
        ["Année", "Financeur", "Dispositif", "Prévu", "Accordé", "Versé"],
        [
            [
                str(f["year"]),
                f["funder"],
                f["scheme"],
                _euros(f["planned"]),
                _euros(f["granted"]),
                _euros(f["paid"]),
            ]
            for f in action.get("funding", [])
        ],
        level,
    )
    _updates(document, action.get("updates", []), level)


def _field(action: dict, key: str) -> str:
    if key == "lead":
        lead = " — ".join(
            part for part in (action["lead_organisation"], action["lead_person"]) if part
        )
        return lead or "—"
    if key == "calendar":
        text = f"du {_date(action['starts_on'])} au {_date(action['planned_end_on'])} (fin prévue)"
        return text + (
            f", achevée le {_date(action['ended_on'])}" if action.get("ended_on") else ""
        )
    if key == "intervention_communes":
        return ", ".join(action[key]) or "Tout le territoire du contrat"
    value = action.get(key)
    if isinstance(value, list):
        return ("; " if key == "objectives" else ", ").join(str(v) for v in value) or "—"
    return str(value or "—")


def _rows(document, heading: str, header: list[str], rows: list[list[str]], level: int):
    if not rows:
        return
    document.add_heading(heading, level=level + 1)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text or "—"


def _indicators(document, indicators: list[dict]):
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["Indicateur", "Référence", "Dernière valeur", "Cible"], strict=True
    ):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for indicator in indicators:
        latest = indicator.get("latest")
        cells = table.add_row().cells
        cells[0].text = f"{indicator['code']} — {indicator['name']}"
        cells[1].text = _number(indicator.get("baseline"))
        cells[2].text = f"{_number(latest['value'])} ({latest['period']})" if latest else "—"
        cells[3].text = _number(indicator.get("target"))


def _updates(document, updates: list[dict], level: int):
    if not updates:
        return
    document.add_heading("Notes de suivi", level=level + 1)
    for update in updates:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{_date(update['written_on'])} — {update['author']}").bold = True
        if update.get("new_status"):
            paragraph.add_run(f" ({update['new_status']})")
        document.add_paragraph(update["text"]).alignment = WD_ALIGN_PARAGRAPH.LEFT


def _date(value: str | None) -> str:
    """A snapshot's ISO date the French way."""
    if not value:
        return "—"
    year, month, day = value[:10].split("-")
    return f"{day}/{month}/{year}"


def _number(value) -> str:
    return "—" if value in (None, "") else str(value).replace(".", ",")


def _euros(value) -> str:
    return "—" if value in (None, "") else f"{_number(value)} €"


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
