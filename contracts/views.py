"""Pages of a contract owned by this app: summary, governance, documents, and its forms."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from actors.models import Organisation
from contracts import access, coordination, services
from contracts.enums import ContractStatus, DocumentKind
from contracts.forms import (
    AmendmentForm,
    AxisForm,
    ContractForm,
    CoordinatorForm,
    DiagnosisForm,
    DocumentForm,
    FindingForm,
    ObjectiveForm,
    SignatoryForm,
    TransitionForm,
    apply_service_errors,
)
from contracts.models import Contract, Diagnosis
from contracts.people import coordination_of
from contracts.records import RECORDS, RecordKind
from contracts.selectors import contract_for_summary, contract_meetings

# The tabs of a contract page, each served by the app that owns its data.
CONTRACT_TABS = [
    ("summary", "Synthèse"),
    ("diagnosis", "Diagnostic"),
    ("actions", "Axes et actions"),
    ("indicators", "Indicateurs"),
    ("governance", "Gouvernance"),
    ("funding", "Financements"),
    ("documents", "Documents"),
    ("history", "Historique"),
    ("reports", "Rapports"),
]


def contract_context(request, contract: Contract, tab: str, **extra) -> dict:
    """What every tab of the contract page shows in its header."""
    return {
        "contract": contract,
        "tab": tab,
        "contract_tabs": CONTRACT_TABS,
        "can_manage": access.can_manage_contract(request.user, contract),
        "can_coordinate": access.can_coordinate_contract(request.user, contract),
        **extra,
    }


def contract_summary(request, pk: int):
    contract = access.contract_for(request.user, pk, queryset=contract_for_summary())
    communes = contract.territory.communes.select_related("epci").order_by("name")
    return render(
        request,
        "contracts/summary.html",
        contract_context(
            request,
            contract,
            "summary",
            communes=communes,
            coordination=coordination_of(contract, timezone.localdate()),
            transitions=Contract.TRANSITIONS[contract.status],
        ),
    )


def contract_governance(request, pk: int):
    contract = access.contract_for(request.user, pk)
    bodies = contract.bodies.prefetch_related("members", "member_organisations")
    return render(
        request,
        "contracts/governance.html",
        contract_context(
            request, contract, "governance", bodies=bodies, meetings=contract_meetings(contract)
        ),
    )


def contract_documents(request, pk: int):
    contract = access.contract_for(request.user, pk)
    documents = contract.documents.select_related("uploaded_by", "amendment")
    return render(
        request,
        "contracts/documents.html",
        contract_context(request, contract, "documents", documents=documents),
    )


# --- Forms -------------------------------------------------------------------------------------


def form_page(
    request, form, *, title, contract=None, cancel_url, submit_label="Enregistrer", intro=""
):
    """The page of a simple form, in the contract's context when there is one."""
    return render(
        request,
        "contracts/form.html",
        {
            "form": form,
            "page_title": title,
            "contract": contract,
            "cancel_url": cancel_url,
            "submit_label": submit_label,
            "intro": intro,
        },
    )


