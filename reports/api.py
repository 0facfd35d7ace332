"""API of document exports: ask for a PDF, follow it, download it (included under /api/v1/).

- `POST contracts/{id}/exports/` with `{"kind": …, "period": …}` answers at once: 202 with the
  export's `status_url` while it is prepared, 200 when the same data was already rendered;
- `GET exports/{id}/` gives its state, and `download_url` once ready;
- `GET exports/{id}/download/` returns the PDF.

The views are thin: access through `contracts.access`, work through `reports.services`.
"""

from django.http import FileResponse, Http404
from django.urls import path, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from actors.enums import TokenScope
from config.api_base import DescribedModelSerializer
from contracts import access
from reports import services
from reports.enums import ReportKind, ReportStatus
from reports.models import EvaluationReport


def _url(request, name: str, pk: int) -> str:
    """An absolute URL of this module's views, wherever (and under whichever namespace) the
    API includes them."""
    namespace = request.resolver_match.namespace if request.resolver_match else ""
    return request.build_absolute_uri(
        reverse(f"{namespace}:{name}" if namespace else name, args=[pk])
    )


class ExportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices, help_text="Document demandé.")
    period = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default="",
        help_text="L'année d'un bilan annuel (par exemple « 2025 ») ; vide pour les autres documents.",
    )
    recommendations = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Recommandations d'une évaluation à mi-parcours ou finale (ARS et coordination).",
    )


class ExportSerializer(DescribedModelSerializer):
    status_url = serializers.SerializerMethodField(help_text="Où suivre l'état de l'export.")
    download_url = serializers.SerializerMethodField(
        help_text="Où télécharger le PDF, une fois l'export prêt ; null avant."
    )

    class Meta:
        model = EvaluationReport
        fields = [
            "id",
            "contract",
            "kind",
            "period",
            "status",
            "error_message",
            "includes_confidential",
            "content_hash",
            "data_as_of",
            "requested_at",
            "finished_at",
            "status_url",
            "download_url",
        ]
        read_only_fields = fields

    def get_status_url(self, report) -> str:
        return _url(self.context["request"], "export-detail", report.pk)

    def get_download_url(self, report) -> str | None:
        if report.status != ReportStatus.READY:
            return None
        return _url(self.context["request"], "export-download", report.pk)


class ContractExportsView(APIView):
    @property
    def write_scope(self) -> str:
        """Asking for a document changes no data: a token that may read may ask for one.
        Writing recommendations into an evaluation is writing."""
        if self.request.data.get("recommendations"):
            return TokenScope.REPORTS_WRITE
        return TokenScope.READ

    @extend_schema(
        summary="Demander un document PDF",
        request=ExportRequestSerializer,
        responses={
            202: ExportSerializer,
            200: OpenApiResponse(ExportSerializer, description="Déjà produit avec ces données."),
        },
    )
    def post(self, request, pk: int):
        contract = access.contract_for(request.user, pk)
        serializer = ExportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_request(
            contract=contract,
            kind=serializer.validated_data["kind"],
            period=serializer.validated_data["period"] or "",
            recommendations=serializer.validated_data["recommendations"],
            by=request.user,
        )
        data = ExportSerializer(report, context={"request": request}).data
        ready = report.status == ReportStatus.READY
        return Response(
            data,
            status=status.HTTP_200_OK if ready else status.HTTP_202_ACCEPTED,
            headers={"Location": data["status_url"]},
        )


class ExportDetailView(APIView):
    @extend_schema(summary="État d'un export", responses=ExportSerializer)
    def get(self, request, pk: int):
        report = access.report_for(request.user, pk)
        return Response(ExportSerializer(report, context={"request": request}).data)


class ExportDownloadView(APIView):
    @extend_schema(
        summary="Télécharger le PDF d'un export",
        responses={(200, "application/pdf"): OpenApiResponse(description="Le document PDF.")},
    )
    def get(self, request, pk: int):
        report = access.report_for(request.user, pk)
        if report.status != ReportStatus.READY:
            raise Http404("Cet export n'est pas encore prêt.")
        try:
            file = report.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("Le fichier de cet export est introuvable.") from error
        return FileResponse(
            file,
            as_attachment=True,
            filename=report.download_name,
            content_type="application/pdf",
        )


urlpatterns = [
    path("contracts/<int:pk>/exports/", ContractExportsView.as_view(), name="contract-exports"),
    path("exports/<int:pk>/", ExportDetailView.as_view(), name="export-detail"),
    path("exports/<int:pk>/download/", ExportDownloadView.as_view(), name="export-download"),
]
