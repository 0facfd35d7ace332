"""Pages owned by this app: the axes and actions tab, funding, action sheets and their forms,
meetings, and the search across territories."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from actions import exports, services
from actions.filters import (
    ActionFilter,
    ListDisplayForm,
    ListView,
    row_cells,
    view_links,
    without_filters,
)
from actions.forms import (
    ActionDocumentForm,
    ActionForm,
    ActionSearchForm,
    DocumentTitleForm,
    FundingLineForm,
    MeetingForm,
    MilestoneForm,
    NoteEditForm,
    NoteForm,
)
from actions.models import Action
from actions.selectors import (
    Progress,
    action_for_sheet,
    action_history,
    action_rows,
    action_search,
    attach_latest_values,
    axes_tree,
    found_by_region,
    funding_summary,
    progress_by_axis,
    searched_sheet,
    status_board,
    timeline_actions,
)
from actions.timeline import timeline
from contracts import access
from contracts.forms import apply_service_errors
from contracts.views import contract_context, form_page, submit_form


def _sheet_url(action: Action) -> str:
    return reverse("action_sheet", args=[action.contract_id, action.pk])


# --- Contract tabs -----------------------------------------------------------------------------


def _filtered(request, contract) -> tuple:
    """The fiches of `contract` the user sees, and the filters of the query string on them."""
    visible = access.actions_visible_to(request.user, contract.actions.all())
    return visible, ActionFilter(request.GET, queryset=visible, contract=contract)


def contract_actions(request, pk: int):
    """The « Axes et actions » tab: the fiches the user sees, filtered, in the chosen view."""
    contract = access.contract_for(request.user, pk)
    visible, filters = _filtered(request, contract)
    display = ListDisplayForm(request.GET)
    progress = progress_by_axis(visible)
    context = contract_context(
        request,
        contract,
        "actions",
        filters=filters,
        display=display,
        view=display.chosen_view(),
        view_links=view_links(request.GET, display.chosen_view()),
        active_filters=filters.active(),
        cleared=without_filters(request.GET),
        progress=sum(progress.values(), Progress()),
        **LIST_VIEWS[display.chosen_view()](contract, filters, display, progress),
    )
    return render(request, "actions/contract_actions.html", context)


EXPORTS = {
    "csv": (exports.CSV_CONTENT_TYPE, exports.rows_csv),
    "xlsx": (
        exports.XLSX_CONTENT_TYPE,
        lambda headers, rows: exports.rows_xlsx(headers, rows, title="Fiches actions"),
    ),
}


def action_list_export(request, pk: int, file_format: str):
    """The fiches of the tab as filtered, with the columns chosen, as a CSV file or a workbook."""
    if file_format not in EXPORTS:
        raise Http404("Format d'export inconnu.")
    contract = access.contract_for(request.user, pk)
    _, filters = _filtered(request, contract)
    columns = ListDisplayForm(request.GET).chosen_columns()
    rows = action_rows(filters.qs, [column.key for column in columns])
    content_type, write = EXPORTS[file_format]
    content = write(
        [column.label for column in columns],
        [[value for _, value in row_cells(row, columns)] for row in rows],
    )
    response = HttpResponse(content, content_type=content_type)
    name = f"fiches-actions-contrat-{contract.pk}-{timezone.localdate():%Y%m%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Each view of the tab: what its template shows, and `found`, how many fiches it shows.


def _tree(contract, filters, display, progress) -> dict:
    axes = axes_tree(contract, filters.qs, hide_empty=bool(filters.active()))
    for axis in axes:
        axis.progress = progress.get(axis.pk, Progress())
    return {"axes": axes, "found": sum(len(axis.actions.all()) for axis in axes)}


def _table(contract, filters, display, progress) -> dict:
    columns = display.chosen_columns()
    rows = action_rows(filters.qs, [column.key for column in columns])
    return {
        "columns": columns,
        "rows": [(row, row_cells(row, columns)) for row in rows],
        "found": len(rows),
    }


def _board(contract, filters, display, progress) -> dict:
    board = status_board(filters.qs)
    return {"board": board, "found": sum(len(actions) for _, _, actions in board)}


def _timeline(contract, filters, display, progress) -> dict:
    actions = timeline_actions(filters.qs)
    return {"timeline": timeline(actions, timezone.localdate()), "found": len(actions)}


LIST_VIEWS = {
    ListView.TREE: _tree,
    ListView.TABLE: _table,
    ListView.BOARD: _board,
    ListView.TIMELINE: _timeline,
}


def contract_funding(request, pk: int):
    contract = access.contract_for(request.user, pk)
    confidential = access.can_view_confidential(request.user, contract)
    return render(
        request,
        "actions/contract_funding.html",
        contract_context(
            request,
            contract,
            "funding",
            funding=funding_summary(contract, include_confidential=confidential),
        ),
    )


# --- Action sheets -----------------------------------------------------------------------------


def action_sheet(request, pk: int, action_pk: int):
    contract = access.contract_for(request.user, pk)
    action = access.action_for(
        request.user, contract, action_pk, queryset=action_for_sheet(contract)
    )
    attach_latest_values(action)
    context = contract_context(request, contract, "actions", action=action)
    context["can_edit"] = context["can_coordinate"] or access.is_action_lead(request.user, action)
    context["editable_notes"] = access.notes_editable_by(
        request.user, action.updates.all(), coordinating=context["can_coordinate"]
    )
    context["history"] = action_history(action)
    context["note_form"] = NoteForm(initial={"written_on": timezone.localdate()})
    return render(request, "actions/action_sheet.html", context)


def action_print(request, pk: int, action_pk: int):
    contract = access.contract_for(request.user, pk)
    action = access.action_for(
        request.user, contract, action_pk, queryset=action_for_sheet(contract)
    )
    attach_latest_values(action)
    return render(request, "actions/action_print.html", {"contract": contract, "action": action})


def action_create(request, pk: int):
    contract = access.contract_for(request.user, pk, may="coordinate")
    form = ActionForm(request.POST or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                contract=contract, by=request.user, **form.action_fields()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "La fiche action a été créée.")
            return redirect(_sheet_url(action))
    return render(
        request,
        "actions/action_form.html",
        {
            "form": form,
            "contract": contract,
            "page_title": "Nouvelle fiche action",
            "cancel_url": reverse("contract_actions", args=[pk]),
        },
    )


def action_edit(request, pk: int, action_pk: int):
    action = access.action_for(request.user, pk, action_pk, may="edit")
    form = ActionForm(request.POST or None, contract=action.contract, action=action)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action,
                expected_version=form.cleaned_data["version"] or 0,
                by=request.user,
                **form.action_fields(),
            )
        except services.ActionVersionConflict as error:
            conflict = error
            # The user's input is kept; the form now carries the version they have been shown,
            # so that saving again is a deliberate choice.
            data = request.POST.copy()
            data["version"] = error.action.version
            form = ActionForm(data, contract=action.contract, action=error.action)
            form.is_valid()
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "La fiche action a été enregistrée.")
            return redirect(_sheet_url(action))
    return render(
        request,
        "actions/action_form.html",
        {
            "form": form,
            "contract": action.contract,
            "action": action,
            "conflict": conflict,
            "page_title": f"Modifier la fiche {action.number}",
            "cancel_url": _sheet_url(action),
        },
        status=409 if conflict else 200,
    )


def _sheet_form(request, action, form, save, *, success_message: str, title: str):
    """A form about one fiche action, back to the fiche on success or cancel."""
    return submit_form(
        request,
        form,
        save,
        success_message=success_message,
        success_url=_sheet_url(action),
        title=f"{title} — fiche {action.number}",
        contract=action.contract,
        cancel_url=_sheet_url(action),
    )


def action_note_add(request, pk: int, action_pk: int):
    action = access.action_for(request.user, pk, action_pk, may="edit")
    return _sheet_form(
        request,
        action,
        NoteForm(request.POST or None, initial={"written_on": timezone.localdate()}),
        lambda data: services.action_note_add(action=action, by=request.user, **data),
        success_message="La note de suivi a été ajoutée.",
        title="Note de suivi",
    )


def milestone_add(request, pk: int, action_pk: int):
    action = access.action_for(request.user, pk, action_pk, may="edit")
    return _sheet_form(
        request,
        action,
        MilestoneForm(request.POST or None),
        lambda data: services.milestone_create(action=action, **data),
        success_message="L'étape a été ajoutée.",
        title="Ajouter une étape",
    )


def milestone_edit(request, pk: int, action_pk: int, milestone_pk: int):
    action = access.action_for(request.user, pk, action_pk, may="edit")
    milestone = get_object_or_404(action.milestones, pk=milestone_pk)
    initial = {name: getattr(milestone, name) for name in MilestoneForm.base_fields}
    return _sheet_form(
        request,
        action,
        MilestoneForm(request.POST or None, initial=initial),
        lambda data: services.milestone_update(milestone=milestone, **data),
        success_message="L'étape a été modifiée.",
        title="Modifier l'étape",
    )


@require_POST
def milestone_delete(request, pk: int, action_pk: int, milestone_pk: int):
    action = access.action_for(request.user, pk, action_pk, may="edit")
    services.milestone_delete(milestone=get_object_or_404(action.milestones, pk=milestone_pk))
    messages.success(request, "L'étape a été supprimée.")
    return redirect(_sheet_url(action))


def funding_add(request, pk: int, action_pk: int):
    action = access.action_for(request.user, pk, action_pk, may="edit")
    return _sheet_form(
        request,
        action,
        FundingLineForm(
            request.POST or None,
            initial={"year": timezone.localdate().year},
            contract=action.contract,
        ),
        lambda data: services.funding_line_create(action=action, **data),
        success_message="La ligne de financement a été ajoutée.",
        title="Ajouter un financement",
    )


def funding_edit(request, pk: int, action_pk: int, line_pk: int):
    action = access.action_for(request.user, pk, action_pk, may="edit")
    line = get_object_or_404(action.funding_lines, pk=line_pk)
    initial = {name: getattr(line, name) for name in FundingLineForm.base_fields}
    return _sheet_form(
        request,
        action,
        FundingLineForm(
            request.POST or None,
            initial=initial,
            contract=action.contract,
            funder_id=line.funder_id,
        ),
        lambda data: services.funding_line_update(line=line, **data),
        success_message="La ligne de financement a été modifiée.",
        title="Modifier un financement",
    )


@require_POST
def funding_delete(request, pk: int, action_pk: int, line_pk: int):
    action = access.action_for(request.user, pk, action_pk, may="edit")
    services.funding_line_delete(line=get_object_or_404(action.funding_lines, pk=line_pk))
    messages.success(request, "La ligne de financement a été supprimée.")
    return redirect(_sheet_url(action))


def action_document_add(request, pk: int, action_pk: int):
    action = access.action_for(request.user, pk, action_pk, may="edit")
    return _sheet_form(
        request,
        action,
        ActionDocumentForm(request.POST or None, request.FILES or None),
        lambda data: services.action_document_upload(action=action, by=request.user, **data),
        success_message="Le document a été déposé.",
        title="Déposer un document",
    )


def action_document_download(request, pk: int, action_pk: int, document_pk: int):
    action = access.action_for(request.user, pk, action_pk)
    document = get_object_or_404(action.documents, pk=document_pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        # What the file was found to be when deposited, never what its name suggests.
        content_type=document.content_type or "application/octet-stream",
    )


# --- Correcting and removing a sheet and what it holds ----------------------------------------


@require_POST
def action_delete(request, pk: int, action_pk: int):
    """Remove a sheet entered by mistake; one with funding or validated values is refused, with
    the way out (abandon it)."""
    action = access.action_for(request.user, pk, action_pk, may="coordinate")
    try:
        services.action_delete(action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_sheet_url(action))
    messages.success(request, f"La fiche {action.number} a été supprimée.")
    return redirect("contract_actions", action.contract_id)


@require_POST
def action_abandon(request, pk: int, action_pk: int):
    action = access.action_for(request.user, pk, action_pk, may="edit")
    services.action_abandon(action=action, by=request.user)
    messages.success(request, f"La fiche {action.number} est abandonnée ; elle reste au contrat.")
    return redirect(_sheet_url(action))


def action_note_edit(request, pk: int, action_pk: int, note_pk: int):
    action = access.action_for(request.user, pk, action_pk)
    note = access.note_for(request.user, action, note_pk)
    return _sheet_form(
        request,
        action,
        NoteEditForm(
            request.POST or None, initial={"written_on": note.written_on, "text": note.text}
        ),
        lambda data: services.action_note_update(note=note, **data),
        success_message="La note de suivi a été modifiée.",
        title="Modifier la note de suivi",
    )


@require_POST
def action_note_delete(request, pk: int, action_pk: int, note_pk: int):
    action = access.action_for(request.user, pk, action_pk)
    services.action_note_delete(note=access.note_for(request.user, action, note_pk))
    messages.success(request, "La note de suivi a été supprimée.")
    return redirect(_sheet_url(action))


def action_document_edit(request, pk: int, action_pk: int, document_pk: int):
    action = access.action_for(request.user, pk, action_pk, may="edit")
    document = get_object_or_404(action.documents, pk=document_pk)
    return _sheet_form(
        request,
        action,
        DocumentTitleForm(request.POST or None, initial={"title": document.title}),
        lambda data: services.action_document_update(document=document, **data),
        success_message="Le document a été renommé.",
        title="Renommer le document",
    )


@require_POST
def action_document_delete(request, pk: int, action_pk: int, document_pk: int):
    action = access.action_for(request.user, pk, action_pk, may="edit")
    document = get_object_or_404(action.documents, pk=document_pk)
    services.action_document_delete(document=document)
    messages.success(request, "Le document a été supprimé.")
    return redirect(_sheet_url(action))


# --- Meetings ----------------------------------------------------------------------------------


def meeting_create(request, pk: int):
    contract = access.contract_for(request.user, pk, may="coordinate")
    form = MeetingForm(request.POST or None, request.FILES or None, contract=contract)
    return submit_form(
        request,
        form,
        lambda data: services.meeting_record(
            contract=contract, by=request.user, **form.meeting_fields()
        ),
        success_message="La réunion a été enregistrée.",
        success_url=lambda meeting: reverse("meeting_detail", args=[contract.pk, meeting.pk]),
        title="Enregistrer une réunion",
        contract=contract,
        cancel_url=reverse("contract_governance", args=[pk]),
        intro="Comité de pilotage, comité technique ou groupe de travail : date, présents, "
        "décisions et fiches actions examinées.",
    )


MEETING_FIELDS = ("body", "held_on", "title", "location", "agenda", "decisions")
MEETING_LISTS = ("attendees", "attending_organisations", "reviewed_actions")


def meeting_edit(request, pk: int, meeting_pk: int):
    contract = access.contract_for(request.user, pk, may="coordinate")
    meeting = get_object_or_404(contract.meetings.select_related("body", "minutes"), pk=meeting_pk)
    initial = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    initial |= {name: getattr(meeting, name).all() for name in MEETING_LISTS}
    form = MeetingForm(
        request.POST or None, request.FILES or None, contract=contract, initial=initial
    )
    if meeting.minutes:
        form.fields["minutes_file"].help_text = (
            f"Un nouveau fichier remplace « {meeting.minutes.title} » pour cette réunion ; "
            "l'ancien reste parmi les documents du contrat."
        )
    detail_url = reverse("meeting_detail", args=[contract.pk, meeting.pk])
    return submit_form(
        request,
        form,
        lambda data: services.meeting_update(
            meeting=meeting, by=request.user, **form.meeting_fields()
        ),
        success_message="La réunion a été modifiée.",
        success_url=detail_url,
        title="Modifier la réunion",
        contract=contract,
        cancel_url=detail_url,
    )


def meeting_delete(request, pk: int, meeting_pk: int):
    """Asks for confirmation, then deletes on POST; the minutes stay among the documents."""
    contract = access.contract_for(request.user, pk, may="coordinate")
    meeting = get_object_or_404(contract.meetings.select_related("body", "minutes"), pk=meeting_pk)
    if request.method == "POST":
        services.meeting_delete(meeting=meeting)
        messages.success(request, f"La réunion « {meeting} » a été supprimée.")
        return redirect("contract_governance", contract.pk)
    intro = (
        "La réunion, ses participants, ses décisions et la liste des fiches actions examinées "
        "seront supprimés. Cette suppression ne peut pas être annulée."
    )
    if meeting.minutes:
        intro += (
            f" Le compte rendu « {meeting.minutes.title} » reste parmi les documents du contrat."
        )
    return form_page(
        request,
        forms.Form(),
        title=f"Supprimer la réunion « {meeting} » ?",
        contract=contract,
        cancel_url=reverse("meeting_detail", args=[contract.pk, meeting.pk]),
        submit_label="Supprimer la réunion",
        intro=intro,
    )


def meeting_detail(request, pk: int, meeting_pk: int):
    contract = access.contract_for(request.user, pk)
    meeting = get_object_or_404(
        contract.meetings.select_related("body", "minutes").prefetch_related(
            "attendees__organisation", "attending_organisations"
        ),
        pk=meeting_pk,
    )
    reviewed = meeting.reviewed_actions.order_by("axis__order", "axis__number", "number")
    if not access.can_view_confidential(request.user, contract):
        reviewed = reviewed.public()
    return render(
        request,
        "actions/meeting_detail.html",
        contract_context(request, contract, "governance", meeting=meeting, reviewed=reviewed),
    )


# --- Search ------------------------------------------------------------------------------------


def search(request):
    form = ActionSearchForm(request.GET)
    page = None
    if form.is_valid():
        by_region = found_by_region(request.user, **form.cleaned_data)
        paginator = Paginator(action_search(request.user, **form.cleaned_data), 25)
        paginator.count = form.found(by_region)  # counted by région already
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = [_with_link(request.user, action) for action in page.object_list]
        form.offer_regions(by_region)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actions/search.html",
        {"form": form, "page": page, "query_string": f"{query.urlencode()}&" if query else ""},
    )


def _with_link(user, action: Action) -> Action:
    """A result opens its fiche where the user sees its contract, else the fiche as the
    search shows it to all (`searched_action`)."""
    if access.is_contract_visible(user, action.contract_id):
        action.url = _sheet_url(action)
    else:
        action.url = reverse("searched_action", args=[action.pk])
    return action


def searched_action(request, action_pk: int):
    """A fiche found in the search across territories, for those who do not see its contract:
    what it does, where, by whom, without its follow-up."""
    action = access.searchable_action_for(request.user, action_pk, searched_sheet())
    return render(request, "actions/searched_action.html", {"action": action})
