"""API of evaluation reports and exports: read-only, scoped like the contracts.

Asking for a new document and downloading it is `reports.api` (`/contracts/{id}/exports/`);
this resource lists the reports a caller may see, so that a partner tool can sync them.
"""

import django_filters

from config.api_base import DescribedModelSerializer, IntegerFilter, ReadViewSet, SyncFilterSet
from contracts import access
from reports.enums import ReportKind, ReportStatus
from reports.models import EvaluationReport


class ReportSerializer(DescribedModelSerializer):
    class Meta:
        model = EvaluationReport
        fields = [
            "id",
            "contract",
            "kind",
            "period",
            "status",
            "includes_confidential",
            "data_as_of",
            "content_hash",
            "requested_at",
            "started_at",
            "finished_at",
            "updated_at",
        ]


class ReportFilter(SyncFilterSet):
    contract = IntegerFilter(label="Identifiant du contrat.")
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, label="Nature du rapport.")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label="État du rapport.")
    period = django_filters.CharFilter(label="Période, par exemple l'année d'un bilan annuel.")

    class Meta:
        model = EvaluationReport
        fields = ["contract", "kind", "status", "period", "updated_since"]


class ReportViewSet(ReadViewSet):
    """Rapports d'évaluation et exports (bilans annuels, évaluations, livrets) des contrats
    visibles ; ceux qui incluent les fiches confidentielles, pour qui peut les voir."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilter

    def get_queryset(self):
        reports = EvaluationReport.objects.order_by("updated_at", "id")
        return access.reports_visible_to(self.request.user, reports)
