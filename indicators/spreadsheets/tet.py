"""The import template of Territoires en Transitions (« modele-import-pa.xlsx »), read as it is.

Its sheet « Fichier d'import » groups columns in row 1, names them in row 2, gives their type in
row 3 (« Champ texte », « Champ date »…) and sometimes instructions in row 4; then comes one row
per fiche action (or sub-action). It is read as a mapping known in advance (`mapping`), the
columns with no place in the platform listed in the preview.
"""

from indicators.spreadsheets.mapping import Mapping, header_key, mapped_read
from indicators.spreadsheets.reading import PlanFile, cell_text, normalise_header, sheet_rows

SHEET = "fichier d'import"
HEADER_ROW = 2
# The template's headers (written loosely, `header_key`) and the fields they map to.
COLUMNS = {
    "axe (x)": "axis",
    "sous-axe (x.x)": "objective",
    "sous-sous axe (x.x.x)": "sub_objective",
    "sous-sous-axe (x.x.x)": "sub_objective",
    "titre de la fiche action": "title",
    "titre de l'action": "title",
    "titre de la sous-action": "sub_action",
    "descriptif": "description",
    "objectifs": "expected_results",
    "structure pilote": "lead_organisation",
    "partenaires": "partners",
    "personne pilote": "lead_person",
    "participation citoyenne": "citizen_participation",
    "financeur 1": "funder",
    "financeur 2": "funder",
    "financeur 3": "funder",
    "montant € ht": "amount",
    "montant € ttc": "amount",
    "statut": "status",
    "niveau de priorité": "priority",
    "date de début": "starts_on",
    "date de fin": "planned_end_on",
}
# Words that tell a row of instructions from a fiche.
INSTRUCTION_WORDS = ("indiquez", "indiquer", "renseign", "précise", "saisi", "sélectionn", "format")
TYPE_WORDS = ("champ ", "liste ", "nombre", "date")


def _is_tet_header(values) -> bool:
    headers = {normalise_header(v) for v in values}
    return "axe (x)" in headers and bool(
        headers & {"titre de la fiche action", "titre de l'action"}
    )


def _tet_sheet(workbook):
    """The template's sheet: « Fichier d'import », or another whose row 2 has its headers."""
    named = [s for s in workbook.worksheets if normalise_header(s.title) == SHEET]
    for sheet in named + [s for s in workbook.worksheets if s not in named]:
        for number, values in sheet_rows(sheet):
            if number == HEADER_ROW and _is_tet_header(values):
                return sheet
            if number >= HEADER_ROW:
                break
    return None


def _is_instructions(values) -> bool:
    texts = [cell_text(v).lower() for v in values if cell_text(v)]
    return any(word in text for text in texts for word in INSTRUCTION_WORDS)


def _is_types(values) -> bool:
    texts = [cell_text(v).lower() for v in values if cell_text(v)]
    return bool(texts) and all(text.startswith(TYPE_WORDS) for text in texts)


def tet_read(workbook) -> PlanFile | None:
    """The plan in the template, or None if the workbook is not in it."""
    sheet = _tet_sheet(workbook)
    if sheet is None:
        return None
    skipped = set()
    for number, values in sheet_rows(sheet):
        if number in (3, 4) and (_is_types(values) or _is_instructions(values)):
            skipped.add(number)
        if number >= 4:
            break
    mapping = Mapping(
        sheet=sheet.title,
        header_row=HEADER_ROW,
        columns={header_key(h): f for h, f in COLUMNS.items()},
        skip_rows=skipped,
    )
    plan = mapped_read(workbook, mapping, layout="tet")
    plan.guesses.insert(
        0,
        "Fichier reconnu : modèle d'import de Territoires en Transitions, feuille "
        f"« {sheet.title} » (en-têtes en ligne 2"
        + (
            f", lignes {', '.join(map(str, sorted(skipped)))} lues comme types et consignes)."
            if skipped
            else ")."
        ),
    )
    return plan
