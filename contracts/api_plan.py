"""API of the plan's structure: axes, objectives, signatories and amendments, read and
corrected.

Writes need a token with `plan:write` and, for its owner, the right the web pages ask for the
same record (`contracts.records.RECORDS`: ARS staff of the contract's région). They call the
web pages' services: the rules, and their French messages, are the same whichever the door. A
correction (`PATCH`) starts from what the record holds, as the web form does, so a field left
out keeps its value. Removals leave a trace in `/deletions/` (`contracts.tombstones`) and in the
history, with who removed what.
"""

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action as route
from rest_framework.response import Response

from actors.enums import TokenScope
from actors.models import Organisation
from config.api_base import (
    ApiFilterSet,
    DescribedModelSerializer,
    IntegerFilter,
    WriteViewSet,
)
from config.api_tools import Pagination
from contracts import access, services
from contracts.api import AxisFilter, AxisSerializer, ObjectiveFilter, ObjectiveSerializer
from contracts.models import Amendment, Axis, Contract, Objective, Signatory
from contracts.records import RECORDS

IF_MATCH = OpenApiParameter(
    "If-Match",
    location=OpenApiParameter.HEADER,
    required=False,
    description="ETag lu auparavant : si la ressource a changé depuis, la réponse est 412.",
)
WHO = "agents de l'ARS de la région du contrat ; droit `plan:write`"


def contracts_to_choose(serializer):
    """The contracts the caller sees, with their ARS (whose région says who manages them); none
    when the schema is generated."""
    request = serializer.context.get("request")
    user = request.user if request is not None else AnonymousUser()
    return access.contracts_visible_to(user).select_related("ars")


class ContractChoice:
    """Mixed into an input serializer whose `contract` is one the caller sees."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "contract" in self.fields:
            self.fields["contract"].queryset = contracts_to_choose(self)


class PlanRecordViewSet(WriteViewSet):
    """A part of the plan, corrected and removed through the services and rights of the web
    pages' records (`record_kind`, a key of `contracts.records.RECORDS`)."""

    write_scope = TokenScope.PLAN_WRITE
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    record_kind = ""
    update_serializer = None

    @property
    def record(self):
        return RECORDS[self.record_kind]

    def contract_of(self, record) -> Contract:
        return record.contract

    def check_may(self, contract: Contract) -> None:
        """Refuse (403) whoever may not change this part of the contract on its pages."""
        may = self.record.may
        if not access.CONTRACT_RULES[may](self.request.user, contract):
            raise exceptions.PermissionDenied(access.REFUSALS[may])

    def corrected(self):
        """The record, locked, after `If-Match`, if the caller may change it."""
        record = self.locked_object()
        self.check_may(self.contract_of(record))
        return record

    def update_input(self, record) -> dict:
        return self.input(self.update_serializer, partial=True)

    def update_record(self, record, data: dict):
        return self.record.update(record, data, self.request.user)

    def partial_update(self, request, pk=None):
        with transaction.atomic():
            record = self.corrected()
            data = self.record.initial(record) | dict(self.update_input(record))
            record = self.update_record(record, data)
        return self.respond(record)

    def destroy(self, request, pk=None):
        with transaction.atomic():
            self.record.delete(self.corrected())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Axes -------------------------------------------------------------------------------------


class AxisInputSerializer(ContractChoice, DescribedModelSerializer):
    """A new axis; the rules (a number of its own, from 1) are checked by the service."""

    class Meta:
        model = Axis
        fields = ["contract", "number", "title", "description"]
        validators = []  # the service checks the rules, with their messages


class AxisUpdateInputSerializer(AxisInputSerializer):
    class Meta(AxisInputSerializer.Meta):
        fields = ["number", "title", "description"]


class AxisMoveSerializer(serializers.Serializer):
    offset = serializers.IntegerField(
        min_value=-100,
        max_value=100,
        help_text="Déplacement dans l'ordre des axes : -1 pour le monter d'un rang, 1 pour le "
        "descendre (borné au premier et au dernier rang).",
    )


class AxesRenumberSerializer(ContractChoice, serializers.Serializer):
    contract = serializers.PrimaryKeyRelatedField(
        queryset=Contract.objects.none(), help_text="Contrat dont les axes sont renumérotés."
    )


