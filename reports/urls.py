"""URLs of the portfolio pages."""

from django.urls import path

from reports import views

urlpatterns = [
    path("", views.home, name="home"),
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/<int:pk>/history/", views.contract_history_tab, name="contract_history"),
    path("contracts/<int:pk>/reports/", views.contract_reports, name="contract_reports"),
    path("contracts/<int:pk>/reports/new/", views.report_create, name="report_create"),
    path("contracts/reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("contracts/reports/<int:pk>/status/", views.report_status, name="report_status"),
    path("contracts/reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("territoires/", views.territory_index, name="territory_index"),
    path("territoires/regions/<str:code>/", views.region_detail, name="region_detail"),
    path(
        "territoires/departements/<str:code>/", views.departement_detail, name="departement_detail"
    ),
    path("territoires/epci/<str:siren>/", views.epci_detail, name="epci_detail"),
    path("territoires/communes/<str:code>/", views.commune_detail, name="commune_detail"),
]
