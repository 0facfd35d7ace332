"""Documents made on the spot, downloaded at once: a fiche action as a PDF or an editable
document, the action book as an editable document. Each reader gets what they may see:
confidential fiches only for those allowed (`contracts.access`)."""

from django.http import HttpResponse

from contracts import access
from reports import action_documents


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def action_book_docx(request, pk: int):
    contract = access.contract_for(request.user, pk)
    content, name = action_documents.action_book_docx(
        contract=contract, include_confidential=access.can_view_confidential(request.user, contract)
    )
    return _download(content, name, action_documents.DOCX_CONTENT_TYPE)


def _action(request, pk: int, action_pk: int):
    contract = access.contract_for(request.user, pk)
    action = access.action_for(request.user, contract, action_pk)
    return action, access.can_view_confidential(request.user, contract)


def action_sheet_docx(request, pk: int, action_pk: int):
    action, confidential = _action(request, pk, action_pk)
    content, name = action_documents.action_sheet_docx(
        action=action, include_confidential=confidential
    )
    return _download(content, name, action_documents.DOCX_CONTENT_TYPE)


def action_sheet_pdf(request, pk: int, action_pk: int):
    action, confidential = _action(request, pk, action_pk)
    content, name = action_documents.action_sheet_pdf(
        action=action, include_confidential=confidential
    )
    return _download(content, name, "application/pdf")
