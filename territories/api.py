"""API of the geographic referential and of territories: read-only, the same for every caller.

The referential (régions, départements, EPCI, communes) is public INSEE data; a territory is a
named set of communes. Neither tells anything about a contract, so neither is scoped.
"""

import django_filters
from django.db.models import Prefetch, Q
from rest_framework import serializers

from config.api_base import (
    DescribedModelSerializer,
    ReadViewSet,
    ReferentialFilterSet,
    SyncFilterSet,
)
from config.api_tools import Pagination
from territories.enums import EpciKind, TerritoryKind
from territories.models import Commune, Departement, Epci, Region, Territory


class RegionSerializer(DescribedModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]


class DepartementSerializer(DescribedModelSerializer):
    class Meta:
        model = Departement
        fields = ["code", "name", "region"]


class EpciSerializer(DescribedModelSerializer):
    class Meta:
        model = Epci
        fields = ["siren", "name", "kind"]


class CommuneSerializer(DescribedModelSerializer):
    class Meta:
        model = Commune
        fields = ["code", "name", "departement", "region", "epci", "population"]


class TerritorySerializer(DescribedModelSerializer):
    communes = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Codes INSEE des communes du territoire."
    )

    class Meta:
        model = Territory
        fields = [
            "id",
            "name",
            "kind",
            "population",
            "epci",
            "departement",
            "description",
            "communes",
            "created_at",
            "updated_at",
        ]


def _search_by_name_or_code(queryset, code_field: str, value: str):
    return queryset.filter(Q(name__icontains=value) | Q(**{f"{code_field}__istartswith": value}))


class RegionFilter(ReferentialFilterSet):
    search = django_filters.CharFilter(
        method="filter_search", label="Recherche dans le nom ou le début du code INSEE."
    )

    class Meta:
        model = Region
        fields = ["search"]

    def filter_search(self, queryset, name, value):
        return _search_by_name_or_code(queryset, "code", value)


class DepartementFilter(RegionFilter):
    region = django_filters.CharFilter(field_name="region", label="Code INSEE de la région.")

    class Meta:
        model = Departement
        fields = ["region", "search"]


class EpciFilter(ReferentialFilterSet):
    search = django_filters.CharFilter(
        method="filter_search", label="Recherche dans le nom ou le début du SIREN."
    )
    kind = django_filters.ChoiceFilter(choices=EpciKind.choices, label="Nature juridique.")
    departement = django_filters.CharFilter(
        method="filter_departement",
        label="Code INSEE d'un département : les EPCI qui y ont au moins une commune.",
    )
    region = django_filters.CharFilter(
        method="filter_region",
        label="Code INSEE d'une région : les EPCI qui y ont au moins une commune.",
    )

    class Meta:
        model = Epci
        fields = ["search", "kind", "departement", "region"]

    def filter_search(self, queryset, name, value):
        return _search_by_name_or_code(queryset, "siren", value)

    def filter_departement(self, queryset, name, value):
        return queryset.filter(siren__in=Commune.objects.filter(departement=value).values("epci"))

    def filter_region(self, queryset, name, value):
        return queryset.filter(siren__in=Commune.objects.filter(region=value).values("epci"))


class CommuneFilter(RegionFilter):
    region = django_filters.CharFilter(field_name="region", label="Code INSEE de la région.")
    departement = django_filters.CharFilter(
        field_name="departement", label="Code INSEE du département."
    )
    epci = django_filters.CharFilter(field_name="epci", label="SIREN de l'EPCI.")

    class Meta:
        model = Commune
        fields = ["region", "departement", "epci", "search"]


class TerritoryFilter(SyncFilterSet):
    search = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", label="Recherche dans le nom."
    )
    kind = django_filters.ChoiceFilter(choices=TerritoryKind.choices, label="Nature.")
    region = django_filters.CharFilter(
        method="filter_region", label="Code INSEE d'une région : territoires qui y ont une commune."
    )
    departement = django_filters.CharFilter(
        method="filter_departement",
        label="Code INSEE d'un département : territoires qui y ont une commune.",
    )
    commune = django_filters.CharFilter(
        method="filter_commune", label="Code INSEE d'une commune : territoires qui la comptent."
    )

    class Meta:
        model = Territory
        fields = ["search", "kind", "region", "departement", "commune", "updated_since"]

    def _with_communes(self, queryset, **lookup):
        return queryset.filter(
            pk__in=Territory.communes.through.objects.filter(**lookup).values("territory_id")
        )

    def filter_region(self, queryset, name, value):
        return self._with_communes(queryset, commune__region=value)

    def filter_departement(self, queryset, name, value):
        return self._with_communes(queryset, commune__departement=value)

    def filter_commune(self, queryset, name, value):
        return self._with_communes(queryset, commune=value)


class ReferentialViewSet(ReadViewSet):
    """The geographic referential, ordered by code: paged by number (it changes only when
    reloaded as a whole)."""

    pagination_class = Pagination


class RegionViewSet(ReferentialViewSet):
    """Régions (référentiel INSEE), par code."""

    queryset = Region.objects.order_by("code")
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    lookup_field = "code"


class DepartementViewSet(ReferentialViewSet):
    """Départements (référentiel INSEE), par code."""

    queryset = Departement.objects.order_by("code")
    serializer_class = DepartementSerializer
    filterset_class = DepartementFilter
    lookup_field = "code"


class EpciViewSet(ReferentialViewSet):
    """EPCI à fiscalité propre (référentiel DGCL), par SIREN."""

    queryset = Epci.objects.order_by("siren")
    serializer_class = EpciSerializer
    filterset_class = EpciFilter
    lookup_field = "siren"


class CommuneViewSet(ReferentialViewSet):
    """Communes (référentiel INSEE) avec leur population municipale, par code INSEE."""

    queryset = Commune.objects.order_by("code")
    serializer_class = CommuneSerializer
    filterset_class = CommuneFilter
    lookup_field = "code"


class TerritoryViewSet(ReadViewSet):
    """Territoires des contrats : des ensembles nommés de communes."""

    queryset = Territory.objects.prefetch_related(
        Prefetch("communes", queryset=Commune.objects.only("code"))
    ).order_by("updated_at", "id")
    serializer_class = TerritorySerializer
    filterset_class = TerritoryFilter
