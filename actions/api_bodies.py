"""API of governance bodies (COPIL, COTECH…): read, created, corrected and removed.

A body is where the contract's meetings are held: written, like meetings, with `actions:write`,
by whoever may do it on the web pages (the région's ARS staff and the contract's coordination,
`contracts.records.RECORDS["instances"]`), through the same services and messages. A body that
has held meetings is not removed; a removal is traced in `/deletions/`.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status

from actions.services import governance_body_create
from actors.enums import TokenScope
from config.api_base import ApiFilterSet, DescribedModelSerializer, IntegerFilter
from config.api_tools import Pagination
from contracts import access
from contracts.api_plan import IF_MATCH, ContractChoice, PlanRecordViewSet
from contracts.models import GovernanceBody

WHO = "ARS de la région et coordination du contrat ; droit `actions:write`"


class BodySerializer(DescribedModelSerializer):
    class Meta:
        model = GovernanceBody
        fields = ["id", "contract", "kind", "name", "description"]


class BodyUpdateInputSerializer(DescribedModelSerializer):
    """A body's nature, name and role; a name of its own in the contract (the model's rule)."""

    class Meta:
        model = GovernanceBody
        fields = ["kind", "name", "description"]
        validators = []  # the service checks the rules, with their messages


class BodyInputSerializer(ContractChoice, BodyUpdateInputSerializer):
    class Meta(BodyUpdateInputSerializer.Meta):
        fields = ["contract", *BodyUpdateInputSerializer.Meta.fields]


class BodyFilter(ApiFilterSet):
    contract = IntegerFilter(label="Identifiant du contrat.")

    class Meta:
        model = GovernanceBody
        fields = ["contract", "kind"]


@extend_schema_view(
    list=extend_schema(
        description=(
            "Instances de gouvernance des contrats visibles, par contrat, paginées par numéro de "
            "page ; elles se lisent aussi avec leur contrat (`bodies`)."
        )
    ),
    create=extend_schema(
        request=BodyInputSerializer,
        responses={201: BodySerializer},
        description=f"Créer une instance de gouvernance d'un contrat ({WHO}).",
    ),
    partial_update=extend_schema(
        request=BodyUpdateInputSerializer,
        parameters=[IF_MATCH],
        responses={200: BodySerializer},
        description=f"Corriger la nature, le nom ou le rôle d'une instance ({WHO}).",
    ),
    destroy=extend_schema(
        parameters=[IF_MATCH],
        responses={204: None},
        description=(
            f"Supprimer une instance ({WHO}). Refusé (400) tant qu'elle a tenu des réunions : le "
            "message dit de les supprimer d'abord si elles ont été enregistrées par erreur. La "
            "suppression se lit ensuite dans `/deletions/`."
        ),
    ),
)
class GovernanceBodyViewSet(PlanRecordViewSet):
    """Instances de gouvernance (COPIL, COTECH…) des contrats visibles."""

    serializer_class = BodySerializer
    filterset_class = BodyFilter
    pagination_class = Pagination
    write_scope = TokenScope.ACTIONS_WRITE
    record_kind = "instances"
    update_serializer = BodyUpdateInputSerializer

    def get_queryset(self):
        visible = access.contracts_visible_to(self.request.user)
        return (
            GovernanceBody.objects.filter(contract__in=visible)
            .select_related("contract__ars")
            .order_by("contract_id", "kind", "name", "id")
        )

    def create(self, request):
        data = self.input(BodyInputSerializer)
        self.check_may(data["contract"])
        return self.respond(governance_body_create(**data), status.HTTP_201_CREATED)
