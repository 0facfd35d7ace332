"""Indicators: the shared catalogue, their use on a contract or action, and their values.

An `IndicatorDefinition` says what is measured and how; an `Indicator` applies it to a contract
(optionally one action) with a baseline and a target; an `IndicatorValue` is the measure for one
period, which goes draft → submitted → validated or rejected.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions.models import Action
from actors.models import Person
from contracts.models import Contract, dates_in_order
from indicators.enums import (
    CatalogueScope,
    Direction,
    GeographicLevel,
    IndicatorKind,
    Periodicity,
    PlanImportStatus,
    ValueStatus,
)
from indicators.periods import InvalidPeriod, Period
from territories.models import Region

VALUE_DIGITS = {"max_digits": 18, "decimal_places": 4}

# The rules of a value's figures and review: check constraints of `IndicatorValue`, checked first
# in Python by its `clean()` with these messages (the database stays the last guard).
VALUE_RULES = {
    "value_denominator_positive": "Le dénominateur doit être strictement positif.",
    "value_numerator_within_denominator": "Le numérateur ne peut pas dépasser le dénominateur.",
    "value_numerator_non_negative": "Le numérateur ne peut pas être négatif.",
    "value_rejection_explained": "Un refus doit être motivé.",
}


def french_number(number: Decimal) -> str:
    """`Decimal("12.5000")` → `12,5`: the way French users write numbers."""
    return format(number.normalize(), "f").replace(".", ",")


class IndicatorDefinitionQuerySet(models.QuerySet):
    def available_to(self, contract):
        """The catalogue a contract chooses from: national, its région's, and its own."""
        return self.filter(
            Q(scope=CatalogueScope.NATIONAL)
            | Q(scope=CatalogueScope.REGIONAL, region_id=contract.ars.region_id)
            | Q(scope=CatalogueScope.CONTRACT, contract=contract)
        )


