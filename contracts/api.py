"""API of contracts and of deletions (tombstones), read-only; the serializers and filters of
axes and objectives, whose viewsets (read and corrected) are in `contracts.api_plan`.

Every queryset starts from `contracts.access`: an object of a contract the caller may not see
is absent from lists and answers 404, exactly as on the web pages.
"""

import django_filters
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets

from actors.models import Organisation
from config.api_base import (
    ApiFilterSet,
    DescribedModelSerializer,
    IntegerFilter,
    MomentFilter,
    ReadViewSet,
    SyncFilterSet,
)
from config.fastpaths.json_rows import DatabaseRowsMixin, related_rows
from contracts import access
from contracts.enums import ContractKind, ContractStatus, ObjectiveLevel, TermPhase
from contracts.models import (
    Axis,
    Contract,
    GovernanceBody,
    Objective,
    Signatory,
    Tombstone,
    in_force_condition,
    term_phase_expression,
)
from territories.models import Commune, Territory


class SignatorySerializer(DescribedModelSerializer):
    class Meta:
        model = Signatory
        fields = ["id", "organisation", "role", "deliberation_on", "signed_on"]


class GovernanceBodySerializer(DescribedModelSerializer):
    class Meta:
        model = GovernanceBody
        fields = ["id", "kind", "name"]


# The order in which a contract's signatories and governance bodies are shown.
SIGNATORIES = Signatory.objects.order_by("order", "id")
BODIES = GovernanceBody.objects.order_by("kind", "name")


class ContractSerializer(DescribedModelSerializer):
    region = serializers.CharField(
        source="ars.region_id", read_only=True, help_text="Code INSEE de la région de l'ARS."
    )
    signatories = SignatorySerializer(
        many=True, read_only=True, help_text="Signataires et partenaires du contrat."
    )
    bodies = GovernanceBodySerializer(
        many=True,
        read_only=True,
        help_text="Instances de gouvernance (COPIL, COTECH…), à citer pour créer une réunion.",
    )
    web_url = serializers.SerializerMethodField(help_text="Page du contrat sur la plateforme.")
    in_force = serializers.BooleanField(
        source="is_active",
        read_only=True,
        help_text="En vigueur aujourd'hui : signé, non clos, commencé et non échu.",
    )
    term_phase = serializers.ChoiceField(
        source="current_term_phase",
        choices=TermPhase.choices,
        read_only=True,
        help_text=(
            "Situation du contrat entre ses dates aujourd'hui : `outside` (non signé ou clos), "
            "`not_started` (signé, pas encore en vigueur), `in_force`, `ended` (échu, non clos)."
        ),
    )

    class Meta:
        model = Contract
        fields = [
            "id",
            "title",
            "kind",
            "generation",
            "predecessor",
            "territory",
            "ars",
            "region",
            "status",
            "in_force",
            "term_phase",
            "scoping_started_on",
            "diagnosis_on",
            "signed_on",
            "starts_on",
            "ends_on",
            "summary",
            "linked_schemes",
            "is_public",
            "signatories",
            "bodies",
            "web_url",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.URLField)
    def get_web_url(self, contract) -> str:
        return self.context["request"].build_absolute_uri(contract.get_absolute_url())


class AxisSerializer(DescribedModelSerializer):
    class Meta:
        model = Axis
        fields = ["id", "contract", "number", "title", "description", "order", "updated_at"]


class ObjectiveSerializer(DescribedModelSerializer):
    contract = serializers.IntegerField(
        source="axis.contract_id", read_only=True, help_text="Contrat de l'axe."
    )

    class Meta:
        model = Objective
        fields = [
            "id",
            "contract",
            "axis",
            "parent",
            "level",
            "number",
            "title",
            "description",
            "order",
            "updated_at",
        ]


class TombstoneSerializer(DescribedModelSerializer):
    class Meta:
        model = Tombstone
        fields = ["resource", "object_id", "deleted_at"]


