"""URLs of the portfolio pages."""

from django.urls import path

from portfolio import views

urlpatterns = [
    path("", views.home, name="home"),
    path("annuaire/", views.public_directory, name="public_directory"),
    path("annuaire/contrats.csv", views.open_data_csv, name="open_data_csv"),
    path("annuaire/contrats.json", views.open_data_json, name="open_data_json"),
    path("annuaire/<int:pk>/", views.public_contract, name="public_contract"),
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/<int:pk>/history/", views.contract_history_tab, name="contract_history"),
    path("territoires/", views.territory_index, name="territory_index"),
    path("territoires/regions/<str:code>/", views.region_detail, name="region_detail"),
    path(
        "territoires/regions/<str:code>/carte.svg",
        views.region_map_download,
        name="region_map_download",
    ),
    path(
        "territoires/departements/<str:code>/", views.departement_detail, name="departement_detail"
    ),
    path("territoires/epci/<str:siren>/", views.epci_detail, name="epci_detail"),
    path("territoires/communes/<str:code>/", views.commune_detail, name="commune_detail"),
]
