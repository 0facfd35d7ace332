"""Reading an uploaded workbook: its rows by sheet, and the problems found on the way."""

import datetime
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from contracts.documents import detect_content_type
from indicators.spreadsheets.layout import IMPORTED_SHEETS, SHEETS

# Larger files are not action plans.
MAX_SIZE = 5 * 1024 * 1024
UNREADABLE = (
    "Ce classeur Excel est illisible ou endommagé ; ouvrez-le et enregistrez-le à nouveau au "
    "format .xlsx."
)


class SpreadsheetError(Exception):
    """The file is not a workbook this import can read at all."""


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self):
        where = f"feuille « {self.sheet} »"
        if self.row:
            where += f", ligne {self.row}"
        if self.column:
            where += f", colonne {self.column}"
        return f"{where} : {self.message}"


@dataclass
class Row:
    sheet: str
    number: int
    data: dict
    letters: dict


@dataclass
class PlanFile:
    """A parsed workbook: its rows by sheet, and the problems found reading them."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def problem(self, row: Row | None, sheet: str, key: str, message: str):
        columns = {c.key: c.header for c in SHEETS[sheet]}
        header = columns.get(key, "")
        letter = row.letters.get(key, "") if row else ""
        column = f"{letter} ({header})" if letter and header else header
        self.problems.append(Problem(sheet, row.number if row else None, column, message))


def _normalise_header(text) -> str:
    return str(text or "").replace("*", "").strip().lower()


def cell_text(value) -> str:
    """A cell as text: whole numbers without `.0`, dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def plan_read(uploaded) -> PlanFile:
    """Parse an uploaded workbook into rows by sheet; `SpreadsheetError` if it is not one."""
    if uploaded.size > MAX_SIZE:
        raise SpreadsheetError("Le fichier dépasse 5 Mo : ce n'est pas un plan d'action.")
    if detect_content_type(uploaded) != "application/vnd.openxmlformats-officedocument":
        raise SpreadsheetError(
            "Ce fichier n'est pas un classeur Excel (.xlsx). Enregistrez-le au format « Classeur "
            "Excel (.xlsx) » ou partez du modèle téléchargeable."
        )
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on broken files
        raise SpreadsheetError(UNREADABLE) from error
    try:
        return _read_sheets(workbook)
    except SpreadsheetError:
        raise
    except Exception as error:
        raise SpreadsheetError(UNREADABLE) from error
    finally:
        workbook.close()


def _read_sheets(workbook) -> PlanFile:
    missing = [name for name in IMPORTED_SHEETS if name not in workbook.sheetnames]
    if len(missing) == len(IMPORTED_SHEETS):
        raise SpreadsheetError(
            "Ce classeur n'a aucune des feuilles attendues (Axes, Objectifs, Actions, "
            "Indicateurs) : partez du modèle téléchargeable."
        )
    plan = PlanFile()
    for name in IMPORTED_SHEETS:
        plan.rows[name] = []
        if name in workbook.sheetnames:
            plan.rows[name] = _read_sheet(workbook[name], name, plan)
    return plan


def _read_sheet(sheet, name: str, plan: PlanFile) -> list[Row]:
    columns = SHEETS[name]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions = {}
    for index, text in enumerate(header):
        for column in columns:
            if _normalise_header(text) == column.header.lower():
                positions[column.key] = index
    for column in columns:
        if column.required and column.key not in positions:
            plan.problems.append(
                Problem(name, 1, column.header, "Cette colonne obligatoire est absente.")
            )
    letters = {key: get_column_letter(index + 1) for key, index in positions.items()}
    read = []
    for number, values in enumerate(rows, start=2):
        data = {
            key: (values[index] if index < len(values) else None)
            for key, index in positions.items()
        }
        if all(cell_text(value) == "" for value in data.values()):
            continue
        read.append(Row(sheet=name, number=number, data=data, letters=letters))
    return read
