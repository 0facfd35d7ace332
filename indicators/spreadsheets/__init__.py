"""The Excel round trip of a contract's action plan: template, export, import.

One workbook format serves the three: sheets "Axes", "Objectifs", "Actions", "Indicateurs"
(imported) and "Valeurs" (exported for information, never imported: values go through the
grid and the ARS review). Export → import gives the same plan.

An import happens in two steps. `plan_read` parses the workbook and lists every problem by
sheet, row and column, in French; `action_plan_import` then writes the plan through the domain
services, in one transaction that is rolled back when any row is refused, or when it is only a
rehearsal (`dry_run`) for the preview. Nothing is written until the user confirms a workbook
that has no problem at all.

`layout` declares the sheets, their columns and vocabularies; `export`, `reading` and
`importing` do the rest. What callers use is named here.
"""

from indicators.spreadsheets.export import plan_export, plan_template
from indicators.spreadsheets.importing import action_plan_import
from indicators.spreadsheets.layout import IMPORTED_SHEETS, SHEETS, XLSX_CONTENT_TYPE
from indicators.spreadsheets.reading import SpreadsheetError, plan_read

__all__ = [
    "IMPORTED_SHEETS",
    "SHEETS",
    "XLSX_CONTENT_TYPE",
    "SpreadsheetError",
    "action_plan_import",
    "plan_export",
    "plan_read",
    "plan_template",
]
