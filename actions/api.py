"""API of action sheets (fiches actions), their follow-up notes, and meetings.

Reads are scoped by `contracts.access` (confidential sheets only for those allowed); writes go
through `actions.services` after the access predicates: a sheet is changed by its contract's
coordination or its lead, a meeting by the coordination. A stale `If-Match` (or `version`)
answers 412 and writes nothing.
"""

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import (
    BooleanField,
    CharField,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from actions.enums import ActionStatus, CitizenParticipation, Priority
from actions.fields import EDITED_FIELDS, LIST_FIELDS, model_field
from actions.models import Action, ActionUpdate, Determinant, TargetGroup, late_condition
from actions.services import (
    ActionVersionConflict,
    action_create,
    action_note_add,
    action_update,
    meeting_delete,
    meeting_record,
    meeting_update,
)
from actors.enums import TokenScope
from actors.models import Organisation, Person
from config.api_base import (
    DescribedModelSerializer,
    IntegerFilter,
    SyncFilterSet,
    WriteViewSet,
)
from config.api_tools import PreconditionFailed
from config.fastpaths.json_rows import DatabaseRowsMixin
from contracts import access
from contracts.models import Axis, Contract, GovernanceBody, Meeting, Objective, Theme
from territories.models import Commune

IF_MATCH = OpenApiParameter(
    "If-Match",
    location=OpenApiParameter.HEADER,
    required=False,
    description="ETag lu auparavant : si la ressource a changé depuis, la réponse est 412.",
)


# How the API shows a sheet's fields where it is not as they are: the lead person by name, the
# status followed by whether the action is late.
SHOWN_AS = {"lead_person": ["lead_person_name"], "status": ["status", "is_late"]}
SHOWN_FIELDS = [shown for name in EDITED_FIELDS for shown in SHOWN_AS.get(name, [name])]
# The API does not write the lead person: people are not in the API.
WRITTEN_FIELDS = [name for name in EDITED_FIELDS if name != "lead_person"]


def _caller(serializer):
    """Who the input comes from; nobody (nothing visible) when the schema is generated."""
    request = serializer.context.get("request")
    return request.user if request is not None else AnonymousUser()


class ActionSerializer(DescribedModelSerializer):
    lead_person_name = serializers.SerializerMethodField(
        help_text="Nom du référent ou de la référente de la fiche."
    )
    target_groups = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code", help_text="Codes des publics cibles."
    )
    determinants = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code", help_text="Codes des déterminants de santé."
    )
    themes = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code", help_text="Codes des thématiques."
    )
    intervention_communes = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text="Codes INSEE des communes d'intervention (vide : tout le territoire).",
    )
    is_late = serializers.BooleanField(
        read_only=True,
        help_text="Fin prévue dépassée sans que l'action soit réalisée ou abandonnée.",
    )

    class Meta:
        model = Action
        fields = ["id", "contract", *SHOWN_FIELDS, "version", "created_at", "updated_at"]
        read_only_fields = fields

    def get_lead_person_name(self, action) -> str:
        return str(action.lead_person) if action.lead_person else ""


class ActionInputSerializer(DescribedModelSerializer):
    """What a caller may write on a sheet; the rules themselves are in `actions.services`."""

    objectives = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Objective.objects.all(), help_text="Objectifs."
    )
    partners = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Organisation.objects.all(),
        help_text="Organisations partenaires.",
    )
    target_groups = serializers.SlugRelatedField(
        many=True,
        required=False,
        slug_field="code",
        queryset=TargetGroup.objects.all(),
        help_text="Codes des publics cibles.",
    )
    determinants = serializers.SlugRelatedField(
        many=True,
        required=False,
        slug_field="code",
        queryset=Determinant.objects.all(),
        help_text="Codes des déterminants de santé.",
    )
    themes = serializers.SlugRelatedField(
        many=True,
        required=False,
        slug_field="code",
        queryset=Theme.objects.all(),
        help_text="Codes des thématiques.",
    )
    intervention_communes = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Commune.objects.all(),
        help_text="Codes INSEE des communes d'intervention, dans le territoire du contrat.",
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Version lue auparavant (à défaut d'If-Match) : 412 si la fiche a changé depuis.",
    )

    class Meta:
        model = Action
        fields = ["contract", *WRITTEN_FIELDS, "version"]
        # Uniqueness (contract, number) is checked by the service, with its French message.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = _caller(self)
        visible = access.contracts_visible_to(user)
        if "contract" in self.fields:
            self.fields["contract"].queryset = visible
        self.fields["axis"].queryset = Axis.objects.filter(contract__in=visible.values("pk"))


