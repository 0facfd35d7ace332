"""URL configuration: each app declares its own pages."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import TemplateView

from config.health import healthz

admin.site.site_header = "Plateforme des Contrats Locaux de Santé — administration"
admin.site.site_title = "Administration CLS"
admin.site.index_title = "Administration"

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"


def site_page(template: str):
    """A page of the site's information (footer), open to all."""
    context = {
        "operator": settings.SITE_OPERATOR,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }
    return login_not_required(TemplateView.as_view(template_name=template, extra_context=context))


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    *(
        path(address, site_page(template), name=name)
        for address, template, name in (
            ("accessibilite/", "site/accessibility.html", "accessibility"),
            ("plan-du-site/", "site/site_map.html", "site_map"),
            ("mentions-legales/", "site/legal_notice.html", "legal_notice"),
            ("donnees-personnelles/", "site/personal_data.html", "personal_data"),
            ("cookies/", "site/cookies.html", "cookies"),
        )
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
