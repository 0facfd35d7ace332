"""Reading a spreadsheet in a layout of its own: one row per fiche action, in columns that the
user maps to the platform's fields (the Territoires en Transitions template is one such layout,
mapped in advance by `tet`).

The rows are turned into the platform's sheets (axes, objectives, fiches actions), read as a
person would: « Axe 1. COORDINATION DU CLS » is axis 1, « 1.2 Attirer des médecins » an
objective numbered 1.2, « 47727 » in a date column the Excel date it stands for, « Élevé » a
high priority. What was guessed that way, and what the file holds that the platform has no
place for, is said in the preview; problems name the file's own sheet, row and column.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from actions.enums import ActionStatus, CitizenParticipation, Priority
from config.french import plural
from indicators.spreadsheets.layout import LIST_SEPARATOR
from indicators.spreadsheets.reading import (
    PlanFile,
    Row,
    SpreadsheetError,
    cell_text,
    normalise_header,
    sheet_rows,
)

# The fields a column may be mapped to, as the mapping step offers them.
FIELDS = {
    "": "Ne pas importer",
    "axis": "Axe (numéro et intitulé)",
    "objective": "Objectif général (sous-axe)",
    "sub_objective": "Objectif spécifique (sous-sous-axe)",
    "number": "Numéro de la fiche action",
    "title": "Intitulé de la fiche action",
    "sub_action": "Sous-action (ajoutée à la description)",
    "description": "Description",
    "rationale": "Contexte et justification",
    "expected_results": "Résultats attendus",
    "lead_organisation": "Structure pilote",
    "lead_person": "Référent (nom ou adresse électronique)",
    "partners": "Partenaires",
    "citizen_participation": "Participation citoyenne",
    "priority": "Priorité",
    "status": "Statut",
    "starts_on": "Début",
    "planned_end_on": "Fin prévue",
    "ended_on": "Fin effective",
    "funder": "Financeur",
    "amount": "Montant (du financeur de la colonne précédente)",
}
# Words of a header that make a guess, the most specific first.
GUESSES = [
    ("sous-sous", "sub_objective"),
    ("sous-axe", "objective"),
    ("sous axe", "objective"),
    ("objectif général", "objective"),
    ("objectif spécifique", "sub_objective"),
    ("sous-action", "sub_action"),
    ("axe", "axis"),
    ("numéro", "number"),
    ("n°", "number"),
    ("titre", "title"),
    ("intitulé", "title"),
    ("nom de l'action", "title"),
    ("descripti", "description"),
    ("contexte", "rationale"),
    ("justification", "rationale"),
    ("résultats attendus", "expected_results"),
    ("objectifs", "expected_results"),
    ("structure pilote", "lead_organisation"),
    ("porteur", "lead_organisation"),
    ("personne pilote", "lead_person"),
    ("référent", "lead_person"),
    ("pilote", "lead_organisation"),
    ("partenaire", "partners"),
    ("participation", "citizen_participation"),
    ("priorit", "priority"),
    ("statut", "status"),
    ("état", "status"),
    ("début", "starts_on"),
    ("fin prévue", "planned_end_on"),
    ("date de fin", "planned_end_on"),
    ("échéance", "planned_end_on"),
    ("fin effective", "ended_on"),
    ("financeur", "funder"),
    ("montant", "amount"),
    ("action", "title"),
]
STATUSES = {
    "à venir": ActionStatus.PLANNED,
    "a venir": ActionStatus.PLANNED,
    "prévu": ActionStatus.PLANNED,
    "prévue": ActionStatus.PLANNED,
    "en cours": ActionStatus.IN_PROGRESS,
    "réalisé": ActionStatus.DONE,
    "réalisée": ActionStatus.DONE,
    "terminé": ActionStatus.DONE,
    "terminée": ActionStatus.DONE,
    "en pause": ActionStatus.PAUSED,
    "suspendu": ActionStatus.PAUSED,
    "suspendue": ActionStatus.PAUSED,
    "abandonné": ActionStatus.ABANDONED,
    "abandonnée": ActionStatus.ABANDONED,
    "bloqué": ActionStatus.BLOCKED,
    "bloquée": ActionStatus.BLOCKED,
}
# Statuses the platform has no word for, read as the nearest one, with the reason given.
STATUS_GUESSES = {
    "en retard": (
        ActionStatus.IN_PROGRESS,
        "« En retard » est lu « En cours » : la plateforme déduit le retard de la fin prévue",
    ),
    "à discuter": (ActionStatus.PLANNED, "« À discuter » est lu « Prévue »"),
    "": (ActionStatus.PLANNED, "Statut vide : lu « Prévue »"),
}
PRIORITIES = {
    "élevé": Priority.HIGH,
    "élevée": Priority.HIGH,
    "haut": Priority.HIGH,
    "haute": Priority.HIGH,
    "moyen": Priority.MEDIUM,
    "moyenne": Priority.MEDIUM,
    "bas": Priority.LOW,
    "basse": Priority.LOW,
    "faible": Priority.LOW,
}
PARTICIPATION_WORDS = [
    ("pas de", CitizenParticipation.NONE),
    ("aucun", CitizenParticipation.NONE),
    ("information", CitizenParticipation.INFORMATION),
    ("consultation", CitizenParticipation.CONSULTATION),
    ("concertation", CitizenParticipation.CONCERTATION),
    ("co-construction", CitizenParticipation.CO_CONSTRUCTION),
    ("coconstruction", CitizenParticipation.CO_CONSTRUCTION),
    ("co-décision", CitizenParticipation.CO_CONSTRUCTION),
]
AXIS = re.compile(r"^\s*(?:axe\s*(?:n°|stratégique)?\s*)?(\d+)\s*[.:)\-–—]*\s*(.*)$", re.I | re.S)
NUMBERED = re.compile(
    r"^\s*(?:(?:sous-)*axe\s*|fiche(?:\s*action)?\s*(?:n°)?\s*|action\s*(?:n°)?\s*)?"
    r"(\d+(?:\.\d+)*)\.?\s*[:)\-–—]+\s*(.+)$|^\s*(\d+(?:\.\d+)+)\.?\s+(.+)$",
    re.I | re.S,
)
LIST_SPLIT = re.compile(r"[;,\n/]+")
# Excel counts days from 30 December 1899; plausible plan dates fall within these serials.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
SERIALS = range(20_000, 80_000)
DATE_FIELDS = ("starts_on", "planned_end_on", "ended_on")
PREVIEW_ROWS = 8


class LayoutUnknown(Exception):
    """The workbook is in no layout the platform knows: the user maps its columns."""

    def __init__(self, overview: list[dict]):
        super().__init__("Mise en correspondance nécessaire.")
        self.overview = overview


def workbook_overview(workbook) -> list[dict]:
    """The first rows of each sheet, to choose the sheet and the row of the headers."""
    overview = []
    for sheet in workbook.worksheets:
        rows = []
        for number, values in sheet_rows(sheet):
            cells = [cell_text(value)[:60] for value in values[:60]]
            while cells and not cells[-1]:
                cells.pop()
            rows.append({"number": number, "cells": cells})
            if len(rows) == PREVIEW_ROWS:
                break
        overview.append({"name": sheet.title, "rows": rows})
    return overview


def guess_field(header: str) -> str:
    text = normalise_header(header)
    if not text:
        return ""
    return next((field for words, field in GUESSES if words in text), "")


def header_key(header) -> str:
    """How a mapping names a column: its header, written loosely."""
    return normalise_header(header)


@dataclass
class Mapping:
    """Which sheet, which row of headers, and what each header's column holds."""

    sheet: str
    header_row: int
    columns: dict[str, str]
    # Rows between the headers and the data (types, instructions) to skip.
    skip_rows: set[int] = field(default_factory=set)