class ActionUpdateInputSerializer(ActionInputSerializer):
    class Meta(ActionInputSerializer.Meta):
        fields = [f for f in ActionInputSerializer.Meta.fields if f != "contract"]


class ActionNoteSerializer(DescribedModelSerializer):
    author_name = serializers.SerializerMethodField(help_text="Auteur ou autrice de la note.")

    class Meta:
        model = ActionUpdate
        fields = [
            "id",
            "action",
            "author_name",
            "written_on",
            "text",
            "new_status",
            "created_at",
            "updated_at",
        ]

    def get_author_name(self, note) -> str:
        return str(note.author)


class ActionNoteInputSerializer(DescribedModelSerializer):
    class Meta:
        model = ActionUpdate
        fields = ["action", "written_on", "text", "new_status"]
        extra_kwargs = {"written_on": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = access.actions_visible_to(
            _caller(self), Action.objects.all()
        )


class MeetingSerializer(DescribedModelSerializer):
    body_kind = serializers.CharField(
        source="body.kind", read_only=True, help_text="Nature de l'instance."
    )
    body_name = serializers.CharField(
        source="body.name", read_only=True, help_text="Nom de l'instance."
    )
    reviewed_actions = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Fiches actions examinées en séance."
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "contract",
            "body",
            "body_kind",
            "body_name",
            "held_on",
            "title",
            "location",
            "agenda",
            "decisions",
            "attending_organisations",
            "reviewed_actions",
            "created_at",
            "updated_at",
        ]


class MeetingInputSerializer(DescribedModelSerializer):
    attending_organisations = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Organisation.objects.all(),
        help_text="Organisations présentes.",
    )
    reviewed_actions = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Action.objects.all(),
        help_text="Fiches actions examinées en séance, du même contrat.",
    )

    class Meta:
        model = Meeting
        fields = [
            "contract",
            "body",
            "held_on",
            "title",
            "location",
            "agenda",
            "decisions",
            "attending_organisations",
            "reviewed_actions",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = _caller(self)
        visible = access.contracts_visible_to(user)
        if "contract" in self.fields:
            self.fields["contract"].queryset = visible
        self.fields["body"].queryset = GovernanceBody.objects.filter(
            contract__in=visible.values("pk")
        )
        self.fields["reviewed_actions"].child_relation.queryset = access.actions_visible_to(
            user, Action.objects.all()
        )


class MeetingUpdateInputSerializer(MeetingInputSerializer):
    class Meta(MeetingInputSerializer.Meta):
        fields = [f for f in MeetingInputSerializer.Meta.fields if f != "contract"]


class ActionFilter(SyncFilterSet):
    contract = IntegerFilter(label="Identifiant du contrat.")
    axis = IntegerFilter(label="Identifiant de l'axe.")
    status = django_filters.MultipleChoiceFilter(
        choices=ActionStatus.choices, label="Statut (répétable)."
    )
    priority = django_filters.ChoiceFilter(choices=Priority.choices, label="Priorité.")
    citizen_participation = django_filters.ChoiceFilter(
        choices=CitizenParticipation.choices, label="Niveau de participation citoyenne."
    )
    theme = django_filters.CharFilter(
        method="filter_theme", label="Code d'une thématique (par exemple `mental_health`)."
    )
    organisation = IntegerFilter(
        method="filter_organisation",
        label="Identifiant d'une organisation pilote ou partenaire de la fiche.",
    )
    region = django_filters.CharFilter(
        field_name="contract__ars__region", label="Code INSEE de la région du contrat."
    )
    search = django_filters.CharFilter(
        method="filter_search", label="Recherche dans le numéro, l'intitulé et la description."
    )

    class Meta:
        model = Action
        fields = [
            "contract",
            "axis",
            "status",
            "priority",
            "citizen_participation",
            "theme",
            "organisation",
            "region",
            "search",
            "updated_since",
        ]

    def filter_theme(self, queryset, name, value):
        return queryset.filter(
            pk__in=Action.themes.through.objects.filter(theme=value).values("action_id")
        )

    def filter_organisation(self, queryset, name, value):
        partnering = Action.partners.through.objects.filter(organisation=value)
        return queryset.filter(
            Q(lead_organisation=value) | Q(pk__in=partnering.values("action_id"))
        )

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(description__icontains=value)
        )