@extend_schema_view(
    create=extend_schema(
        request=AxisInputSerializer,
        responses={201: AxisSerializer},
        description=f"Ajouter un axe stratégique à un contrat ({WHO}). Son rang suit son numéro.",
    ),
    partial_update=extend_schema(
        request=AxisUpdateInputSerializer,
        parameters=[IF_MATCH],
        responses={200: AxisSerializer},
        description=f"Corriger le numéro, l'intitulé ou la description d'un axe ({WHO}).",
    ),
    destroy=extend_schema(
        parameters=[IF_MATCH],
        responses={204: None},
        description=(
            f"Supprimer un axe et ses objectifs ({WHO}). Refusé (400) tant qu'il contient des "
            "fiches actions : le message dit de les déplacer ou de les supprimer d'abord. La "
            "suppression se lit ensuite dans `/deletions/`."
        ),
    ),
)
class AxisViewSet(PlanRecordViewSet):
    """Axes stratégiques des contrats visibles."""

    serializer_class = AxisSerializer
    filterset_class = AxisFilter
    record_kind = "axes"
    update_serializer = AxisUpdateInputSerializer

    def get_queryset(self):
        return (
            Axis.objects.filter(contract__in=access.contracts_visible_to(self.request.user))
            .select_related("contract__ars")
            .order_by("updated_at", "id")
        )

    def create(self, request):
        data = self.input(AxisInputSerializer)
        self.check_may(data["contract"])
        return self.respond(services.axis_create(**data), status.HTTP_201_CREATED)

    @extend_schema(
        request=AxisMoveSerializer,
        parameters=[IF_MATCH],
        responses={200: AxisSerializer},
        description=(
            f"Monter ou descendre un axe dans l'ordre du contrat ({WHO}) ; les numéros ne "
            "changent pas (voir `renumber`)."
        ),
    )
    @route(detail=True, methods=["post"])
    def move(self, request, pk=None):
        with transaction.atomic():
            axis = self.corrected()
            services.axis_move(axis=axis, offset=self.input(AxisMoveSerializer)["offset"])
        return self.respond(axis)

    @extend_schema(
        request=AxesRenumberSerializer,
        responses={200: AxisSerializer(many=True)},
        description=(
            f"Numéroter les axes d'un contrat 1, 2, 3… dans leur ordre ({WHO}). Les numéros des "
            "fiches actions, références propres au contrat, ne changent pas. Renvoie les axes "
            "dans leur ordre."
        ),
    )
    @route(detail=False, methods=["post"])
    def renumber(self, request):
        contract = self.input(AxesRenumberSerializer)["contract"]
        self.check_may(contract)
        services.axes_renumber(contract=contract)
        axes = self.get_queryset().filter(contract=contract).order_by("order", "number")
        return Response(self.get_serializer(axes, many=True).data)


# --- Objectives -------------------------------------------------------------------------------