def mapped_read(workbook, mapping: Mapping, *, layout: str = "mapped") -> PlanFile:
    """The workbook's sheet read with `mapping`, as the platform's sheets."""
    if mapping.sheet not in workbook.sheetnames:
        raise SpreadsheetError(f"Le classeur n'a pas de feuille « {mapping.sheet} ».")
    sheet = workbook[mapping.sheet]
    header, data = [], []
    for number, values in sheet_rows(sheet):
        if number == mapping.header_row:
            header = list(values)
        elif number > mapping.header_row and number not in mapping.skip_rows:
            data.append((number, values))
    if not header:
        raise SpreadsheetError(
            f"La ligne {mapping.header_row} de la feuille « {mapping.sheet} » est vide : "
            "choisissez la ligne des en-têtes."
        )
    return _Translation(sheet.title, header, mapping.columns, layout).translate(data)


def excel_date(value):
    """A date cell as a person reads it: an Excel serial number (47727) becomes its date."""
    if isinstance(value, int | float) and not isinstance(value, bool) and int(value) in SERIALS:
        return EXCEL_EPOCH + datetime.timedelta(days=int(value)), True
    return value, False


class _Translation:
    """One sheet's rows turned into the platform's Axes, Objectifs and Actions rows."""

    def __init__(self, title: str, header: list, columns: dict[str, str], layout: str):
        self.title = title
        self.plan = PlanFile(layout=layout)
        self.fields: dict[int, str] = {}
        self.funders: list[tuple[int, int | None]] = []
        self.letters, self.headers = {}, {}
        self._map_columns(header, columns)
        self.axes: dict[int, Row] = {}
        self.axis_titles: dict[str, int] = {}
        self.objectives: dict[tuple, Row] = {}
        self.actions: dict[tuple, Row] = {}
        self.guessed: dict[str, list[int]] = defaultdict(list)
        self.filled: dict[int, int] = defaultdict(int)

    def _map_columns(self, header: list, columns: dict[str, str]):
        last_funder = None
        for index, text in enumerate(header):
            target = columns.get(header_key(text), "")
            if target == "funder":
                last_funder = index
                self.funders.append((index, None))
            elif target == "amount" and last_funder is not None:
                self.funders[-1] = (last_funder, index)
            elif target:
                self.fields.setdefault(index, target)
            self.headers[index] = str(text or "").strip()
        by_field = {target: index for index, target in reversed(self.fields.items())}
        self.letters = {f: get_column_letter(i + 1) for f, i in by_field.items()}
        self.field_headers = {f: self.headers[i] for f, i in by_field.items()}

    def translate(self, data: list) -> PlanFile:
        for number, values in data:
            self._row(number, values)
        plan = self.plan
        plan.rows["Axes"] = list(self.axes.values())
        plan.rows["Objectifs"] = list(self.objectives.values())
        plan.rows["Actions"] = list(self.actions.values())
        plan.guesses = [f"{what} ({_lines(rows)})." for what, rows in self.guessed.items()]
        plan.unmapped = self._unmapped()
        plan.notices.append(
            "Ce format ne porte ni indicateurs ni valeurs : ceux du contrat restent tels quels."
        )
        return plan

    def _unmapped(self) -> list[str]:
        used = set(self.fields) | {i for pair in self.funders for i in pair if i is not None}
        return [
            f"« {self.headers[index]} » ({plural(count, 'case remplie,cases remplies')}) : "
            "sans équivalent, non importée."
            for index, count in sorted(self.filled.items())
            if index not in used and self.headers.get(index)
        ]

    # A row ----------------------------------------------------------------------------------

    def _row(self, number: int, values):
        cells = {}
        for index, value in enumerate(values):
            if cell_text(value):
                self.filled[index] += 1
                if index in self.fields:
                    cells.setdefault(self.fields[index], value)
        if not any(cells.get(key) for key in ("title", "number", "sub_action")):
            return
        axis = self._axis(number, cells.get("axis"))
        objective = self._objectives(number, axis, cells)
        self._action(number, axis, objective, cells, values)

    def _new_row(self, number: int, data: dict) -> Row:
        return Row(
            sheet=self.title,
            number=number,
            data=data,
            letters=self.letters,
            headers=self.field_headers,
        )

    def _axis(self, number: int, value) -> int | str:
        text = cell_text(value)
        if not text:
            return ""
        match = AXIS.match(text)
        if match:
            axis, title = int(match[1]), match[2].strip() or text
        elif text.lower() in self.axis_titles:
            return self.axis_titles[text.lower()]
        else:
            axis = max([*self.axes, 0]) + 1
            title = text
            self.guessed[f"Axe « {text} » sans numéro : numéro {axis} attribué"].append(number)
        self.axis_titles.setdefault(text.lower(), axis)
        if axis not in self.axes:
            self.axes[axis] = self._new_row(number, {"number": axis, "title": title})
        return axis

    def _objectives(self, number: int, axis, cells: dict) -> str:
        """The row's sub-axis and sub-sub-axis as objectives; the deepest one's reference."""
        upper = self._objective(number, axis, cells.get("objective"), "général", "")
        lower_text = cell_text(cells.get("sub_objective"))
        if lower_text and not upper:
            self.guessed["Sous-sous-axe sans sous-axe : lu comme un objectif général"].append(
                number
            )
            return self._objective(number, axis, lower_text, "général", "")
        return self._objective(number, axis, lower_text, "spécifique", upper) or upper

    def _objective(self, number: int, axis, value, level: str, parent: str) -> str:
        text = cell_text(value)
        if not text or axis == "":
            return ""
        match = NUMBERED.match(text)
        reference, title = (match[1] or match[3], match[2] or match[4]) if match else ("", text)
        key = (axis, reference or title.strip().lower())
        if key not in self.objectives:
            data = {"axis": axis, "number": reference, "level": level, "title": title.strip()}
            if parent:
                data["parent"] = parent
            self.objectives[key] = self._new_row(number, data)
        return reference or title.strip()

    def _action(self, number: int, axis, objective: str, cells: dict, values):
        text = cell_text(cells.get("title"))
        match = NUMBERED.match(text) if "number" not in cells else None
        fiche = cell_text(cells.get("number")) or (match[1] or match[3] if match else "")
        title = (match[2] or match[4]).strip() if match else text
        key = (axis, fiche or title.lower())
        sub_action = cell_text(cells.get("sub_action"))
        if key in self.actions:
            # A further row of the same fiche: one of its sub-actions.
            if sub_action:
                self.actions[key].data.setdefault("sub_actions", []).append(sub_action)
            return
        data = {"axis": axis, "number": fiche, "title": title}
        if objective:
            data["objectives"] = objective
        if sub_action:
            data["sub_actions"] = [sub_action]
        for name in FIELDS:
            if name in cells and name not in data and name not in ("objective", "sub_objective"):
                data[name] = self._value(number, name, cells[name])
        if self.funders:
            data["funding"] = self._funding(values)
        self._status(number, data)
        self.actions[key] = self._new_row(number, data)

    def _value(self, number: int, name: str, value):
        """A cell read as a person would: a date from its serial, a word from its synonyms."""
        if name in DATE_FIELDS:
            value, converted = excel_date(value)
            if converted:
                self.guessed["Dates écrites en nombres Excel, converties"].append(number)
            return value
        text = cell_text(value).lower()
        if name == "priority":
            return PRIORITIES.get(text, value)
        if name == "citizen_participation":
            return next((code for word, code in PARTICIPATION_WORDS if word in text), value)
        if name == "partners":
            return f"{LIST_SEPARATOR} ".join(
                part.strip() for part in LIST_SPLIT.split(cell_text(value)) if part.strip()
            )
        if name == "status":
            return STATUSES.get(text, value)
        return value

    def _status(self, number: int, data: dict):
        text = cell_text(data.get("status")).lower()
        if "status" in self.letters and text in STATUS_GUESSES:
            data["status"], reason = STATUS_GUESSES[text]
            self.guessed[reason].append(number)

    def _funding(self, values) -> list[dict]:
        lines = []
        for funder, amount in self.funders:
            name = cell_text(values[funder]) if funder < len(values) else ""
            if name:
                lines.append(
                    {
                        "funder": name,
                        "amount": values[amount] if amount is not None else None,
                        "letter": get_column_letter((amount if amount is not None else funder) + 1),
                        "header": self.headers[amount if amount is not None else funder],
                    }
                )
        return lines


def _lines(numbers: list[int]) -> str:
    """« ligne 5 », « lignes 5, 7 », « lignes 5, 7, … et 12 autres »."""
    shown = ", ".join(str(n) for n in numbers[:10])
    more = f" et {len(numbers) - 10} autres" if len(numbers) > 10 else ""
    return f"{'ligne' if len(numbers) == 1 else 'lignes'} {shown}{more}"
