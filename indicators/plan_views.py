"""The action plan in and out of spreadsheets: the template, the export, and the import with
its preview, its mapping step for spreadsheets of their own, its confirmation and progress.

Between the preview and the confirmation, the uploaded workbook waits in the file storage,
named in the session with the mapping used to read it (`jobs`).
"""

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from contracts import access
from contracts.models import Contract
from contracts.views import contract_context
from indicators import spreadsheets
from indicators.forms import PlanImportForm, PlanMappingForm
from indicators.models import PlanImport, PlanImportMapping
from indicators.spreadsheets import jobs
from indicators.spreadsheets.mapping import header_key, workbook_overview
from indicators.spreadsheets.reading import workbook_open

# The session names, per contract, the workbook waiting for confirmation.
PENDING_KEY = "plan_import"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=spreadsheets.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def plan_template(request):
    return _xlsx(spreadsheets.plan_template(), "modele-plan-d-action-cls.xlsx")


def plan_export(request, pk: int):
    contract = access.contract_for(request.user, pk)
    content = spreadsheets.plan_export(
        contract, include_confidential=access.can_view_confidential(request.user, contract)
    )
    return _xlsx(content, f"plan-d-action-contrat-{contract.pk}-{timezone.localdate():%Y%m%d}.xlsx")


# --- The file waiting for confirmation ---------------------------------------------------------


def _pending(request, contract: Contract) -> dict:
    return (request.session.get(PENDING_KEY) or {}).get(str(contract.pk)) or {}


def _set_pending(request, contract: Contract, **values):
    everything = request.session.get(PENDING_KEY) or {}
    everything[str(contract.pk)] = {**everything.get(str(contract.pk), {}), **values}
    request.session[PENDING_KEY] = everything


def _drop_pending(request, contract: Contract, *, keep_file=False):
    if not keep_file:
        jobs.pending_drop(_pending(request, contract).get("name", ""))
    everything = request.session.get(PENDING_KEY) or {}
    everything.pop(str(contract.pk), None)
    request.session[PENDING_KEY] = everything


def _page(request, contract: Contract, template: str, status=200, **context):
    return render(
        request,
        f"indicators/import/{template}.html",
        contract_context(request, contract, "actions", **context),
        status=status,
    )


# --- Upload, preview, mapping ------------------------------------------------------------------


def plan_import(request, pk: int):
    contract = access.contract_for(request.user, pk, may="coordinate")
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        status = 422 if request.method == "POST" else 200
        return _page(request, contract, "upload", status, form=form)
    uploaded = form.cleaned_data["file"]
    remove = form.cleaned_data["remove_missing"]
    plan = overview = None
    try:
        plan = spreadsheets.plan_read(uploaded)
    except spreadsheets.SpreadsheetError as error:
        form.add_error("file", str(error))
        return _page(request, contract, "upload", 422, form=form)
    except spreadsheets.LayoutUnknown as unknown:
        overview = unknown.overview
    # Kept once read: its size and what it unpacks to are checked by then.
    uploaded.seek(0)
    _drop_pending(request, contract)
    _set_pending(
        request, contract, name=jobs.pending_store(uploaded.read()), remove=remove, mapping=None
    )
    if plan is None:
        return _mapping_page(request, contract, overview)
    return _preview(request, contract, plan)


def _preview(request, contract: Contract, plan):
    """The rehearsal of the import: what it would do, or every problem."""
    pending = _pending(request, contract)
    rows = jobs.row_count(plan)
    result = spreadsheets.action_plan_import(
        contract=contract,
        plan=plan,
        by=request.user,
        dry_run=True,
        remove_missing=pending["remove"],
    )
    if not result.ok:
        _drop_pending(request, contract)
        return _page(request, contract, "preview", 422, result=result, form=PlanImportForm())
    _set_pending(request, contract, rows=rows)
    background = jobs.runs_in_background(rows)
    return _page(request, contract, "preview", result=result, rows=rows, background=background)


def _remembered(contract: Contract) -> PlanImportMapping | None:
    return PlanImportMapping.objects.filter(contract=contract).first()


def _mapping_form(request, contract: Contract, overview: list[dict], data=None):
    """The mapping form for the sheet and header row asked for (or remembered, or the first)."""
    remembered = _remembered(contract)
    sheets = [sheet["name"] for sheet in overview]
    source = data or request.GET
    sheet_name = source.get("sheet") or (remembered.sheet if remembered else "") or sheets[0]
    sheet = next((s for s in overview if s["name"] == sheet_name), overview[0])
    header_row = _header_row(source.get("header_row", ""), sheet, remembered)
    headers = next((r["cells"] for r in sheet["rows"] if r["number"] == header_row), [])
    initial = {"sheet": sheet["name"], "header_row": header_row}
    columns = remembered.columns if remembered else {}
    for index, header in enumerate(headers):
        initial[f"column_{index}"] = columns.get(
            header_key(header), spreadsheets.guess_field(header)
        )
    form = PlanMappingForm(
        data, initial=initial, sheets=sheets, headers=headers, fields=spreadsheets.FIELDS
    )
    return form, sheet