class ActionNoteFilter(SyncFilterSet):
    action = IntegerFilter(label="Identifiant de la fiche action.")
    contract = IntegerFilter(field_name="action__contract", label="Identifiant du contrat.")

    class Meta:
        model = ActionUpdate
        fields = ["action", "contract", "updated_since"]


class MeetingFilter(SyncFilterSet):
    contract = IntegerFilter(label="Identifiant du contrat.")
    body_kind = django_filters.CharFilter(
        field_name="body__kind",
        label="Nature de l'instance : copil, cotech, working_group, plenary.",
    )
    held_after = django_filters.DateFilter(
        field_name="held_on", lookup_expr="gte", label="Réunions tenues ce jour ou après."
    )
    held_before = django_filters.DateFilter(
        field_name="held_on", lookup_expr="lte", label="Réunions tenues ce jour ou avant."
    )

    class Meta:
        model = Meeting
        fields = ["contract", "body_kind", "held_after", "held_before", "updated_since"]


def _conflict(error: ActionVersionConflict) -> PreconditionFailed:
    changed = ", ".join(change.label for change in error.changes)
    detail = f"{error.message} Champs modifiés : {changed}." if changed else error.message
    return PreconditionFailed(detail)


def action_related_keys() -> tuple[Prefetch, ...]:
    """The keys of an action's relations the serializer shows, not whole related rows: those
    cost more to build than the whole query takes in the database."""
    return tuple(
        Prefetch(name, queryset=model_field(name).related_model.objects.only("pk").order_by("pk"))
        for name in LIST_FIELDS
    )


