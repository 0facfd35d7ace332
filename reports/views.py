"""A contract's documents: the reports tab, asking for a document, following and downloading it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from contracts import access
from contracts.models import Contract
from contracts.selectors import CONTRACT_HEADER_RELATED
from contracts.views import contract_context
from reports import services
from reports.enums import ReportStatus
from reports.forms import ReportRequestForm
from reports.models import EvaluationReport

PAGE_SIZE = 25


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
    contract = access.contract_for(request.user, pk)
    header = contract_context(request, contract, "reports")
    return _contract_reports_page(request, contract, header, _report_form(contract, header))


@require_POST
def report_create(request, pk: int):
    """Ask for a document: answers at once, the page then follows its progress."""
    contract = access.contract_for(request.user, pk)
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
    """The report, with its contract's header, if the user may open it."""
    related = (f"contract__{name}" for name in CONTRACT_HEADER_RELATED)
    reports = EvaluationReport.objects.select_related("requested_by", *related)
    return access.report_for(request.user, pk, reports)


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
