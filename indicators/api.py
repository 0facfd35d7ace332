"""API of indicators and their values, and how partner tools feed values.

A value is upserted by indicator and period (`PUT /indicators/{id}/values/{period}/`): sending
the same figure again changes nothing, so a whole year's feed can be resent safely. The batch
endpoint records what it can and answers item by item. Writes need `values:write` and the right
to feed the indicator (`contracts.access.can_feed_values`). Correcting and removing an indicator
(`PATCH`, `DELETE`) is correcting the plan: `plan:write`, for whoever may add indicators to the
contract (`indicators.corrections`).
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action as route
from rest_framework.response import Response

from actions.models import Action
from actors.enums import TokenScope
from config.api_base import (
    DescribedModelSerializer,
    IntegerFilter,
    ReadViewSet,
    SyncFilterSet,
    WriteViewSet,
    check_if_match,
    detail_response,
    etag_of,
)
from config.api_tools import django_error_details
from config.fastpaths.json_rows import DatabaseRowsMixin, related_row
from contracts import access
from indicators import corrections
from indicators.enums import IndicatorKind, Periodicity, ValueStatus
from indicators.models import VALUE_DIGITS, Indicator, IndicatorDefinition, IndicatorValue
from indicators.periods import InvalidPeriod, Period
from indicators.services import indicator_value_upsert

MAX_BATCH = 500
PERIOD = OpenApiParameter(
    "period",
    location=OpenApiParameter.PATH,
    description=(
        "Période selon la périodicité de l'indicateur : `2025` (année), `2025-S1` (semestre), "
        "`2025-Q3` (trimestre) ou `2025-03` (mois)."
    ),
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    location=OpenApiParameter.HEADER,
    required=False,
    description="ETag lu auparavant : si la ressource a changé depuis, la réponse est 412.",
)


class DefinitionSerializer(DescribedModelSerializer):
    class Meta:
        model = IndicatorDefinition
        fields = [
            "code",
            "name",
            "description",
            "kind",
            "unit",
            "decimals",
            "direction",
            "min_value",
            "max_value",
            "source",
            "geographic_level",
            "periodicity",
            "numerator_label",
            "denominator_label",
        ]


class IndicatorSerializer(DescribedModelSerializer):
    definition = DefinitionSerializer(read_only=True, help_text="Ce que mesure l'indicateur.")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "contract",
            "action",
            "definition",
            "baseline_value",
            "baseline_on",
            "target_value",
            "target_on",
            "comment",
            "created_at",
            "updated_at",
        ]


class DefinitionInputSerializer(DefinitionSerializer):
    """A definition's fields as corrected: on an indicator of the contract's own only."""

    class Meta(DefinitionSerializer.Meta):
        fields = [name for name in DefinitionSerializer.Meta.fields if name != "code"]


class IndicatorInputSerializer(DescribedModelSerializer):
    """What `PATCH /indicators/{id}/` corrects; the rules are checked by the service."""

    definition = DefinitionInputSerializer(
        required=False,
        help_text="Champs de la définition à corriger : seulement pour un indicateur propre au "
        "contrat (une définition du catalogue national ou régional est partagée) ; l'unité et "
        "la périodicité seulement tant qu'aucune valeur n'est saisie.",
    )
    action = serializers.PrimaryKeyRelatedField(
        queryset=Action.objects.none(),
        allow_null=True,
        required=False,
        help_text="Fiche action du contrat à laquelle l'indicateur est rattaché (null : le "
        "contrat).",
    )

    class Meta:
        model = Indicator
        fields = [
            "definition",
            "action",
            "baseline_value",
            "baseline_on",
            "target_value",
            "target_on",
            "comment",
        ]
        validators = []  # the service checks the rules, with their messages

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contract is not None:
            self.fields["action"].queryset = contract.actions.all()


class ValueSerializer(DescribedModelSerializer):
    contract = serializers.IntegerField(
        source="contract_id", read_only=True, help_text="Contrat de l'indicateur."
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "contract",
            "period",
            "period_start",
            "period_end",
            "value",
            "numerator",
            "denominator",
            "comment",
            "source",
            "status",
            "review_comment",
            "entered_at",
            "validated_at",
            "updated_at",
        ]


class ValueInputSerializer(serializers.Serializer):
    """A value as sent for one period; the bounds and the period are checked by the service."""

    value = serializers.DecimalField(**VALUE_DIGITS, help_text="Valeur mesurée pour la période.")
    numerator = serializers.DecimalField(
        **VALUE_DIGITS, required=False, allow_null=True, help_text="Numérateur, s'il y a lieu."
    )
    denominator = serializers.DecimalField(
        **VALUE_DIGITS,
        required=False,
        allow_null=True,
        help_text="Dénominateur (strictement positif), s'il y a lieu.",
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, help_text="Commentaire."
    )
    source = serializers.CharField(
        required=False, allow_blank=True, max_length=255, help_text="Source de la donnée."
    )


class BatchItemSerializer(ValueInputSerializer):
    indicator = serializers.IntegerField(min_value=1, help_text="Identifiant de l'indicateur.")
    period = serializers.CharField(max_length=10, help_text="Période, par exemple `2025`.")


class BatchSerializer(serializers.Serializer):
    # Any JSON value per item: a malformed item is refused alone, in its result.
    values = serializers.ListField(
        child=serializers.JSONField(allow_null=True),
        min_length=1,
        max_length=MAX_BATCH,
        help_text=f"Jusqu'à {MAX_BATCH} valeurs : `indicator`, `period`, `value`, et au besoin "
        "`numerator`, `denominator`, `comment`, `source`.",
    )


BATCH_RESULT = inline_serializer(
    "BatchResult",
    {
        "accepted": serializers.IntegerField(help_text="Nombre de valeurs enregistrées."),
        "refused": serializers.IntegerField(help_text="Nombre de valeurs refusées."),
        "results": serializers.ListField(
            child=inline_serializer(
                "BatchItemResult",
                {
                    "index": serializers.IntegerField(help_text="Rang de la valeur envoyée."),
                    "outcome": serializers.ChoiceField(
                        choices=["created", "updated", "unchanged", "refused"],
                        help_text="Ce qui a été fait de la valeur.",
                    ),
                    "id": serializers.IntegerField(
                        required=False, help_text="Identifiant de la valeur enregistrée."
                    ),
                    "message": serializers.CharField(
                        required=False, help_text="Motif du refus, en français."
                    ),
                    "details": serializers.DictField(
                        required=False, help_text="Messages par champ du refus."
                    ),
                },
            ),
            help_text="Une réponse par valeur envoyée, dans l'ordre.",
        ),
    },
)


class IndicatorFilter(SyncFilterSet):
    contract = IntegerFilter(label="Identifiant du contrat.")
    action = IntegerFilter(label="Identifiant de la fiche action.")
    code = django_filters.CharFilter(field_name="definition__code", label="Code de la définition.")
    kind = django_filters.ChoiceFilter(
        field_name="definition__kind", choices=IndicatorKind.choices, label="Type d'indicateur."
    )
    periodicity = django_filters.ChoiceFilter(
        field_name="definition__periodicity", choices=Periodicity.choices, label="Périodicité."
    )
    region = django_filters.CharFilter(
        field_name="contract__ars__region", label="Code INSEE de la région du contrat."
    )
    search = django_filters.CharFilter(
        method="filter_search", label="Recherche dans le code et l'intitulé de la définition."
    )

    class Meta:
        model = Indicator
        fields = ["contract", "action", "code", "kind", "periodicity", "region", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(definition__code__icontains=value) | Q(definition__name__icontains=value)
        )


class ValueFilter(SyncFilterSet):
    indicator = IntegerFilter(label="Identifiant de l'indicateur.")
    contract = IntegerFilter(label="Identifiant du contrat.")
    period = django_filters.CharFilter(label="Période exacte, par exemple `2025` ou `2025-Q3`.")
    year = IntegerFilter(
        field_name="period_start__year", min_value=1900, max_value=2200, label="Année des périodes."
    )
    status = django_filters.ChoiceFilter(choices=ValueStatus.choices, label="État de la valeur.")

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "contract", "period", "year", "status", "updated_since"]


@extend_schema_view(
    partial_update=extend_schema(
        request=IndicatorInputSerializer,
        parameters=[IF_MATCH],
        responses={200: IndicatorSerializer},
        description=(
            "Corriger un indicateur (ARS de la région, coordination du contrat ; droit "
            "`plan:write`) : fiche action, référence, cible, commentaire ; et, pour un "
            "indicateur propre au contrat, sa définition. L'unité et la périodicité ne "
            "changent plus une fois une valeur saisie."
        ),
    ),
    destroy=extend_schema(
        parameters=[IF_MATCH],
        responses={204: None},
        description=(
            "Supprimer un indicateur et ses valeurs (ARS de la région, coordination ; "
            "`plan:write`). Refusé (400) tant que l'ARS a validé certaines de ses valeurs. "
            "La suppression se lit ensuite dans `/deletions/`."
        ),
    ),
)
class IndicatorViewSet(DatabaseRowsMixin, WriteViewSet):
    """Indicateurs suivis sur les contrats visibles (ceux d'une fiche confidentielle ne sont
    montrés qu'à qui voit la fiche), avec leur définition, leur référence et leur cible."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    http_method_names = ["get", "put", "patch", "delete", "head", "options"]

    @property
    def write_scope(self) -> str:
        """Feeding values is `values:write`; correcting the indicator itself is `plan:write`."""
        return TokenScope.VALUES_WRITE if self.action == "values" else TokenScope.PLAN_WRITE

    def get_queryset(self):
        # The action's lead and the person following the indicator come along: who may feed
        # its values is read from them (`access.can_feed_values`) without a query each.
        indicators = Indicator.objects.select_related(
            "definition", "action__lead_person", "responsible", "contract__ars"
        ).order_by("updated_at", "id")
        return access.indicators_visible_to(self.request.user, indicators)

    def row_computed(self):
        return {
            "definition": related_row(
                DefinitionSerializer, IndicatorDefinition.objects.all(), "definition_id"
            )
        }

    @extend_schema(
        methods=["GET"],
        parameters=[PERIOD],
        responses={200: ValueSerializer},
        description="La valeur de l'indicateur pour une période.",
    )
    @extend_schema(
        methods=["PUT"],
        parameters=[PERIOD, IF_MATCH],
        request=ValueInputSerializer,
        responses={200: ValueSerializer, 201: ValueSerializer},
        description=(
            "Enregistrer la valeur d'une période (création ou correction, droit `values:write`). "
            "Renvoyer la même valeur ne change rien ; une valeur corrigée repasse en brouillon."
        ),
    )
    @route(detail=True, methods=["get", "put"], url_path=r"values/(?P<period>[^/]+)")
    def values(self, request, pk=None, period=None):
        indicator = self.get_object()
        if request.method == "GET":
            code = _period_code(indicator, period)
            value = IndicatorValue.objects.filter(indicator=indicator, period=code).first()
            if value is None:
                raise exceptions.NotFound("Aucune valeur pour cette période.")
            return detail_response(request, ValueSerializer(value).data)
        if not access.can_feed_values(request.user, indicator):
            raise exceptions.PermissionDenied(
                "Vous ne pouvez pas saisir de valeurs pour cet indicateur."
            )
        data = _validated(ValueInputSerializer, request.data)
        value, outcome = indicator_value_upsert(
            indicator=indicator,
            period=period,
            by=request.user,
            # Checked by the service with the value locked: no write can slip in between.
            check_current=lambda current: check_if_match(
                request, etag_of(ValueSerializer(current).data)
            ),
            **data,
        )
        created = outcome == "created"
        return detail_response(
            request,
            ValueSerializer(value).data,
            status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def _corrected(self) -> Indicator:
        """The indicator, locked, if the user may add indicators to its contract."""
        indicator = self.locked_object()
        if not access.can_coordinate_contract(self.request.user, indicator.contract):
            raise exceptions.PermissionDenied(
                "Seules l'ARS et la coordination du contrat corrigent ses indicateurs."
            )
        return indicator

    def partial_update(self, request, pk=None):
        with transaction.atomic():
            indicator = self._corrected()
            data = self.input(IndicatorInputSerializer, partial=True, contract=indicator.contract)
            try:
                indicator = corrections.indicator_update(
                    indicator=indicator, by=request.user, **data.pop("definition", {}), **data
                )
            except DjangoValidationError as error:
                raise exceptions.ValidationError(_nested_errors(error)) from error
        return self.respond(indicator)

    def destroy(self, request, pk=None):
        with transaction.atomic():
            corrections.indicator_delete(indicator=self._corrected(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _nested_errors(error: DjangoValidationError) -> dict:
    """The service's messages placed as the request had them: a definition's under
    `definition`."""
    details = django_error_details(error)
    definition = {
        name: details.pop(name) for name in list(details) if name in corrections.DEFINITION_FIELDS
    }
    return details | ({"definition": definition} if definition else {})


class IndicatorValueViewSet(DatabaseRowsMixin, ReadViewSet):
    """Valeurs des indicateurs visibles, une par indicateur et par période."""

    serializer_class = ValueSerializer
    filterset_class = ValueFilter
    write_scope = TokenScope.VALUES_WRITE

    def get_queryset(self):
        values = IndicatorValue.objects.select_related("indicator").order_by("updated_at", "id")
        return access.indicator_values_visible_to(self.request.user, values)

    @extend_schema(
        request=BatchSerializer,
        responses={200: BATCH_RESULT},
        description=(
            f"Enregistrer jusqu'à {MAX_BATCH} valeurs en une requête (droit `values:write`). "
            "Chaque valeur est traitée à part : les valides sont enregistrées même si d'autres "
            "sont refusées, et la réponse dit pour chacune ce qui en a été fait."
        ),
    )
    @route(detail=False, methods=["post"])
    def batch(self, request):
        items = _validated(BatchSerializer, request.data)["values"]
        indicators = access.indicators_visible_to(
            request.user,
            Indicator.objects.select_related(
                "definition", "action__lead_person", "responsible", "contract__ars"
            ),
        )
        feeder = _Feeder(request.user, indicators)
        results = [feeder.record(index, item) for index, item in enumerate(items)]
        accepted = sum(1 for result in results if result["outcome"] != "refused")
        return Response(
            {"accepted": accepted, "refused": len(results) - accepted, "results": results}
        )


def _period_code(indicator: Indicator, period: str) -> str | None:
    """The period as stored (`2025-s1` → `2025-S1`); None when it is not one."""
    try:
        return Period.parse(period, indicator.definition.periodicity).code
    except InvalidPeriod:
        return None


def _validated(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class _Feeder:
    """Records batch items one by one, each in its own transaction, and says what happened."""

    def __init__(self, user, indicators):
        self.user = user
        self.indicators = indicators
        self.allowed: dict[int, Indicator | None] = {}

    def _indicator(self, pk: int) -> Indicator | None:
        """The indicator if visible and feedable by the user (looked up once per indicator)."""
        if pk not in self.allowed:
            indicator = self.indicators.filter(pk=pk).first()
            if indicator is not None and not access.can_feed_values(self.user, indicator):
                indicator = None
            self.allowed[pk] = indicator
        return self.allowed[pk]

    def record(self, index: int, item) -> dict:
        if not isinstance(item, dict):
            return _refused(
                index,
                "Valeur invalide.",
                {"non_field_errors": ["Chaque valeur est un objet JSON ({…})."]},
            )
        serializer = BatchItemSerializer(data=item)
        if not serializer.is_valid():
            return _refused(index, "Valeur invalide.", serializer.errors)
        data = dict(serializer.validated_data)
        indicator = self._indicator(data.pop("indicator"))
        if indicator is None:
            return _refused(
                index,
                "Indicateur introuvable ou que vous ne pouvez pas alimenter.",
                {"indicator": ["Indicateur introuvable ou non modifiable."]},
            )
        try:
            value, outcome = indicator_value_upsert(indicator=indicator, by=self.user, **data)
        except DjangoValidationError as error:
            return _refused(index, "Valeur refusée.", django_error_details(error))
        return {"index": index, "outcome": outcome, "id": value.pk}


def _refused(index: int, message: str, details) -> dict:
    return {"index": index, "outcome": "refused", "message": message, "details": details}