def submit_form(request, form, save, *, success_message: str, success_url, **page):
    """The usual flow of a form whose writing is one service call.

    On a valid POST, `save(cleaned_data)` runs; on success the user is told and redirected to
    `success_url` (a URL, or a function of what `save` returned). Otherwise the form is shown
    again with what was typed and the service's errors next to their fields.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return form_page(request, form, **page)


def _ars_choices(user):
    roles = access.roles_of(user)
    ars = Organisation.objects.ars().select_related("region").order_by("name")
    return ars if roles.is_admin else ars.filter(region_id__in=roles.ars_region_ids)


def contract_create(request):
    ars_queryset = _ars_choices(request.user)
    if not ars_queryset.exists():
        raise PermissionDenied(
            "Seuls les agents d'une ARS et les administrateurs créent des contrats."
        )
    form = ContractForm(
        request.POST or None,
        ars_queryset=ars_queryset,
        initial=ContractForm.initial_for_territory(request.GET, ars_queryset),
    )
    return submit_form(
        request,
        form,
        lambda data: services.contract_create(
            territory=data["territory"], **form.contract_fields()
        ),
        success_message="Le contrat a été créé.",
        success_url=lambda contract: contract.get_absolute_url(),
        title="Nouveau contrat",
        cancel_url=reverse("contract_list"),
    )


def contract_edit(request, pk: int):
    contract = access.contract_for(request.user, pk, may="manage")
    form = ContractForm(
        request.POST or None, ars_queryset=_ars_choices(request.user), contract=contract
    )
    return submit_form(
        request,
        form,
        lambda data: services.contract_update(
            contract=contract, territory=data["territory"], **form.contract_fields()
        ),
        success_message="Les modifications ont été enregistrées.",
        success_url=contract.get_absolute_url(),
        title="Modifier le contrat",
        contract=contract,
        cancel_url=contract.get_absolute_url(),
    )


def contract_transition_view(request, pk: int, status: str):
    contract = access.contract_for(request.user, pk, may="manage")
    if status not in ContractStatus.values:
        raise Http404("Étape inconnue.")
    if status == ContractStatus.RENEWED:
        return redirect("contract_renew", contract.pk)
    blockers = services.contract_transition_blockers(contract=contract, to_status=status)
    form = TransitionForm(request.POST or None)
    if request.method == "POST" and not blockers and form.is_valid():
        services.contract_transition(contract=contract, to_status=status)
        messages.success(
            request, f"Le contrat est passé à l'étape « {ContractStatus(status).label} »."
        )
        return redirect("contract_summary", contract.pk)
    return render(
        request,
        "contracts/transition.html",
        {
            "contract": contract,
            "target": ContractStatus(status),
            "blockers": blockers,
            "form": form,
        },
    )


def signatory_add(request, pk: int):
    contract = access.contract_for(request.user, pk, may="manage")
    return submit_form(
        request,
        SignatoryForm(request.POST or None, contract=contract),
        lambda data: services.signatory_add_described(contract=contract, by=request.user, **data),
        success_message="Le signataire a été ajouté.",
        success_url=contract.get_absolute_url(),
        title="Ajouter un signataire ou un partenaire",
        contract=contract,
        cancel_url=contract.get_absolute_url(),
    )


def coordinator_assign_view(request, pk: int):
    contract = access.contract_for(request.user, pk, may="manage")
    return submit_form(
        request,
        CoordinatorForm(request.POST or None, contract=contract),
        lambda data: coordination.coordinator_appoint(contract=contract, by=request.user, **data),
        success_message="La coordination a été enregistrée ; la précédente est conservée dans l'historique.",
        success_url=contract.get_absolute_url(),
        title="Nommer un coordonnateur",
        contract=contract,
        cancel_url=contract.get_absolute_url(),
        intro="La coordination en cours, s'il y en a une, prendra fin la veille de la prise de poste.",
    )


def amendment_add(request, pk: int):
    contract = access.contract_for(request.user, pk, may="manage")
    return submit_form(
        request,
        AmendmentForm(request.POST or None),
        lambda data: services.amendment_add(contract=contract, **data),
        success_message="L'avenant a été enregistré.",
        success_url=contract.get_absolute_url(),
        title="Enregistrer un avenant",
        contract=contract,
        cancel_url=contract.get_absolute_url(),
    )


def axis_add(request, pk: int):
    contract = access.contract_for(request.user, pk, may="manage")
    next_number = (
        contract.axes.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    return submit_form(
        request,
        AxisForm(request.POST or None, initial={"number": next_number}),
        lambda data: services.axis_create(contract=contract, **data),
        success_message="L'axe a été ajouté.",
        success_url=reverse("contract_actions", args=[pk]),
        title="Ajouter un axe stratégique",
        contract=contract,
        cancel_url=reverse("contract_actions", args=[pk]),
    )


def objective_add(request, pk: int):
    contract = access.contract_for(request.user, pk, may="manage")
    return submit_form(
        request,
        ObjectiveForm(request.POST or None, contract=contract),
        lambda data: services.objective_create(**data),
        success_message="L'objectif a été ajouté.",
        success_url=reverse("contract_actions", args=[pk]),
        title="Ajouter un objectif",
        contract=contract,
        cancel_url=reverse("contract_actions", args=[pk]),
    )


def document_add(request, pk: int):
    contract = access.contract_for(request.user, pk)
    if not access.can_coordinate_contract(request.user, contract):
        raise PermissionDenied("Seuls l'ARS et la coordination déposent des documents.")
    return submit_form(
        request,
        DocumentForm(request.POST or None, request.FILES or None),
        lambda data: services.document_upload(contract=contract, by=request.user, **data),
        success_message="Le document a été déposé.",
        success_url=reverse("contract_documents", args=[pk]),
        title="Déposer un document",
        contract=contract,
        cancel_url=reverse("contract_documents", args=[pk]),
    )


def document_download(request, pk: int, document_pk: int):
    contract = access.contract_for(request.user, pk)
    document = get_object_or_404(contract.documents, pk=document_pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        # What the file was found to be when deposited, never what its name suggests.
        content_type=document.content_type or "application/octet-stream",
    )


# --- Correcting and removing what the contract holds (contracts/records.py) -------------------


def _record(request, pk: int, kind: str, record_pk: int) -> tuple[Contract, RecordKind, object]:
    """The contract, the kind of record and the record, if the user may correct it."""
    spec = RECORDS.get(kind)
    if spec is None:
        raise Http404("Page introuvable.")
    contract = access.contract_for(request.user, pk, may=spec.may)
    return contract, spec, get_object_or_404(spec.records(contract), pk=record_pk)


def record_edit(request, pk: int, kind: str, record_pk: int):
    contract, spec, record = _record(request, pk, kind, record_pk)
    form = spec.form(request.POST or None, contract, spec.initial(record))
    back = reverse(spec.tab, args=[contract.pk])
    return submit_form(
        request,
        form,
        lambda data: spec.update(record, data, request.user),
        success_message=spec.updated,
        success_url=back,
        title=spec.title,
        contract=contract,
        cancel_url=back,
    )


@require_POST
def record_delete(request, pk: int, kind: str, record_pk: int):
    """Remove a record; a removal its rules refuse says why and what to do first."""
    contract, spec, record = _record(request, pk, kind, record_pk)
    try:
        spec.delete(record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, spec.deleted)
    return redirect(spec.tab, contract.pk)


def contract_plan(request, pk: int):
    """The plan's structure, to correct: axes in order, and each axis's tree of objectives."""
    contract = access.contract_for(request.user, pk, may="manage")
    axes = contract.axes.prefetch_related("objectives").order_by("order", "number")
    return render(
        request, "contracts/plan.html", contract_context(request, contract, "actions", axes=axes)
    )


@require_POST
def axis_move_view(request, pk: int, axis_pk: int, direction: str):
    contract = access.contract_for(request.user, pk, may="manage")
    axis = get_object_or_404(contract.axes, pk=axis_pk)
    services.axis_move(axis=axis, offset=-1 if direction == "monter" else 1)
    return redirect("contract_plan", contract.pk)


@require_POST
def axes_renumber_view(request, pk: int):
    contract = access.contract_for(request.user, pk, may="manage")
    services.axes_renumber(contract=contract)
    messages.success(request, "Les axes sont numérotés dans leur ordre.")
    return redirect("contract_plan", contract.pk)


def contract_diagnosis(request, pk: int):
    contract = access.contract_for(request.user, pk)
    diagnosis = Diagnosis.objects.filter(contract=contract).select_related("carried_out_by").first()
    findings = (
        diagnosis.findings.select_related("theme").order_by("theme__order", "order", "id")
        if diagnosis
        else []
    )
    documents = contract.documents.filter(kind=DocumentKind.DIAGNOSIS)
    return render(
        request,
        "contracts/diagnosis.html",
        contract_context(
            request,
            contract,
            "diagnosis",
            diagnosis=diagnosis,
            findings=findings,
            documents=documents,
        ),
    )


def diagnosis_edit(request, pk: int):
    contract = access.contract_for(request.user, pk, may="coordinate")
    diagnosis = Diagnosis.objects.filter(contract=contract).first()
    fields = ("summary", "carried_out_by", "completed_on", "sources")
    initial = {name: getattr(diagnosis, name) for name in fields} if diagnosis else {}
    back = reverse("contract_diagnosis", args=[contract.pk])
    return submit_form(
        request,
        DiagnosisForm(request.POST or None, initial=initial),
        lambda data: services.diagnosis_update(contract=contract, **data),
        success_message="Le diagnostic a été enregistré.",
        success_url=back,
        title="Diagnostic local de santé",
        contract=contract,
        cancel_url=back,
    )


def finding_add(request, pk: int):
    contract = access.contract_for(request.user, pk, may="coordinate")
    back = reverse("contract_diagnosis", args=[contract.pk])
    return submit_form(
        request,
        FindingForm(request.POST or None),
        lambda data: services.finding_add(contract=contract, **data),
        success_message="Le constat a été ajouté.",
        success_url=back,
        title="Ajouter un constat",
        contract=contract,
        cancel_url=back,
    )
