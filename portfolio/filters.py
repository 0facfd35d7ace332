"""Filters of the contract list, shared by the web page and (later) the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from contracts.enums import ContractKind, ContractStatus, TermPhase
from contracts.models import ACTIVE_STATUSES, Contract, term_phase_expression
from reports.selectors import ALERTS
from territories.models import Departement, Region


class ContractFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Rechercher", method="filter_text")
    region = django_filters.ModelChoiceFilter(
        label="Région",
        field_name="ars__region",
        queryset=Region.objects.order_by("name"),
        empty_label="Toutes",
    )
    departement = django_filters.ModelChoiceFilter(
        label="Département",
        queryset=Departement.objects.order_by("code"),
        method="filter_departement",
        empty_label="Tous",
    )
    status = django_filters.ChoiceFilter(
        label="Statut", choices=ContractStatus.choices, empty_label="Tous"
    )
    phase = django_filters.ChoiceFilter(
        label="Période du contrat",
        choices=[(p.value, p.label) for p in TermPhase if p != TermPhase.OUTSIDE],
        method="filter_phase",
        empty_label="Tous",
    )
    kind = django_filters.ChoiceFilter(
        label="Type", choices=ContractKind.choices, empty_label="Tous"
    )
    generation = django_filters.NumberFilter(label="Génération", min_value=1)
    alert = django_filters.ChoiceFilter(
        label="Alerte",
        choices=[(key, alert.label) for key, alert in ALERTS.items()],
        method="filter_alert",
        empty_label="Aucune",
    )
    sort = django_filters.OrderingFilter(
        label="Trier par",
        empty_label="Intitulé",
        fields=[
            ("title", "title"),
            ("ends_on", "ends_on"),
            ("territory__population", "population"),
            ("status", "status"),
            ("updated_at", "updated_at"),
        ],
        field_labels={
            "title": "Intitulé",
            "-title": "Intitulé (Z → A)",
            "ends_on": "Échéance la plus proche",
            "-ends_on": "Échéance la plus lointaine",
            "territory__population": "Population croissante",
            "-territory__population": "Population décroissante",
            "status": "Statut",
            "-status": "Statut (inverse)",
            "updated_at": "Modifiés il y a longtemps",
            "-updated_at": "Modifiés récemment",
        },
    )

    class Meta:
        model = Contract
        fields = ["q", "region", "departement", "status", "phase", "kind", "generation", "alert"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(territory__name__icontains=value))

    def filter_departement(self, queryset, name, value):
        in_departement = Contract.objects.filter(territory__communes__departement=value).values(
            "pk"
        )
        return queryset.filter(pk__in=in_departement)

    def filter_phase(self, queryset, name, value):
        """Signed contracts by where they stand today: not begun, in force, past their end."""
        return queryset.alias(phase=term_phase_expression(timezone.localdate())).filter(phase=value)

    def filter_alert(self, queryset, name, value):
        return ALERTS[value].select(queryset, timezone.localdate())


class PublicContractFilter(django_filters.FilterSet):
    """Filters of the public directory and its open data files: the contracts in force only."""

    region = django_filters.ModelChoiceFilter(
        label="Région",
        field_name="ars__region",
        queryset=Region.objects.order_by("name"),
        empty_label="Toutes",
    )
    departement = django_filters.ModelChoiceFilter(
        label="Département",
        queryset=Departement.objects.order_by("code"),
        method="filter_departement",
        empty_label="Tous",
    )
    status = django_filters.ChoiceFilter(
        label="Étape",
        choices=[(status.value, status.label) for status in ACTIVE_STATUSES],
        empty_label="Toutes",
    )

    class Meta:
        model = Contract
        fields = ["region", "departement", "status"]

    filter_departement = ContractFilter.filter_departement