@extend_schema_view(
    create=extend_schema(
        request=ActionInputSerializer,
        responses={201: ActionSerializer},
        description="Créer une fiche action (coordination du contrat ; droit `actions:write`).",
    ),
    partial_update=extend_schema(
        request=ActionUpdateInputSerializer,
        parameters=[IF_MATCH],
        responses={200: ActionSerializer},
        description=(
            "Modifier une fiche action (coordination ou pilote ; droit `actions:write`). "
            "Envoyer `If-Match` (ou `version`) : 412 si la fiche a changé depuis la lecture."
        ),
    ),
)
class ActionViewSet(DatabaseRowsMixin, WriteViewSet):
    """Fiches actions des contrats visibles ; les fiches confidentielles ne sont montrées qu'à
    l'ARS, à la coordination du contrat et au pilote de la fiche."""

    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    write_scope = TokenScope.ACTIONS_WRITE
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        actions = (
            Action.objects.select_related("contract__ars", "lead_person")
            .prefetch_related(*action_related_keys())
            .order_by("updated_at", "id")
        )
        return access.actions_visible_to(self.request.user, actions)

    def row_computed(self):
        # As `str(Person)` and `Action.is_late` show them.
        return {
            "lead_person_name": Coalesce(
                Subquery(
                    Person.objects.filter(pk=OuterRef("lead_person_id")).values(
                        name=Concat("first_name", Value(" "), "last_name", output_field=CharField())
                    )
                ),
                Value(""),
            ),
            "is_late": Coalesce(
                ExpressionWrapper(late_condition(), output_field=BooleanField()), Value(False)
            ),
        }

    def create(self, request):
        data = self.input(ActionInputSerializer)
        data.pop("version", None)
        contract = data.pop("contract")
        if not access.can_coordinate_contract(request.user, contract):
            raise exceptions.PermissionDenied(
                "Seules l'ARS et la coordination du contrat créent des fiches actions."
            )
        action = action_create(contract=contract, by=request.user, **data)
        return self.respond(action, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        with transaction.atomic():
            action = self.locked_object()
            if not access.can_edit_action(request.user, action):
                raise exceptions.PermissionDenied(
                    "Seuls la coordination du contrat et le pilote de la fiche la modifient."
                )
            data = self.input(ActionUpdateInputSerializer, partial=True)
            expected = data.pop("version", action.version)
            try:
                action = action_update(
                    action=action, expected_version=expected, by=request.user, **data
                )
            except ActionVersionConflict as error:
                raise _conflict(error) from error
        return self.respond(action)


@extend_schema_view(
    create=extend_schema(
        request=ActionNoteInputSerializer,
        responses={201: ActionNoteSerializer},
        description=(
            "Ajouter une note de suivi à une fiche (coordination ou pilote ; droit "
            "`actions:write`). Un `new_status` devient le statut de la fiche."
        ),
    ),
)
class ActionNoteViewSet(WriteViewSet):
    """Notes de suivi des fiches actions visibles, datées et signées."""

    serializer_class = ActionNoteSerializer
    filterset_class = ActionNoteFilter
    write_scope = TokenScope.ACTIONS_WRITE
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        visible = access.actions_visible_to(self.request.user, Action.objects.all())
        return (
            ActionUpdate.objects.filter(action__in=visible.values("pk"))
            .select_related("author")
            .order_by("updated_at", "id")
        )

    def create(self, request):
        data = self.input(ActionNoteInputSerializer)
        action = data.pop("action")
        if not access.can_edit_action(request.user, action):
            raise exceptions.PermissionDenied(
                "Seuls la coordination du contrat et le pilote de la fiche y ajoutent des notes."
            )
        note = action_note_add(action=action, by=request.user, **data)
        return self.respond(note, status.HTTP_201_CREATED)


@extend_schema_view(
    create=extend_schema(
        request=MeetingInputSerializer,
        responses={201: MeetingSerializer},
        description="Enregistrer une réunion (coordination du contrat ; droit `actions:write`).",
    ),
    partial_update=extend_schema(
        request=MeetingUpdateInputSerializer,
        parameters=[IF_MATCH],
        responses={200: MeetingSerializer},
        description="Corriger une réunion (coordination ; droit `actions:write`).",
    ),
    destroy=extend_schema(
        parameters=[IF_MATCH],
        responses={204: None},
        description="Supprimer une réunion saisie par erreur (coordination ; `actions:write`).",
    ),
)
class MeetingViewSet(WriteViewSet):
    """Réunions des instances de gouvernance (COPIL, COTECH…) des contrats visibles."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    write_scope = TokenScope.ACTIONS_WRITE
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        return (
            Meeting.objects.filter(contract__in=access.contracts_visible_to(user).values("pk"))
            .select_related("body")
            .prefetch_related(
                "attending_organisations",
                Prefetch(
                    "reviewed_actions",
                    queryset=access.actions_visible_to(user, Action.objects.only("id")),
                ),
            )
            .order_by("updated_at", "id")
        )

    def _check_coordination(self, contract: Contract):
        if not access.can_coordinate_contract(self.request.user, contract):
            raise exceptions.PermissionDenied(
                "Seules l'ARS et la coordination du contrat enregistrent ses réunions."
            )

    def create(self, request):
        data = self.input(MeetingInputSerializer)
        self._check_coordination(data["contract"])
        meeting = meeting_record(by=request.user, **data)
        return self.respond(meeting, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        with transaction.atomic():
            meeting = self.locked_object()
            self._check_coordination(meeting.contract)
            data = self.input(MeetingUpdateInputSerializer, partial=True)
            meeting = meeting_update(meeting=meeting, **data)
        return self.respond(meeting)

    def destroy(self, request, pk=None):
        with transaction.atomic():
            meeting = self.locked_object()
            self._check_coordination(meeting.contract)
            meeting_delete(meeting=meeting)
        return Response(status=status.HTTP_204_NO_CONTENT)