class ContractFilter(SyncFilterSet):
    search = django_filters.CharFilter(
        method="filter_search", label="Recherche dans l'intitulé et le nom du territoire."
    )
    region = django_filters.CharFilter(
        field_name="ars__region", label="Code INSEE de la région, par exemple 53 (Bretagne)."
    )
    departement = django_filters.CharFilter(
        method="filter_departement",
        label="Code INSEE d'un département : contrats dont le territoire y a une commune.",
    )
    status = django_filters.MultipleChoiceFilter(
        choices=ContractStatus.choices, label="Étape du contrat (répétable)."
    )
    kind = django_filters.ChoiceFilter(choices=ContractKind.choices, label="Type de contrat.")
    territory = IntegerFilter(label="Identifiant du territoire.")
    commune = django_filters.CharFilter(
        method="filter_commune", label="Code INSEE d'une commune couverte par le contrat."
    )
    organisation = IntegerFilter(
        method="filter_organisation",
        label="Identifiant d'une organisation signataire ou partenaire du contrat.",
    )
    generation = IntegerFilter(max_value=99, label="Génération (1, 2, 3…).")

    class Meta:
        model = Contract
        fields = [
            "search",
            "region",
            "departement",
            "status",
            "kind",
            "territory",
            "commune",
            "organisation",
            "generation",
            "updated_since",
        ]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(territory__name__icontains=value))

    def _covering(self, queryset, communes):
        territories = Territory.communes.through.objects.filter(commune__in=communes)
        return queryset.filter(territory__in=territories.values("territory_id"))

    def filter_departement(self, queryset, name, value):
        return self._covering(queryset, Commune.objects.filter(departement=value).values("pk"))

    def filter_commune(self, queryset, name, value):
        return self._covering(queryset, [value])

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(
            pk__in=Signatory.objects.filter(organisation=value).values("contract_id")
        )


class AxisFilter(SyncFilterSet):
    contract = IntegerFilter(label="Identifiant du contrat.")

    class Meta:
        model = Axis
        fields = ["contract", "updated_since"]


class ObjectiveFilter(SyncFilterSet):
    contract = IntegerFilter(field_name="axis__contract", label="Identifiant du contrat.")
    axis = IntegerFilter(label="Identifiant de l'axe.")
    level = django_filters.ChoiceFilter(choices=ObjectiveLevel.choices, label="Niveau.")

    class Meta:
        model = Objective
        fields = ["contract", "axis", "level", "updated_since"]


class TombstoneFilter(ApiFilterSet):
    updated_since = MomentFilter(
        field_name="deleted_at",
        lookup_expr="gte",
        label="Seulement les suppressions faites depuis cet instant (ISO 8601).",
    )
    resource = django_filters.CharFilter(
        label="Ressource de l'objet supprimé, par exemple `actions` ou `indicator-values`."
    )

    class Meta:
        model = Tombstone
        fields = ["updated_since", "resource"]


# Stand for the two halves of a contract's web address around its id, which depend on the
# request (scheme, host): the database path compiles its SQL once for every request.
WEB_URL_START, WEB_URL_END = "<web-url-start>", "<web-url-end>"
_SOME_ID = 987654321


class ContractViewSet(DatabaseRowsMixin, ReadViewSet):
    """Contrats locaux de santé visibles par l'appelant (ceux de sa région pour une ARS, ceux
    qu'il coordonne, ceux dont son organisation est signataire ou partenaire)."""

    serializer_class = ContractSerializer
    filterset_class = ContractFilter

    def get_queryset(self):
        return (
            access.contracts_visible_to(self.request.user)
            .select_related("ars")
            .prefetch_related(
                Prefetch("signatories", queryset=SIGNATORIES),
                Prefetch("bodies", queryset=BODIES),
            )
            .order_by("updated_at", "id")
        )

    def row_computed(self):
        return {
            "region": Subquery(
                Organisation.objects.filter(pk=OuterRef("ars_id")).values("region_id")
            ),
            "signatories": related_rows(SignatorySerializer, SIGNATORIES, "contract"),
            "bodies": related_rows(GovernanceBodySerializer, BODIES, "contract"),
            # As `Contract.is_active` and `Contract.current_term_phase` tell them today.
            "in_force": ExpressionWrapper(
                in_force_condition(timezone.localdate()), output_field=BooleanField()
            ),
            "term_phase": term_phase_expression(timezone.localdate()),
            "web_url": Concat(
                Value(WEB_URL_START),
                Cast("id", TextField()),
                Value(WEB_URL_END),
                output_field=TextField(),
            ),
        }

    def row_request_params(self, request):
        start, end = request.build_absolute_uri(reverse("contract_summary", args=[_SOME_ID])).split(
            str(_SOME_ID)
        )
        return {WEB_URL_START: start, WEB_URL_END: end}


class TombstoneViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Suppressions : la trace des objets supprimés, pour qu'un outil synchronisé les retire.

    Chaque trace donne la ressource (`actions`, `indicator-values`…) et l'identifiant de l'objet.
    """

    serializer_class = TombstoneSerializer
    filterset_class = TombstoneFilter

    def get_queryset(self):
        return access.tombstones_visible_to(self.request.user, Tombstone.objects.all()).order_by(
            "deleted_at", "id"
        )
