"""Plans in and out of spreadsheets: template, export, import (new plans and updates).

One workbook format serves the three: sheets "Axes", "Objectifs", "Actions", "Indicateurs" and
"Valeurs". Export → edit in Excel or LibreOffice → import is the way to update a plan: the
import matches what the contract holds by numbers and codes, and changes only what differs.
Two other layouts are read: the import template of Territoires en Transitions (`tet`), and
any spreadsheet of one fiche action per row once its columns are mapped (`mapping`).

An import happens in two steps. `plan_read` parses the workbook, after checking what its
archive unpacks to, and lists every problem by sheet, row and column, in French;
`action_plan_import` then writes the plan through the domain services, in one transaction that
is rolled back when any row is refused, or when it is only a rehearsal (`dry_run`) for the
preview. Nothing is written until the user confirms a workbook that has no problem at all;
`jobs` runs the confirmed import, by a worker when it is large.

`layout` declares the sheets, their columns and vocabularies; `config.spreadsheet_cells` writes
users' text as text in every workbook and CSV file (formula injection); the other modules do the rest. What
callers use is named here.
"""

from config.spreadsheet_cells import csv_row, csv_text, xlsx_row, xlsx_value
from indicators.spreadsheets.export import plan_export, plan_template
from indicators.spreadsheets.importing import ImportResult, action_plan_import
from indicators.spreadsheets.layout import IMPORTED_SHEETS, SHEETS, XLSX_CONTENT_TYPE
from indicators.spreadsheets.mapping import FIELDS, LayoutUnknown, Mapping, guess_field
from indicators.spreadsheets.reading import SpreadsheetError, plan_read

__all__ = [
    "FIELDS",
    "IMPORTED_SHEETS",
    "SHEETS",
    "XLSX_CONTENT_TYPE",
    "ImportResult",
    "LayoutUnknown",
    "Mapping",
    "SpreadsheetError",
    "action_plan_import",
    "csv_row",
    "csv_text",
    "guess_field",
    "plan_export",
    "plan_read",
    "plan_template",
    "xlsx_row",
    "xlsx_value",
]
