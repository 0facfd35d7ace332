"""Factories of reports: documents already made, for pages and counts that need many."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from reports.enums import ReportKind, ReportStatus
from reports.models import EvaluationReport
from tests.contracts.factories import ContractFactory


class EvaluationReportFactory(DjangoModelFactory):
    class Meta:
        model = EvaluationReport

    contract = factory.SubFactory(ContractFactory)
    kind = ReportKind.SUMMARY
    status = ReportStatus.READY
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
    data_as_of = factory.LazyFunction(timezone.now)
    file = factory.django.FileField(filename="synthese.pdf", data=b"%PDF-1.4\n%fake\n")
    snapshot = factory.LazyAttribute(lambda report: {"kind": report.kind, "axes": []})
