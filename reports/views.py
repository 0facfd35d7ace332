"""Portfolio pages: the dashboard, the contract list, territory coverage, a contract's history
and reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from contracts import access
from contracts.models import Contract, CoordinatorAssignment
from contracts.selectors import CONTRACT_HEADER_RELATED
from contracts.views import contract_context
from reports import services
from reports.enums import ReportStatus
from reports.filters import ContractFilter
from reports.forms import ReportRequestForm
from reports.history import contract_history
from reports.models import EvaluationReport
from reports.selectors import dashboard_for, territory_coverage
from territories.models import Commune, Departement, Epci, Region

PAGE_SIZE = 25


@login_not_required
def home(request):
    if not request.user.is_authenticated:
        return render(request, "home.html")
    return render(request, "reports/dashboard.html", {"dashboard": dashboard_for(request.user)})


def contract_list(request):
    contracts = (
        access.contracts_visible_to(request.user)
        .select_related("territory", "ars__region")
        .prefetch_related(
            Prefetch(
                "coordinator_assignments",
                queryset=CoordinatorAssignment.objects.current().select_related("person"),
                to_attr="current_assignments",
            )
        )
        .order_by("title")
    )
    filters = ContractFilter(request.GET, queryset=contracts)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/contract_list.html",
        {
            "filters": filters,
            "page": page,
            "query_string": f"{query.urlencode()}&" if query else "",
            "is_filtered": any(
                value for key, value in request.GET.items() if key not in ("page", "sort")
            ),
            "can_create": access.roles_of(request.user).is_admin
            or bool(access.roles_of(request.user).ars_region_ids),
        },
    )


def _contract(request, pk: int) -> Contract:
    return access.get_visible_contract_or_404(
        request.user, pk, Contract.objects.select_related(*CONTRACT_HEADER_RELATED)
    )


def contract_history_tab(request, pk: int):
    contract = _contract(request, pk)
    page = Paginator(contract_history(contract), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/contract_history.html",
        contract_context(request, contract, "history", page=page, query_string=""),
    )


def _report_form(contract: Contract, header: dict, data=None) -> ReportRequestForm:
    # Who may coordinate the contract writes the recommendations of its evaluations.
    return ReportRequestForm(
        data, contract=contract, today=timezone.localdate(), may_recommend=header["can_coordinate"]
    )


def _contract_reports_page(request, contract: Contract, header: dict, form, status=200):
    reports = contract.reports.select_related("requested_by").order_by("-requested_at")
    if not access.can_view_confidential(request.user, contract):
        reports = reports.filter(includes_confidential=False)
    reports = list(reports)
    # Without JavaScript, the page invites the user to reload it while a document is being made.
    has_unfinished = any(not report.is_finished for report in reports)
    header.update(reports=reports, form=form, has_unfinished=has_unfinished)
    return render(request, "reports/contract_reports.html", header, status=status)


def contract_reports(request, pk: int):
    """Every document made for the contract, and the form to ask for another."""
    contract = _contract(request, pk)
    header = contract_context(request, contract, "reports")
    return _contract_reports_page(request, contract, header, _report_form(contract, header))


@require_POST
def report_create(request, pk: int):
    """Ask for a document: answers at once, the page then follows its progress."""
    contract = _contract(request, pk)
    header = contract_context(request, contract, "reports")
    form = _report_form(contract, header, request.POST)
    if form.is_valid():
        try:
            report = services.report_request(
                contract=contract,
                kind=form.cleaned_data["kind"],
                period=form.cleaned_data["period"],
                recommendations=form.cleaned_data.get("recommendations", ""),
                by=request.user,
            )
        except ValidationError as error:
            for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if report.status == ReportStatus.READY:
                messages.success(request, f"« {report.title} » est prêt : rien n'a changé depuis.")
            else:
                messages.info(request, f"« {report.title} » est en préparation.")
            return redirect(f"{reverse('contract_reports', args=[pk])}#document-{report.pk}")
    return _contract_reports_page(request, contract, header, form, status=400)


def _report(request, pk: int) -> EvaluationReport:
    """The report if the user may open it; a 404 otherwise, never a hint that it exists."""
    report = (
        access.reports_visible_to(request.user, EvaluationReport.objects.all())
        .select_related("requested_by", *(f"contract__{name}" for name in CONTRACT_HEADER_RELATED))
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("Document introuvable.")
    return report


def report_status_payload(report: EvaluationReport) -> dict:
    ready = report.status == ReportStatus.READY
    return {
        "id": report.pk,
        "status": report.status,
        "status_label": report.get_status_display(),
        "is_finished": report.is_finished,
        "error_message": report.error_message,
        "download_url": reverse("report_download", args=[report.pk]) if ready else None,
        "detail_url": reverse("report_detail", args=[report.pk]),
    }


def report_status(request, pk: int):
    """The progress of a document, polled by the page that shows it."""
    response = JsonResponse(report_status_payload(_report(request, pk)))
    response["Cache-Control"] = "no-store"
    return response


def report_download(request, pk: int):
    report = _report(request, pk)
    if report.status != ReportStatus.READY:
        raise Http404("Ce document n'est pas encore prêt.")
    try:
        file = report.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Le fichier de ce document est introuvable.") from error
    return FileResponse(
        file,
        as_attachment=True,
        filename=report.download_name,
        content_type="application/pdf",
    )


def report_detail(request, pk: int):
    """One document: what it was made from, its state, its charts (from its snapshot)."""
    report = _report(request, pk)
    return render(
        request,
        "reports/report_detail.html",
        contract_context(request, report.contract, "reports", report=report, s=report.snapshot),
    )


def _territory_page(
    request, *, title, kind_label, communes, parent=None, children=None, children_label=""
):
    coverage = territory_coverage(request.user, communes, timezone.localdate())
    return render(
        request,
        "reports/territory.html",
        {
            "title": title,
            "kind_label": kind_label,
            "parent": parent,
            "coverage": coverage,
            "children": children,
            "children_label": children_label,
        },
    )


def territory_index(request):
    regions = Region.objects.prefetch_related("departements").order_by("name")
    own = access.roles_of(request.user).ars_region_ids
    return render(
        request, "reports/territory_index.html", {"regions": regions, "own_region_ids": own}
    )


def region_detail(request, code: str):
    region = get_object_or_404(Region, code=code)
    return _territory_page(
        request,
        title=region.name,
        kind_label="Région",
        communes=Commune.objects.filter(region=region),
        children=region.departements.order_by("code"),
        children_label="Départements",
    )


def departement_detail(request, code: str):
    departement = get_object_or_404(Departement.objects.select_related("region"), code=code)
    return _territory_page(
        request,
        title=str(departement),
        kind_label="Département",
        communes=Commune.objects.filter(departement=departement),
        parent=departement.region,
    )


def epci_detail(request, siren: str):
    epci = get_object_or_404(Epci, siren=siren)
    return _territory_page(
        request,
        title=epci.name,
        kind_label=epci.get_kind_display(),
        communes=Commune.objects.filter(epci=epci),
    )


def commune_detail(request, code: str):
    commune = get_object_or_404(
        Commune.objects.select_related("departement__region", "epci"), code=code
    )
    return _territory_page(
        request,
        title=str(commune),
        kind_label="Commune",
        communes=Commune.objects.filter(pk=commune.pk),
        parent=commune.departement,
    )