class ObjectiveInputSerializer(DescribedModelSerializer):
    """A new objective in an axis's tree; its place (level, parent of the level above, in the
    same axis) is checked by the model."""

    class Meta:
        model = Objective
        fields = ["axis", "level", "parent", "number", "title", "description"]
        validators = []  # the service checks the rules, with their messages

    def __init__(self, *args, contract: Contract | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        contracts = [contract.pk] if contract else contracts_to_choose(self).values("pk")
        self.fields["axis"].queryset = Axis.objects.filter(contract__in=contracts).select_related(
            "contract__ars"
        )
        self.fields["parent"].queryset = Objective.objects.filter(
            axis__contract__in=contracts
        ).select_related("axis")


class ObjectiveUpdateInputSerializer(ObjectiveInputSerializer):
    """An objective corrected or moved within its contract's tree: another axis of the same
    contract, another parent, another level while no objective hangs under it."""


@extend_schema_view(
    create=extend_schema(
        request=ObjectiveInputSerializer,
        responses={201: ObjectiveSerializer},
        description=(
            f"Ajouter un objectif sous un axe ({WHO}) : un objectif général est sans parent, un "
            "spécifique a pour parent un général du même axe, un opérationnel un spécifique."
        ),
    ),
    partial_update=extend_schema(
        request=ObjectiveUpdateInputSerializer,
        parameters=[IF_MATCH],
        responses={200: ObjectiveSerializer},
        description=(
            f"Corriger un objectif ou le déplacer dans l'arbre du contrat ({WHO}) : autre axe, "
            "autre parent ; son niveau ne change pas tant que des objectifs y sont rattachés."
        ),
    ),
    destroy=extend_schema(
        parameters=[IF_MATCH],
        responses={204: None},
        description=(
            f"Supprimer un objectif ({WHO}). Refusé (400) tant que des objectifs y sont "
            "rattachés : le message dit de les rattacher ailleurs ou de les supprimer d'abord. "
            "La suppression se lit ensuite dans `/deletions/`."
        ),
    ),
)
class ObjectiveViewSet(PlanRecordViewSet):
    """Objectifs (généraux, spécifiques, opérationnels) sous les axes des contrats visibles."""

    serializer_class = ObjectiveSerializer
    filterset_class = ObjectiveFilter
    record_kind = "objectifs"

    def get_queryset(self):
        visible = access.contracts_visible_to(self.request.user)
        return (
            Objective.objects.filter(axis__contract__in=visible)
            .select_related("axis__contract__ars", "parent")
            .order_by("updated_at", "id")
        )

    def contract_of(self, record) -> Contract:
        return record.axis.contract

    def update_input(self, record) -> dict:
        return self.input(
            ObjectiveUpdateInputSerializer, partial=True, contract=self.contract_of(record)
        )

    def create(self, request):
        data = self.input(ObjectiveInputSerializer)
        self.check_may(data["axis"].contract)
        return self.respond(services.objective_create(**data), status.HTTP_201_CREATED)


# --- Signatories ------------------------------------------------------------------------------


class SignatoryRecordSerializer(DescribedModelSerializer):
    person_name = serializers.SerializerMethodField(
        help_text="Représentant : prénom et nom (vide si aucun n'est nommé)."
    )
    person_title = serializers.SerializerMethodField(help_text="Fonction du représentant.")

    class Meta:
        model = Signatory
        fields = [
            "id",
            "contract",
            "organisation",
            "role",
            "person_name",
            "person_title",
            "deliberation_on",
            "signed_on",
            "order",
        ]

    def get_person_name(self, signatory) -> str:
        person = signatory.person
        return f"{person.first_name} {person.last_name}" if person else ""

    def get_person_title(self, signatory) -> str:
        return signatory.person.job_title if signatory.person else ""


class SignatoryUpdateInputSerializer(DescribedModelSerializer):
    """A signatory's role, dates and representative; the rules (no date in the future, the
    deliberation before the signature, an organisation once per role) are the service's."""

    person_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Représentant : prénom et nom ; vide pour ne plus nommer de représentant.",
    )
    person_title = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Fonction du représentant."
    )
    person_email = serializers.EmailField(
        required=False,
        allow_blank=True,
        help_text="Adresse électronique du représentant : il est invité à rejoindre le contrat "
        "(ou prévenu, s'il a déjà un compte).",
    )

    class Meta:
        model = Signatory
        fields = [
            "role",
            "person_name",
            "person_title",
            "person_email",
            "deliberation_on",
            "signed_on",
        ]
        validators = []  # the service checks the rules, with their messages


class SignatoryInputSerializer(ContractChoice, SignatoryUpdateInputSerializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        help_text="Organisation signataire ou partenaire (voir `/organisations/`).",
    )

    class Meta(SignatoryUpdateInputSerializer.Meta):
        fields = ["contract", "organisation", *SignatoryUpdateInputSerializer.Meta.fields]


class SignatoryFilter(ApiFilterSet):
    contract = IntegerFilter(label="Identifiant du contrat.")
    organisation = IntegerFilter(label="Identifiant de l'organisation.")

    class Meta:
        model = Signatory
        fields = ["contract", "organisation"]


