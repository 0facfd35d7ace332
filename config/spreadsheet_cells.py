"""Writing text that users typed into a workbook or a CSV file, so that it stays text: the one
helper of every spreadsheet and CSV writer of the platform, whatever its app.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
by spreadsheet programs (formula injection: `=HYPERLINK("http://…"&A1,"Voir")` typed as a
fiche's title becomes a live link in every export opened by someone else). Every writer of a
workbook or a CSV file goes through this module, as OWASP recommends:

- `csv_text` / `csv_row`: in a CSV file the leading character is neutralised with an apostrophe;
- `xlsx_value`: in a workbook the cell is written as typed text (never a formula), with Excel's
  own "quote prefix" mark, so that the text reads and re-imports exactly as it was typed.
"""

from collections.abc import Iterable

from openpyxl.cell.cell import Cell

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_text(value):
    """A value for a CSV cell: text that a spreadsheet would run as a formula gets a leading
    apostrophe; other values are left as they are."""
    return f"'{value}" if is_formula_like(value) else value


def csv_row(values: Iterable) -> list:
    """A row for `csv.writer`, every text neutralised (`csv_text`)."""
    return [csv_text(value) for value in values]


def xlsx_value(sheet, value):
    """What to append to `sheet` for `value`: the value itself, or, for text that a spreadsheet
    would take for a formula, a text cell (openpyxl would otherwise write a formula)."""
    if not is_formula_like(value):
        return value
    cell = Cell(sheet)
    cell._value, cell.data_type = value, "s"
    cell.quotePrefix = True
    return cell


def xlsx_row(sheet, values: Iterable) -> list:
    """A row for `sheet.append`, every formula-like text written as text (`xlsx_value`)."""
    return [xlsx_value(sheet, value) for value in values]