class IndicatorDefinition(models.Model):
    code = models.CharField("code", max_length=50, unique=True)
    name = models.CharField("intitulé", max_length=255)
    description = models.TextField("définition et mode de calcul", blank=True)
    kind = models.CharField("type", max_length=10, choices=IndicatorKind.choices)
    unit = models.CharField("unité", max_length=50, blank=True, help_text="%, nombre, €, jours…")
    decimals = models.PositiveSmallIntegerField("décimales affichées", default=0)
    direction = models.CharField(
        "sens d'évolution souhaité", max_length=5, choices=Direction.choices, default=Direction.UP
    )
    min_value = models.DecimalField("valeur minimale", null=True, blank=True, **VALUE_DIGITS)
    max_value = models.DecimalField("valeur maximale", null=True, blank=True, **VALUE_DIGITS)
    source = models.CharField("source des données", max_length=255, blank=True)
    geographic_level = models.CharField(
        "échelle géographique",
        max_length=20,
        choices=GeographicLevel.choices,
        default=GeographicLevel.TERRITORY,
    )
    periodicity = models.CharField(
        "périodicité", max_length=10, choices=Periodicity.choices, default=Periodicity.YEAR
    )
    numerator_label = models.CharField("numérateur", max_length=255, blank=True)
    denominator_label = models.CharField("dénominateur", max_length=255, blank=True)
    scope = models.CharField(
        "catalogue", max_length=10, choices=CatalogueScope.choices, default=CatalogueScope.NATIONAL
    )
    region = models.ForeignKey(
        Region,
        verbose_name="région (catalogue régional)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    contract = models.ForeignKey(
        Contract,
        verbose_name="contrat (indicateur propre)",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_indicator_definitions",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    # A contract's own definitions are corrected by their contract's people: who renamed what.
    history = HistoricalRecords()

    objects = IndicatorDefinitionQuerySet.as_manager()

    class Meta:
        verbose_name = "définition d'indicateur"
        verbose_name_plural = "catalogue des indicateurs"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=F("max_value")),
                name="definition_bounds_in_order",
                violation_error_message="La valeur minimale dépasse la valeur maximale.",
            ),
            models.CheckConstraint(
                condition=Q(decimals__lte=4),
                name="definition_decimals_range",
                violation_error_message="Au plus 4 décimales.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(scope=CatalogueScope.NATIONAL)
                    & Q(region__isnull=True)
                    & Q(contract__isnull=True)
                )
                | (
                    Q(scope=CatalogueScope.REGIONAL)
                    & Q(region__isnull=False)
                    & Q(contract__isnull=True)
                )
                | (Q(scope=CatalogueScope.CONTRACT) & Q(contract__isnull=False)),
                name="definition_scope_consistent",
                violation_error_message=(
                    "Un indicateur régional précise sa région, un indicateur propre son contrat, "
                    "un indicateur national ni l'un ni l'autre."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    @property
    def has_ratio(self) -> bool:
        return bool(self.numerator_label and self.denominator_label)

    def value_from_ratio(self, numerator: Decimal, denominator: Decimal) -> Decimal | None:
        """The value a numerator and a denominator give: a percentage when the unit is %.

        None when the denominator is zero (the value check then explains why)."""
        if not denominator:
            return None
        ratio = numerator / denominator * (100 if "%" in self.unit else 1)
        return ratio.quantize(Decimal("0.0001"))

    def is_available_to(self, contract) -> bool:
        """National definitions serve every contract, regional ones their région's, own ones
        their contract only."""
        if self.scope == CatalogueScope.NATIONAL:
            return True
        if self.scope == CatalogueScope.REGIONAL:
            return self.region_id == contract.ars.region_id
        return self.contract_id == contract.pk


class IndicatorQuerySet(models.QuerySet):
    def for_contract(self, contract):
        return self.filter(contract=contract)

    def validated_values_count(self) -> int:
        """How many validated values these indicators hold (the guard of a fiche action's
        removal, asked through `action.indicators` by an app that comes before this one)."""
        return IndicatorValue.objects.filter(
            indicator__in=self, status=ValueStatus.VALIDATED
        ).count()


class Indicator(models.Model):
    definition = models.ForeignKey(
        IndicatorDefinition,
        verbose_name="définition",
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="indicators"
    )
    action = models.ForeignKey(
        Action,
        verbose_name="fiche action",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
    )
    baseline_value = models.DecimalField(
        "valeur de référence", null=True, blank=True, **VALUE_DIGITS
    )
    baseline_on = models.DateField("date de référence", null=True, blank=True)
    target_value = models.DecimalField("valeur cible", null=True, blank=True, **VALUE_DIGITS)
    target_on = models.DateField("échéance de la cible", null=True, blank=True)
    responsible = models.ForeignKey(
        Person,
        verbose_name="responsable du suivi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    comment = models.TextField(
        "commentaire",
        blank=True,
        help_text="Précisions sur son suivi dans ce contrat : recueil des données, réserves…",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True, db_index=True)
    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "indicateur"
        verbose_name_plural = "indicateurs"
        ordering = ["contract", "definition__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "action", "definition"],
                name="unique_indicator_per_action",
                violation_error_message="Cet indicateur est déjà suivi pour cette action.",
            ),
            models.UniqueConstraint(
                fields=["contract", "definition"],
                condition=Q(action__isnull=True),
                name="unique_indicator_per_contract",
                violation_error_message="Cet indicateur est déjà suivi pour ce contrat.",
            ),
            dates_in_order(
                "baseline_on",
                "target_on",
                "indicator_baseline_before_target",
                "La date de référence doit précéder l'échéance de la cible.",
            ),
        ]

    def __str__(self):
        return self.definition.name

    def clean(self):
        if self.action_id and self.contract_id and self.action.contract_id != self.contract_id:
            raise ValidationError({"action": "Cette fiche action appartient à un autre contrat."})

    def achievement(self, value: Decimal | None) -> Decimal | None:
        """Share of the way from baseline to target reached by `value` (1 = target reached)."""
        if value is None or self.baseline_value is None or self.target_value is None:
            return None
        distance = self.target_value - self.baseline_value
        if distance == 0:
            reached = value >= self.target_value
            if self.definition.direction == Direction.DOWN:
                reached = value <= self.target_value
            return Decimal(1) if reached else Decimal(0)
        return (value - self.baseline_value) / distance


