"""Forms of the indicator pages: the values grid, adding an indicator, reviewing values.

They parse what users type (numbers the French way: `12,5`, `1 234,5`); services check and write.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from actors.models import Person
from contracts.forms import DateInput
from contracts.models import Contract
from contracts.selectors import people_offered
from indicators.corrections import DEFINITION_FIELDS
from indicators.enums import (
    CatalogueScope,
    Direction,
    GeographicLevel,
    IndicatorKind,
    Periodicity,
    ReviewDecision,
)
from indicators.models import IndicatorDefinition, IndicatorValue, french_number
from indicators.selectors import GridGroup
from indicators.services import CellEntry

NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
# Spaces users put between thousands, including the non-breaking ones spreadsheets copy.
THOUSANDS_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_french_decimal(text: str) -> Decimal:
    """`12,5`, `12.5`, `1 234,5` → a Decimal; anything else is refused in French."""
    cleaned = THOUSANDS_SPACES.sub("", str(text))
    if not NUMBER.match(cleaned):
        raise ValidationError(f"« {text} » n'est pas un nombre : écrivez par exemple « 12,5 ».")
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern already excludes it
        raise ValidationError(f"« {text} » n'est pas un nombre.") from error


class FrenchDecimalField(forms.CharField):
    """A number typed the French way; empty gives None."""

    def to_python(self, value):
        value = super().to_python(value)
        return parse_french_decimal(value) if value else None


# --- The values grid ---------------------------------------------------------------------------

CELL_INPUT = re.compile(
    r"^(?P<part>value|numerator|denominator)-(?P<indicator>\d+)-(?P<period>.+)$"
)


def read_grid(data, groups: list[GridGroup]) -> list[CellEntry]:
    """The cells the user changed, from the posted grid.

    A cell of an indicator the user may not enter values for is refused (403); an emptied cell
    is left as it was (a value is never deleted from the grid).
    """
    rows = {row.indicator.pk: row for group in groups for row in group.rows}
    typed: dict[tuple[int, str], dict] = {}
    for name, text in data.items():
        match = CELL_INPUT.match(name)
        if not match or not text.strip():
            continue
        row = rows.get(int(match["indicator"]))
        if row is None or not row.editable:
            raise PermissionDenied("Vous ne pouvez pas saisir les valeurs de cet indicateur.")
        typed.setdefault((row.indicator.pk, match["period"]), {})[match["part"]] = text.strip()
    entries = []
    for (indicator_pk, period), parts in typed.items():
        indicator = rows[indicator_pk].indicator
        existing = next((v for v in indicator.values.all() if v.period == period), None)
        entry = _parse_cell(indicator, period, parts, existing)
        if entry is not None:
            entries.append(entry)
    return entries


def _parse_cell(indicator, period, parts, existing) -> CellEntry | None:
    definition = indicator.definition
    entry = CellEntry(indicator=indicator, period=period, typed=parts)
    try:
        if parts.get("value"):
            entry.value = parse_french_decimal(parts["value"])
        if definition.has_ratio:
            if parts.get("numerator"):
                entry.numerator = parse_french_decimal(parts["numerator"])
            if parts.get("denominator"):
                entry.denominator = parse_french_decimal(parts["denominator"])
        elif existing is not None:
            entry.numerator, entry.denominator = existing.numerator, existing.denominator
    except ValidationError as error:
        entry.error = " ".join(error.messages)
        return entry
    if entry.value is None and entry.numerator is not None and entry.denominator is not None:
        entry.value = definition.value_from_ratio(entry.numerator, entry.denominator)
    if entry.value is None:
        entry.error = "Indiquez la valeur (ou le numérateur et le dénominateur)."
        return entry
    if existing is not None and (existing.value, existing.numerator, existing.denominator) == (
        entry.value,
        entry.numerator,
        entry.denominator,
    ):
        return None
    return entry


# --- Indicators --------------------------------------------------------------------------------


# A responsible person typed in rather than chosen: not fields of the indicator.
TYPED_RESPONSIBLE = {"responsible_name", "responsible_email"}


def _check_responsible(form, cleaned: dict) -> None:
    typed = cleaned.get("responsible_name", "").strip()
    if cleaned.get("responsible") and (typed or cleaned.get("responsible_email")):
        form.add_error(
            "responsible_name",
            "Choisissez une personne connue ou nommez-en une autre, pas les deux.",
        )
    elif cleaned.get("responsible_email") and not typed:
        form.add_error("responsible_name", "Donnez le prénom et le nom de la personne à inviter.")


class IndicatorForm(forms.Form):
    definition = forms.ModelChoiceField(
        label="Indicateur du catalogue",
        queryset=IndicatorDefinition.objects.none(),
        required=False,
        empty_label="Choisir dans le catalogue…",
        help_text="Catalogue national, régional, et indicateurs propres au contrat.",
    )
    new_name = forms.CharField(
        label="…ou intitulé d'un nouvel indicateur propre au contrat",
        max_length=255,
        required=False,
    )
    new_kind = forms.ChoiceField(
        label="Type", choices=IndicatorKind.choices, initial=IndicatorKind.PROCESS
    )
    new_unit = forms.CharField(
        label="Unité", max_length=50, required=False, help_text="%, nombre, €…"
    )
    new_periodicity = forms.ChoiceField(
        label="Périodicité", choices=Periodicity.choices, initial=Periodicity.YEAR
    )
    new_direction = forms.ChoiceField(label="Sens d'évolution souhaité", choices=Direction.choices)
    new_min_value = FrenchDecimalField(label="Valeur minimale", required=False)
    new_max_value = FrenchDecimalField(label="Valeur maximale", required=False)
    new_numerator_label = forms.CharField(label="Numérateur", max_length=255, required=False)
    new_denominator_label = forms.CharField(label="Dénominateur", max_length=255, required=False)
    new_source = forms.CharField(label="Source des données", max_length=255, required=False)
    new_geographic_level = forms.ChoiceField(
        label="Échelle géographique",
        choices=GeographicLevel.choices,
        initial=GeographicLevel.TERRITORY,
    )
    action = forms.ModelChoiceField(
        label="Fiche action",
        queryset=None,
        required=False,
        empty_label="Aucune : indicateur du contrat",
    )
    baseline_value = FrenchDecimalField(label="Valeur de référence", required=False)
    baseline_on = forms.DateField(label="Date de référence", required=False, widget=DateInput())
    target_value = FrenchDecimalField(label="Valeur cible", required=False)
    target_on = forms.DateField(label="Échéance de la cible", required=False, widget=DateInput())
    responsible = forms.ModelChoiceField(
        label="Responsable du suivi",
        queryset=Person.objects.none(),  # those the contract offers (__init__)
        required=False,
        empty_label="Personne",
    )
    responsible_name = forms.CharField(
        label="…ou prénom et nom d'une autre personne", max_length=200, required=False
    )
    responsible_email = forms.EmailField(
        label="Adresse électronique du responsable",
        required=False,
        help_text="Pour l'inviter sur la plateforme : il recevra un lien pour choisir son mot de passe.",
    )

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["definition"].queryset = IndicatorDefinition.objects.available_to(
            contract
        ).order_by("scope", "code")
        self.fields["action"].queryset = contract.actions.order_by("number")
        self.fields["responsible"].queryset = people_offered(contract)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("definition") and not cleaned.get("new_name"):
            self.add_error(
                "definition",
                "Choisissez un indicateur du catalogue ou donnez l'intitulé d'un nouvel indicateur.",
            )
        if cleaned.get("definition") and cleaned.get("new_name"):
            self.add_error(
                "new_name", "Choisissez un indicateur du catalogue ou créez-en un, pas les deux."
            )
        _check_responsible(self, cleaned)
        return cleaned

    def new_definition_fields(self) -> dict | None:
        if self.cleaned_data.get("definition"):
            return None
        data = self.cleaned_data
        return {
            "name": data["new_name"],
            "kind": data["new_kind"],
            "unit": data["new_unit"],
            "periodicity": data["new_periodicity"],
            "direction": data["new_direction"],
            "min_value": data["new_min_value"],
            "max_value": data["new_max_value"],
            "numerator_label": data["new_numerator_label"],
            "denominator_label": data["new_denominator_label"],
            "source": data["new_source"],
            "geographic_level": data["new_geographic_level"],
        }

    def indicator_fields(self) -> dict:
        names = [
            "action",
            "baseline_value",
            "baseline_on",
            "target_value",
            "target_on",
            "responsible",
            "responsible_name",
            "responsible_email",
        ]
        return {name: self.cleaned_data[name] for name in names}


class RejectForm(forms.Form):
    comment = forms.CharField(label="Motif du refus", widget=forms.Textarea(attrs={"rows": 2}))


class ReviewSelectionForm(forms.Form):
    """The values ticked in the ARS's queue (`queue`: those the user reviews), and the decision
    on them, given by the button pressed."""

    values = forms.ModelMultipleChoiceField(
        queryset=IndicatorValue.objects.none(),
        error_messages={
            "required": "Cochez au moins une valeur.",
            "invalid_choice": "Une valeur cochée n'attend plus d'examen (examinée entre-temps "
            "ou corrigée) : vérifiez la sélection puis recommencez.",
        },
    )
    decision = forms.ChoiceField(choices=ReviewDecision.choices)

    def __init__(self, *args, queue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["values"].queryset = queue


class ReviewReasonForm(forms.Form):
    review_comment = forms.CharField(
        label="Motif du refus",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour refuser : il est envoyé par courriel à la personne qui a "
        "soumis chaque valeur refusée.",
    )


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label="Classeur Excel (.xlsx)",
        help_text="L'export du plan modifié, le modèle téléchargeable rempli, le modèle "
        "d'import de Territoires en Transitions, ou tout tableau d'une fiche action par ligne.",
    )
    remove_missing = forms.BooleanField(
        label="Supprimer ce qui n'est plus dans le fichier",
        required=False,
        help_text="Sans cette case, ce que le contrat contient et que le fichier n'a plus est "
        "laissé tel quel. Avec elle, il est supprimé, sauf ce qui porterait du travail "
        "(financements, valeurs validées, documents, fiches encore rattachées).",
    )


class PlanMappingForm(forms.Form):
    """Which sheet, which row of headers, and the field of each column of a spreadsheet in a
    layout of its own; one choice per header of the chosen row."""

    sheet = forms.ChoiceField(label="Feuille")
    header_row = forms.IntegerField(
        label="Ligne des en-têtes",
        min_value=1,
        help_text="Le numéro de la ligne qui nomme les colonnes.",
    )
    remove_missing = PlanImportForm.base_fields["remove_missing"]

    def __init__(self, *args, sheets: list[str], headers: list[str], fields: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [(name, name) for name in sheets]
        self.headers = headers
        for index, header in enumerate(headers):
            if header:
                self.fields[f"column_{index}"] = forms.ChoiceField(
                    label=f"Colonne « {header} »", choices=list(fields.items()), required=False
                )

    def columns(self) -> dict[str, str]:
        """The field of each header, as the reader takes them."""
        return {
            header: self.cleaned_data.get(f"column_{index}") or ""
            for index, header in enumerate(self.headers)
            if header
        }


class IndicatorEditForm(forms.Form):
    """Correcting an indicator (`indicators.corrections.indicator_update`): its follow-up in the
    contract, and its definition when it is of the contract's own; a definition of the national
    or regional catalogue is not offered."""

    name = forms.CharField(label="Intitulé", max_length=255)
    description = forms.CharField(
        label="Définition et mode de calcul",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = IndicatorForm.base_fields["new_kind"]
    unit = forms.CharField(
        label="Unité",
        max_length=50,
        required=False,
        help_text="%, nombre, €… Elle ne change plus une fois une valeur saisie.",
    )
    periodicity = forms.ChoiceField(
        label="Périodicité",
        choices=Periodicity.choices,
        help_text="Elle ne change plus une fois une valeur saisie.",
    )
    direction = IndicatorForm.base_fields["new_direction"]
    decimals = forms.IntegerField(label="Décimales affichées", min_value=0, max_value=4)
    min_value = IndicatorForm.base_fields["new_min_value"]
    max_value = IndicatorForm.base_fields["new_max_value"]
    numerator_label = IndicatorForm.base_fields["new_numerator_label"]
    denominator_label = IndicatorForm.base_fields["new_denominator_label"]
    source = IndicatorForm.base_fields["new_source"]
    geographic_level = IndicatorForm.base_fields["new_geographic_level"]
    action = IndicatorForm.base_fields["action"]
    baseline_value = IndicatorForm.base_fields["baseline_value"]
    baseline_on = IndicatorForm.base_fields["baseline_on"]
    target_value = IndicatorForm.base_fields["target_value"]
    target_on = IndicatorForm.base_fields["target_on"]
    responsible = IndicatorForm.base_fields["responsible"]
    responsible_name = IndicatorForm.base_fields["responsible_name"]
    responsible_email = IndicatorForm.base_fields["responsible_email"]
    comment = forms.CharField(
        label="Commentaire",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Précisions sur son suivi dans ce contrat : recueil des données, réserves…",
    )

    def __init__(self, *args, indicator, **kwargs):
        definition = indicator.definition
        own = definition.scope == CatalogueScope.CONTRACT
        names = [name for name in self.base_fields if own or name not in DEFINITION_FIELDS]
        initial = {
            name: getattr(definition if name in DEFINITION_FIELDS else indicator, name)
            for name in names
            if name not in TYPED_RESPONSIBLE
        }
        initial["action"] = indicator.action_id
        initial["responsible"] = indicator.responsible_id
        super().__init__(*args, initial=_typed_figures(initial), **kwargs)
        for name in set(self.fields) - set(names):
            del self.fields[name]
        self.fields["action"].queryset = indicator.contract.actions.order_by("number")
        self.fields["responsible"].queryset = people_offered(
            indicator.contract, keep=[indicator.responsible_id]
        )

    def clean(self):
        cleaned = super().clean()
        _check_responsible(self, cleaned)
        return cleaned


def _typed_figures(initial: dict) -> dict:
    """Figures shown as the French type them: `40,5`, not `40.5000`."""
    return {
        name: french_number(value) if isinstance(value, Decimal) else value
        for name, value in initial.items()
    }
