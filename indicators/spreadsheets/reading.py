"""Reading an uploaded workbook: its rows by sheet, and the problems found on the way.

Three layouts are read: the platform's own (sheets Axes, Objectifs, Actions, Indicateurs,
Valeurs), the import template of Territoires en Transitions (`tet`), and any other sheet once
the user has said which column holds what (`mapping`). Before anything is parsed, the archive
is checked: a workbook is a zip file whose declared sizes are read first, so that a small file
unpacking into gigabytes is refused without being unpacked; rows and cells are counted as they
are read, and a sheet too long for an action plan is refused as well.
"""

import datetime
import zipfile
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from contracts.documents import detect_content_type
from indicators.spreadsheets.layout import IMPORTED_SHEETS, SHEETS

# Larger files are not action plans.
MAX_SIZE = 5 * 1024 * 1024
# What the archive may unpack to, all its parts together: a plan of 5,000 fiches with long
# texts stays well under it, and reading it costs the process a bounded amount of memory.
MAX_UNPACKED_SIZE = 40 * 1024 * 1024
# Rows holding something, per sheet, and columns read per row.
MAX_ROWS = 5_000
MAX_COLUMNS = 120
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
    """A row of the file, its cells by the platform's column keys; `letters` and `headers` say
    where each key was found in the file, to name it in a problem."""

    sheet: str
    number: int
    data: dict
    letters: dict
    headers: dict = field(default_factory=dict)


@dataclass
class PlanFile:
    """A parsed workbook: its rows by platform sheet, and the problems found reading them.

    `guesses` say how a layout other than the platform's was read; `unmapped` lists what the
    file holds that the platform has no place for.
    """

    rows: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    layout: str = "platform"
    guesses: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)

    def problem(self, row: Row | None, sheet: str, key: str, message: str):
        """A problem with the cell `key` of `row` (the row as a whole with no key)."""
        if row is not None:
            header = row.headers.get(key) or _platform_header(sheet, key)
            letter = row.letters.get(key, "")
            column = f"{letter} ({header})" if letter and header else header
            self.problems.append(Problem(row.sheet, row.number, column, message))
        else:
            self.problems.append(Problem(sheet, None, _platform_header(sheet, key), message))

    def has_sheet(self, name: str) -> bool:
        return name in self.rows


def _platform_header(sheet: str, key: str) -> str:
    return {c.key: c.header for c in SHEETS.get(sheet, [])}.get(key, "")


def normalise_header(text) -> str:
    """A header written loosely: no star, single spaces (trailing ones gone), straight
    apostrophes, lower case."""
    return " ".join(str(text or "").replace("*", "").replace("’", "'").split()).lower()


def cell_text(value) -> str:
    """A cell as text: whole numbers without `.0`, dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


# --- The archive -------------------------------------------------------------------------------


def archive_check(uploaded):
    """Refuse a file too large, not a workbook, or unpacking to more than `MAX_UNPACKED_SIZE`,
    from the sizes its archive declares (the zip reader never unpacks past them)."""
    if uploaded.size > MAX_SIZE:
        raise SpreadsheetError(
            f"Le fichier dépasse {filesizeformat(MAX_SIZE)} : ce n'est pas un plan d'action."
        )
    if detect_content_type(uploaded) != "application/vnd.openxmlformats-officedocument":
        raise SpreadsheetError(
            "Ce fichier n'est pas un classeur Excel (.xlsx). Enregistrez-le au format « Classeur "
            "Excel (.xlsx) » ou partez du modèle téléchargeable."
        )
    try:
        with zipfile.ZipFile(uploaded) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise SpreadsheetError(UNREADABLE) from error
    finally:
        uploaded.seek(0)
    if unpacked > MAX_UNPACKED_SIZE:
        raise SpreadsheetError(
            f"Ce classeur se décompresse en {filesizeformat(unpacked)}, plus que les "
            f"{filesizeformat(MAX_UNPACKED_SIZE)} qu'un plan d'action peut occuper : il n'a pas "
            "été lu. Retirez-en les feuilles et les cellules qui ne font pas partie du plan."
        )


def workbook_open(uploaded):
    """The uploaded workbook, checked (`archive_check`), opened for reading row by row."""
    archive_check(uploaded)
    try:
        return load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on broken files
        raise SpreadsheetError(UNREADABLE) from error


def sheet_rows(sheet):
    """The sheet's rows as (number, values), empty rows left out; refused past `MAX_ROWS` rows
    holding something."""
    count, limit = 0, MAX_ROWS
    for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), 1):
        if all(cell_text(value) == "" for value in values):
            continue
        count += 1
        if count > limit:
            raise SpreadsheetError(
                f"La feuille « {sheet.title} » compte plus de {limit:,} lignes remplies".replace(
                    ",", "\u202f"
                )
                + " : c'est plus qu'un plan d'action. Découpez le fichier, ou retirez-en les "
                "lignes qui ne sont pas des éléments du plan."
            )
        yield number, values


# --- The platform's layout ---------------------------------------------------------------------


def plan_read(uploaded, *, mapping=None) -> PlanFile:
    """Parse an uploaded workbook into rows by sheet; `SpreadsheetError` if it cannot be read,
    `LayoutUnknown` (from `mapping`) if it is in no layout the platform knows and no `mapping`
    says how to read it."""
    # Imported here: both read rows with this module's helpers.
    from indicators.spreadsheets import mapping as mapped
    from indicators.spreadsheets import tet

    workbook = workbook_open(uploaded)
    try:
        if any(name in workbook.sheetnames for name in IMPORTED_SHEETS):
            return _read_sheets(workbook)
        if mapping is not None:
            return mapped.mapped_read(workbook, mapping)
        plan = tet.tet_read(workbook)
        if plan is not None:
            return plan
        raise mapped.LayoutUnknown(mapped.workbook_overview(workbook))
    except (SpreadsheetError, mapped.LayoutUnknown):
        raise
    except Exception as error:
        raise SpreadsheetError(UNREADABLE) from error
    finally:
        workbook.close()


def _read_sheets(workbook) -> PlanFile:
    plan = PlanFile()
    for name in SHEETS:
        if name in workbook.sheetnames:
            plan.rows[name] = _read_sheet(workbook[name], name, plan)
    if "Valeurs" not in plan.rows:
        plan.notices.append("Le classeur n'a pas de feuille « Valeurs » : aucune valeur importée.")
    return plan


def _read_sheet(sheet, name: str, plan: PlanFile) -> list[Row]:
    columns = SHEETS[name]
    rows = sheet_rows(sheet)
    _, header = next(rows, (1, ()))
    positions = {}
    for index, text in enumerate(header):
        for column in columns:
            if normalise_header(text) == column.header.lower():
                positions[column.key] = index
    for column in columns:
        if column.required and column.key not in positions:
            plan.problems.append(
                Problem(name, 1, column.header, "Cette colonne obligatoire est absente.")
            )
    letters = {key: get_column_letter(index + 1) for key, index in positions.items()}
    read = []
    for number, values in rows:
        data = {
            key: (values[index] if index < len(values) else None)
            for key, index in positions.items()
        }
        if all(cell_text(value) == "" for value in data.values()):
            continue
        read.append(Row(sheet=name, number=number, data=data, letters=letters))
    return read