class IndicatorValueQuerySet(models.QuerySet):
    def validated(self):
        return self.filter(status=ValueStatus.VALIDATED)


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name="indicateur", on_delete=models.CASCADE, related_name="values"
    )
    # The indicator's contract, copied on every save: the values a user may see (a list of
    # contract ids) and those changed since a moment are then found and counted on one index,
    # without joining 200,000 values to their indicators. On PostgreSQL a
    # foreign key on (indicator, contract) keeps it equal to the indicator's, and follows it.
    contract = models.ForeignKey(
        Contract,
        verbose_name="contrat",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        db_index=False,
    )
    period = models.CharField(
        "période", max_length=10, help_text="2025, 2025-S1, 2025-Q3 ou 2025-03."
    )
    # First and last day of the period, derived from `period` when the value is written: stored
    # so that values are ordered and compared with dates in the database.
    period_start = models.DateField("début de période", editable=False)
    period_end = models.DateField("fin de période", editable=False)
    value = models.DecimalField("valeur", **VALUE_DIGITS)
    numerator = models.DecimalField("numérateur", null=True, blank=True, **VALUE_DIGITS)
    denominator = models.DecimalField("dénominateur", null=True, blank=True, **VALUE_DIGITS)
    comment = models.TextField("commentaire", blank=True)
    source = models.CharField("source", max_length=255, blank=True)
    status = models.CharField(
        "état", max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT, db_index=True
    )
    review_comment = models.TextField("motif de la décision", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisie par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField("saisie le", auto_now_add=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="examinée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_at = models.DateTimeField("examinée le", null=True, blank=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True, db_index=True)
    history = HistoricalRecords()

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs d'indicateurs"
        ordering = ["indicator", "period_start"]
        indexes = [
            models.Index(fields=["contract", "updated_at", "id"], name="value_contract_changes"),
            # The values of one period (the dashboard's « valeurs en attente » alert looks for
            # each indicator's value of its last period over a thousand contracts).
            models.Index(fields=["period", "indicator"], name="value_period"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                name="unique_value_per_period",
                violation_error_message="Une valeur existe déjà pour cet indicateur et cette période.",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="value_denominator_positive",
                violation_error_message=VALUE_RULES["value_denominator_positive"],
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=F("denominator")),
                name="value_numerator_within_denominator",
                violation_error_message=VALUE_RULES["value_numerator_within_denominator"],
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0),
                name="value_numerator_non_negative",
                violation_error_message=VALUE_RULES["value_numerator_non_negative"],
            ),
            models.CheckConstraint(
                condition=~Q(status=ValueStatus.REJECTED) | ~Q(review_comment=""),
                name="value_rejection_explained",
                violation_error_message=VALUE_RULES["value_rejection_explained"],
            ),
            dates_in_order(
                "period_start",
                "period_end",
                "value_period_in_order",
                "La période est incohérente.",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} — {self.period} : {self.value}"

    def save(self, *args, **kwargs):
        self.contract_id = self.indicator.contract_id
        super().save(*args, **kwargs)

    def set_period(self, code: str):
        """Parse `code` with the indicator's periodicity and store its bounds."""
        period = Period.parse(code, self.indicator.definition.periodicity)
        self.period, self.period_start, self.period_end = period.code, period.start, period.end

    def set_period_or_raise(self, code: str):
        """`set_period`, reporting a malformed period as a validation error on the field."""
        try:
            self.set_period(code)
        except InvalidPeriod as error:
            raise ValidationError({"period": str(error)}) from error

    def is_within_term(self, contract: Contract) -> bool:
        """Whether the period overlaps the contract's term (always true for an open term)."""
        if not (contract.starts_on and contract.ends_on):
            return True
        return self.period_end >= contract.starts_on and self.period_start <= contract.ends_on

    def has_begun(self) -> bool:
        """A value measures what has happened: its period has begun by today."""
        return self.period_start <= timezone.localdate()

    def clean(self):
        errors = {}
        if period_error := self._period_error():
            errors["period"] = period_error
        if bounds_error := self.out_of_bounds(self.indicator.definition):
            errors["value"] = bounds_error
        if broken := self._broken_rules():
            errors[NON_FIELD_ERRORS] = broken
        if errors:
            raise ValidationError(errors)

    def _period_error(self) -> str:
        """Why the period is refused: malformed, outside the contract's term, not begun."""
        try:
            self.set_period(self.period)
        except InvalidPeriod as error:
            return str(error)
        contract = self.indicator.contract
        if not self.is_within_term(contract):
            return (
                f"La période {self.period} est en dehors de la durée du contrat "
                f"({contract.starts_on:%d/%m/%Y} – {contract.ends_on:%d/%m/%Y})."
            )
        if not self.has_begun():
            return (
                f"La période {self.period} n'a pas commencé : sa valeur se saisit à partir du "
                f"{self.period_start:%d/%m/%Y}."
            )
        return ""

    def out_of_bounds(self, definition: IndicatorDefinition) -> str:
        """Why the value lies outside the bounds of `definition`; empty when within them."""
        if self.value is None:
            return ""
        if definition.min_value is not None and self.value < definition.min_value:
            return (
                f"La valeur doit être supérieure ou égale à {french_number(definition.min_value)}."
            )
        if definition.max_value is not None and self.value > definition.max_value:
            return (
                f"La valeur doit être inférieure ou égale à {french_number(definition.max_value)}."
            )
        return ""

    def _broken_rules(self) -> list[str]:
        """The messages of the `VALUE_RULES` this value breaks, in Python: no query needed."""
        numerator, denominator = self.numerator, self.denominator
        broken = {
            "value_denominator_positive": denominator is not None and denominator <= 0,
            "value_numerator_within_denominator": (
                numerator is not None and denominator is not None and numerator > denominator
            ),
            "value_numerator_non_negative": numerator is not None and numerator < 0,
            "value_rejection_explained": (
                self.status == ValueStatus.REJECTED and self.review_comment == ""
            ),
        }
        return [VALUE_RULES[name] for name, is_broken in broken.items() if is_broken]

    def get_constraints(self):
        # Model validation skips the constraints `clean()` already checks in Python: validating
        # them again would repeat their message, and cost a query each.
        return [
            (model, [c for c in constraints if c.name not in VALUE_RULES])
            for model, constraints in super().get_constraints()
        ]


class PlanImportMapping(models.Model):
    """How the contract's last spreadsheet in a layout of its own was read: which sheet, which
    row of headers, and the field each header's column holds. Offered again at the next import."""

    contract = models.OneToOneField(
        Contract,
        verbose_name="contrat",
        on_delete=models.CASCADE,
        related_name="plan_import_mapping",
    )
    sheet = models.CharField("feuille", max_length=100)
    header_row = models.PositiveIntegerField("ligne des en-têtes", default=1)
    columns = models.JSONField("champ de chaque colonne", default=dict, blank=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "correspondance d'import de plan"
        verbose_name_plural = "correspondances d'import de plan"

    def __str__(self):
        return f"Correspondance d'import — {self.contract}"


class PlanImport(models.Model):
    """A confirmed import of a workbook into a contract's plan, run by a worker when it is large
    (its progress shown to the user), in the request otherwise."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="plan_imports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file_name = models.CharField("fichier en attente", max_length=255, blank=True)
    mapping = models.JSONField("correspondance", null=True, blank=True)
    remove_missing = models.BooleanField(
        "supprimer ce qui n'est plus dans le fichier", default=False
    )
    status = models.CharField(
        "état", max_length=10, choices=PlanImportStatus.choices, default=PlanImportStatus.PENDING
    )
    rows_total = models.PositiveIntegerField("lignes", default=0)
    summary = models.TextField("résultat", blank=True)
    problems = models.JSONField("problèmes", default=list, blank=True)
    requested_at = models.DateTimeField("demandé le", auto_now_add=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "import de plan"
        verbose_name_plural = "imports de plan"
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Import du {self.requested_at:%d/%m/%Y %H:%M} — {self.contract}"

    @property
    def is_finished(self) -> bool:
        return self.status in (PlanImportStatus.DONE, PlanImportStatus.FAILED)