def _header_row(asked: str, sheet: dict, remembered: PlanImportMapping | None) -> int:
    """The row of headers asked for; else the remembered one; else the sheet's first row."""
    if asked.isdigit():
        return int(asked)
    if remembered is not None and remembered.sheet == sheet["name"]:
        return remembered.header_row
    return sheet["rows"][0]["number"] if sheet["rows"] else 1


def _mapping_page(
    request, contract: Contract, overview: list[dict], data=None, status=200, form=None
):
    built, sheet = _mapping_form(request, contract, overview, data)
    form = form or built
    return _page(
        request,
        contract,
        "mapping",
        status,
        form=form,
        sheet=sheet,
        remembered=_remembered(contract),
    )


def _pending_overview(request, contract: Contract):
    content = jobs.pending_open(_pending(request, contract).get("name", ""))
    if content is None:
        return None
    workbook = workbook_open(content)
    try:
        return workbook_overview(workbook)
    finally:
        workbook.close()


def plan_import_mapping(request, pk: int):
    """The mapping step: which sheet, which header row, what each column holds; then the
    preview of the file read that way."""
    contract = access.contract_for(request.user, pk, may="coordinate")
    overview = _pending_overview(request, contract)
    if overview is None:
        messages.error(request, "Aucun fichier en attente : déposez à nouveau le classeur.")
        return redirect("plan_import", contract.pk)
    if request.method != "POST" or "preview" not in request.POST:
        return _mapping_page(request, contract, overview, request.POST or None)
    form, _ = _mapping_form(request, contract, overview, request.POST)
    if not form.is_valid() or "title" not in form.columns().values():
        if form.is_valid():
            form.add_error(None, "Indiquez au moins la colonne de l'intitulé des fiches actions.")
        return _mapping_page(request, contract, overview, request.POST, status=422, form=form)
    mapping = spreadsheets.Mapping(
        sheet=form.cleaned_data["sheet"],
        header_row=form.cleaned_data["header_row"],
        columns={header_key(h): f for h, f in form.columns().items()},
    )
    _set_pending(
        request,
        contract,
        mapping=jobs.mapping_as_dict(mapping),
        remove=form.cleaned_data["remove_missing"],
    )
    content = jobs.pending_open(_pending(request, contract)["name"])
    try:
        plan = spreadsheets.plan_read(content, mapping=mapping)
    except spreadsheets.SpreadsheetError as error:
        form.add_error(None, str(error))
        return _mapping_page(request, contract, overview, request.POST, status=422, form=form)
    return _preview(request, contract, plan)


# --- Confirmation and progress -----------------------------------------------------------------


@require_POST
def plan_import_confirm(request, pk: int):
    contract = access.contract_for(request.user, pk, may="coordinate")
    pending = _pending(request, contract)
    if "rows" not in pending or not jobs.pending_exists(pending.get("name", "")):
        messages.error(request, "Aucun fichier en attente : déposez à nouveau le classeur.")
        return redirect("plan_import", contract.pk)
    job = jobs.plan_import_request(
        contract=contract,
        file_name=pending["name"],
        mapping=pending.get("mapping"),
        remove_missing=pending.get("remove", False),
        rows=pending["rows"],
        by=request.user,
    )
    _drop_pending(request, contract, keep_file=True)
    if job.status == "done":
        messages.success(request, f"Plan importé : {job.summary}.")
        return redirect("contract_actions", contract.pk)
    return redirect("plan_import_progress", contract.pk, job.pk)


def _job(request, pk: int, job_pk: int) -> tuple[Contract, PlanImport]:
    contract = access.contract_for(request.user, pk, may="coordinate")
    return contract, get_object_or_404(PlanImport, contract=contract, pk=job_pk)


def plan_import_progress(request, pk: int, job_pk: int):
    """A confirmed import: running (its progress), done, or refused (its problems)."""
    contract, job = _job(request, pk, job_pk)
    done = jobs.plan_import_progress(job)
    return _page(
        request,
        contract,
        "progress",
        job=job,
        done=done,
        status_url=reverse("plan_import_status", args=[contract.pk, job.pk]),
    )


def plan_import_status(request, pk: int, job_pk: int):
    """The progress of an import, polled by its page."""
    contract, job = _job(request, pk, job_pk)
    response = JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "is_finished": job.is_finished,
            "done": jobs.plan_import_progress(job),
            "total": job.rows_total,
            "summary": job.summary,
            "problems": job.problems[:50],
            "next_url": reverse("contract_actions", args=[contract.pk]),
        }
    )
    response["Cache-Control"] = "no-store"
    return response
