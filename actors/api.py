"""API of organisations: read-only, the same for every caller.

Organisations (ARS, collectivités, hospitals, associations…) are public bodies named in the
contracts; which contracts they take part in is told by the contracts, which are scoped.
"""

import django_filters
from django.db.models import Q

from actors.enums import OrganisationKind
from actors.models import Organisation
from config.api_base import DescribedModelSerializer, ReadViewSet, SyncFilterSet


class OrganisationSerializer(DescribedModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "acronym",
            "kind",
            "siren",
            "region",
            "departement",
            "epci",
            "commune",
            "website",
            "created_at",
            "updated_at",
        ]


class OrganisationFilter(SyncFilterSet):
    search = django_filters.CharFilter(
        method="filter_search", label="Recherche dans le nom, le sigle ou le SIREN."
    )
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label="Nature.")
    region = django_filters.CharFilter(field_name="region", label="Code INSEE de la région.")
    departement = django_filters.CharFilter(
        field_name="departement", label="Code INSEE du département."
    )
    siren = django_filters.CharFilter(field_name="siren", label="SIREN exact.")

    class Meta:
        model = Organisation
        fields = ["search", "kind", "region", "departement", "siren", "updated_since"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(acronym__icontains=value) | Q(siren__startswith=value)
        )


class OrganisationViewSet(ReadViewSet):
    """Organisations : ARS, collectivités, financeurs et partenaires des contrats."""

    queryset = Organisation.objects.order_by("updated_at", "id")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
