"""A list of fiches actions as a CSV file or a workbook: the rows and columns the list shows.

Text that users typed stays text (formula injection, as OWASP describes it): a title typed as
`=HYPERLINK("http://…";"Voir")` must not become a live formula in the file someone else opens.
In a CSV file, a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
leading apostrophe; in a workbook, such a cell is written as text with Excel's quote prefix, so
that it reads as it was typed. (`indicators.spreadsheets` does the same for the plan's
workbook; apps depend only on those before them, so this one cannot use it.)
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
COLUMN_WIDTH = 24


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value) -> str:
    """A value as a CSV cell: dates in French, formula-like text behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    text = str(value)
    return f"'{text}" if is_formula_like(text) else text


def xlsx_cell(sheet, value):
    """What to append to `sheet` for `value`: the value, or for formula-like text a text cell
    (openpyxl writes any text starting with `=` as a formula)."""
    if not is_formula_like(value):
        return value
    cell = Cell(sheet)
    cell._value, cell.data_type = value, "s"
    cell.quotePrefix = True
    return cell


def rows_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """Semicolons and a byte order mark: what spreadsheet programs set to French expect."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([csv_cell(header) for header in headers])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_xlsx(headers: Sequence[str], rows: Iterable[Sequence], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append([xlsx_cell(sheet, header) for header in headers])
    for index in range(1, len(headers) + 1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTH
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows, start=2):
        sheet.append([xlsx_cell(sheet, value) for value in row])
        for index, value in enumerate(row, start=1):
            if isinstance(value, datetime.date):
                sheet.cell(row=number, column=index).number_format = DATE_FORMAT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
