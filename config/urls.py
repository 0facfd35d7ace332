"""URL configuration: each app declares its own pages."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import TemplateView

from config.health import healthz

admin.site.site_header = "Plateforme des Contrats Locaux de Santé — administration"
admin.site.site_title = "Administration CLS"
admin.site.index_title = "Administration"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "accessibilite/",
        login_not_required(TemplateView.as_view(template_name="accessibility.html")),
        name="accessibility",
    ),
    path("admin/", admin.site.urls),
    path("api/", include("config.api")),
    path("", include("actors.urls")),
    path("", include("portfolio.urls")),
    path("", include("reports.urls")),
    path("", include("contracts.urls")),
    path("", include("actions.urls")),
    path("", include("indicators.urls")),
]