@extend_schema_view(
    list=extend_schema(
        description=(
            "Signataires et partenaires des contrats visibles, par contrat puis dans leur ordre, "
            "paginés par numéro. Ils se lisent aussi avec leur contrat (`signatories`) : les "
            "corriger modifie le contrat, que `updated_since` fait alors relire."
        )
    ),
    create=extend_schema(
        request=SignatoryInputSerializer,
        responses={201: SignatoryRecordSerializer},
        description=(
            f"Ajouter un signataire ou un partenaire à un contrat ({WHO}), avec ses dates et "
            "son représentant ; un représentant nommé avec son adresse électronique est invité "
            "à rejoindre le contrat."
        ),
    ),
    partial_update=extend_schema(
        request=SignatoryUpdateInputSerializer,
        parameters=[IF_MATCH],
        responses={200: SignatoryRecordSerializer},
        description=(
            f"Corriger la qualité, les dates ou le représentant d'un signataire ({WHO}) ; un "
            "champ omis garde sa valeur, `person_name` vide retire le représentant. Une date "
            "de délibération ou de signature ne peut être dans le futur."
        ),
    ),
    destroy=extend_schema(
        parameters=[IF_MATCH],
        responses={204: None},
        description=(
            f"Retirer un signataire ou un partenaire du contrat ({WHO}). Refusé (400) pour une "
            "organisation qui a signé : le message dit d'effacer d'abord sa date de signature "
            "si elle a été saisie par erreur. La suppression se lit ensuite dans `/deletions/`."
        ),
    ),
)
class SignatoryViewSet(PlanRecordViewSet):
    """Signataires et partenaires des contrats visibles, avec leurs dates et leur représentant."""

    serializer_class = SignatoryRecordSerializer
    filterset_class = SignatoryFilter
    pagination_class = Pagination
    record_kind = "signataires"
    update_serializer = SignatoryUpdateInputSerializer

    def get_queryset(self):
        visible = access.contracts_visible_to(self.request.user)
        return (
            Signatory.objects.filter(contract__in=visible)
            .select_related("contract__ars", "organisation", "person__user")
            .order_by("contract_id", "order", "id")
        )

    def update_record(self, record, data: dict):
        return services.signatory_update(signatory=record, by=self.request.user, **data)

    def create(self, request):
        data = self.input(SignatoryInputSerializer)
        self.check_may(data["contract"])
        signatory = services.signatory_add_described(by=request.user, **data)
        return self.respond(signatory, status.HTTP_201_CREATED)


# --- Amendments -------------------------------------------------------------------------------


class AmendmentSerializer(DescribedModelSerializer):
    class Meta:
        model = Amendment
        fields = ["id", "contract", "number", "signed_on", "subject", "description"]


class AmendmentUpdateInputSerializer(DescribedModelSerializer):
    """An avenant's date and subject; its date may not be in the future (the model's rule)."""

    class Meta:
        model = Amendment
        fields = ["signed_on", "subject", "description"]
        validators = []  # the service checks the rules, with their messages


class AmendmentInputSerializer(ContractChoice, AmendmentUpdateInputSerializer):
    class Meta(AmendmentUpdateInputSerializer.Meta):
        fields = ["contract", *AmendmentUpdateInputSerializer.Meta.fields]


class AmendmentFilter(ApiFilterSet):
    contract = IntegerFilter(label="Identifiant du contrat.")

    class Meta:
        model = Amendment
        fields = ["contract"]


@extend_schema_view(
    list=extend_schema(
        description=(
            "Avenants des contrats visibles, par contrat puis par numéro, paginés par numéro de "
            "page. Les corriger modifie le contrat, que `updated_since` fait alors relire."
        )
    ),
    create=extend_schema(
        request=AmendmentInputSerializer,
        responses={201: AmendmentSerializer},
        description=(
            f"Enregistrer l'avenant suivant d'un contrat ({WHO}) : il prend le numéro qui suit "
            "le dernier. Sa date de signature ne peut être dans le futur."
        ),
    ),
    partial_update=extend_schema(
        request=AmendmentUpdateInputSerializer,
        parameters=[IF_MATCH],
        responses={200: AmendmentSerializer},
        description=f"Corriger la date, l'objet ou la description d'un avenant ({WHO}).",
    ),
    destroy=extend_schema(
        parameters=[IF_MATCH],
        responses={204: None},
        description=(
            f"Supprimer un avenant saisi par erreur ({WHO}) ; ses documents restent parmi ceux "
            "du contrat. La suppression se lit ensuite dans `/deletions/`."
        ),
    ),
)
class AmendmentViewSet(PlanRecordViewSet):
    """Avenants des contrats visibles."""

    serializer_class = AmendmentSerializer
    filterset_class = AmendmentFilter
    pagination_class = Pagination
    record_kind = "avenants"
    update_serializer = AmendmentUpdateInputSerializer

    def get_queryset(self):
        visible = access.contracts_visible_to(self.request.user)
        return (
            Amendment.objects.filter(contract__in=visible)
            .select_related("contract__ars")
            .order_by("contract_id", "number", "id")
        )

    def create(self, request):
        data = self.input(AmendmentInputSerializer)
        self.check_may(data["contract"])
        return self.respond(services.amendment_add(**data), status.HTTP_201_CREATED)
