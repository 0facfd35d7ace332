"""The REST API: resources under /api/v1/, the OpenAPI schema at /api/schema/ and interactive
documentation at /api/docs/ (assets served by this site). Guide for partners: docs/api.md."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from actions.api import ActionNoteViewSet, ActionViewSet, MeetingViewSet
from actions.api_bodies import GovernanceBodyViewSet
from actors.api import OrganisationViewSet
from config.api_tools import MESSAGES
from contracts.api import ContractViewSet, TombstoneViewSet
from contracts.api_plan import (
    AmendmentViewSet,
    AxisViewSet,
    ObjectiveViewSet,
    SignatoryViewSet,
)
from indicators.api import IndicatorValueViewSet, IndicatorViewSet
from reports.api_read import ReportViewSet
from territories.api import (
    CommuneViewSet,
    DepartementViewSet,
    EpciViewSet,
    RegionViewSet,
    TerritoryViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("contracts", ContractViewSet, basename="contract")
router.register("axes", AxisViewSet, basename="axis")
router.register("objectives", ObjectiveViewSet, basename="objective")
router.register("signatories", SignatoryViewSet, basename="signatory")
router.register("amendments", AmendmentViewSet, basename="amendment")
router.register("actions", ActionViewSet, basename="action")
router.register("action-notes", ActionNoteViewSet, basename="action-note")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("governance-bodies", GovernanceBodyViewSet, basename="governance-body")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
router.register("reports", ReportViewSet, basename="report")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("regions", RegionViewSet, basename="region")
router.register("departements", DepartementViewSet, basename="departement")
router.register("epcis", EpciViewSet, basename="epci")
router.register("communes", CommuneViewSet, basename="commune")
router.register("territories", TerritoryViewSet, basename="territory")
router.register("deletions", TombstoneViewSet, basename="deletion")

v1 = list(router.urls)
# Document exports (asking for a PDF, following it, downloading it) live in the reports app.
v1.append(path("", include("reports.api")))


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the schema tells clients to send a token."""

    target_class = "actors.authentication.ApiTokenAuthentication"
    name = "jeton"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "Jeton créé depuis la page « Mon compte » : en-tête `Authorization: Token <clé>`."
            ),
        }


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar's files; its page carries inline styles, allowed here only."""

    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'"
        )
        return response


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other address under /api/: the JSON 404 every client of the API can parse."""
    return JsonResponse(
        {"code": "not_found", "message": MESSAGES["not_found"], "details": {}}, status=404
    )


def _open(patterns):
    """API calls authenticate by token inside DRF, after the login-required middleware has run:
    that middleware must let them through, and DRF answers 401 itself."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _open(pattern.url_patterns)
        else:
            login_not_required(pattern.callback)
    return patterns


urlpatterns = _open(
    [
        path("v1/", include(v1)),
        path(
            "schema/",
            SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
            name="api-schema",
        ),
        path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
        re_path(r"", not_found),
    ]
)
