"""Documents made on the spot, without a stored report: one fiche action as a PDF or as an
editable document (DOCX), and the action book as an editable document.

They are made from the same sections as the stored documents (reports/snapshots.py) and the
PDF from the same WeasyPrint rendering: a fiche reads the same in its PDF, in the action book
and in Word. They are small enough to be made in the request.
"""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from actions.models import Action
from contracts.models import Contract
from reports import docx
from reports.enums import ReportKind
from reports.rendering import font_faces, pdf_from_html
from reports.snapshots import (
    SNAPSHOT_VERSION,
    _action_sheet,
    _sheet_lists,
    _whole_follow_up,
    contract_section,
    indicators_section,
    snapshot_build,
)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def action_sheet_snapshot(*, action: Action, include_confidential: bool) -> dict:
    """Everything the fiche shows, as the action book's sheet of it (7 queries)."""
    contract = action.contract
    on = timezone.localdate()
    loaded = (
        Action.objects.select_related("axis", "lead_organisation", "lead_person")
        .prefetch_related(*_whole_follow_up())
        .get(pk=action.pk)
    )
    # The action book's own sheet of the fiche (reports/snapshots.py), for this fiche alone.
    sheet = _action_sheet(loaded, on, _sheet_lists([loaded.pk]))
    sheet["indicators"] = [
        indicator
        for indicator in indicators_section(contract, include_confidential=include_confidential)
        if indicator["action"] == loaded.number
    ]
    return {
        "version": SNAPSHOT_VERSION,
        "kind": "action_sheet",
        "includes_confidential": loaded.is_confidential,
        "contract": contract_section(contract, on),
        "axis": {"number": loaded.axis.number, "title": loaded.axis.title},
        "action": sheet,
    }


def _file_name(contract: Contract, what: str, extension: str) -> str:
    slug = slugify(contract.title)[:60].strip("-") or f"contrat-{contract.pk}"
    return f"{what}-{slug}-{timezone.localdate().isoformat()}.{extension}"


def action_sheet_pdf(*, action: Action, include_confidential: bool) -> tuple[bytes, str]:
    """The fiche's PDF, and the name to save it under."""
    snapshot = action_sheet_snapshot(action=action, include_confidential=include_confidential)
    now = timezone.now()
    html = render_to_string(
        "reports/pdf/action_sheet.html",
        {
            "s": snapshot,
            "title": f"Fiche action {action.number}",
            "generated_at": timezone.localtime(now),
            "data_as_of": timezone.localtime(now),
            "fonts": font_faces(),
            "has_toc": False,
        },
    )
    name = _file_name(
        action.contract, f"fiche-action-{slugify(action.number.replace('.', '-'))}", "pdf"
    )
    return pdf_from_html(html), name


def action_sheet_docx(*, action: Action, include_confidential: bool) -> tuple[bytes, str]:
    snapshot = action_sheet_snapshot(action=action, include_confidential=include_confidential)
    content = docx.action_sheet_docx(snapshot, title=f"Fiche action {action.number}")
    return content, _file_name(
        action.contract, f"fiche-action-{slugify(action.number.replace('.', '-'))}", "docx"
    )


def action_book_docx(
    *, contract: Contract, include_confidential: bool, on: datetime.date | None = None
) -> tuple[bytes, str]:
    """The action book as an editable document, from the action book's own sections."""
    snapshot = snapshot_build(
        contract=contract,
        kind=ReportKind.ACTION_BOOK,
        include_confidential=include_confidential,
        on=on,
    )
    content = docx.action_book_docx(snapshot, title=ReportKind.ACTION_BOOK.label)
    return content, _file_name(contract, "livre-des-fiches-actions", "docx")
