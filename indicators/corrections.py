"""Correcting and removing the indicators of a contract: written by those who add them (its ARS
staff and coordination, `contracts.access.can_coordinate_contract`), through the web pages and
the API alike.

What belongs to whom: an `Indicator` is the contract's own use of a definition (fiche action,
baseline, target, comment), always corrected here. Its `IndicatorDefinition` (name, unit,
periodicity, bounds…) is corrected here only when it is of the contract's own catalogue: a
national or regional definition is shared with other contracts and is never changed from one
of them. The unit and the periodicity say how the values were measured: they are fixed once a
value is entered.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actors.models import User
from config.french import plural
from indicators.enums import CatalogueScope, ValueStatus
from indicators.models import Indicator, IndicatorDefinition, IndicatorValue, french_number
from indicators.services import responsible_invite, responsible_named

# The contract's use of an indicator: its own whatever the catalogue the definition comes from.
INDICATOR_FIELDS = frozenset(
    {
        "action",
        "baseline_value",
        "baseline_on",
        "target_value",
        "target_on",
        "comment",
        "responsible",
    }
)
# A definition's fields, corrected only on an indicator of the contract's own: a national or
# regional definition is shared with other contracts.
DEFINITION_FIELDS = frozenset(
    {
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
    }
)
# What the values entered were measured in: fixed once there is one.
FIXED_ONCE_VALUED = {"unit": "Son unité", "periodicity": "Sa périodicité"}
SHARED_CATALOGUES = {CatalogueScope.NATIONAL: "national", CatalogueScope.REGIONAL: "régional"}


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    by: User | None = None,
    responsible_name: str = "",
    responsible_email: str = "",
    **fields,
) -> Indicator:
    """Correct an indicator: its fiche action, baseline, target, comment and the person who
    follows it (invited when newly named with an e-mail address); for an indicator of the
    contract's own, its definition too, but its unit and periodicity only while it has no
    value. `fields` are named as the models name them; `indicator` comes with its definition."""
    if responsible_name.strip():
        fields["responsible"] = responsible_named(responsible_name, responsible_email)
    unknown = set(fields) - INDICATOR_FIELDS - DEFINITION_FIELDS
    if unknown:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(unknown))}")
    definition = indicator.definition
    changed = {
        name: value
        for name, value in fields.items()
        if name in DEFINITION_FIELDS and getattr(definition, name) != value
    }
    if changed:
        _definition_correct(indicator, changed, by)
    for name in INDICATOR_FIELDS & set(fields):
        setattr(indicator, name, fields[name])
    indicator._history_user = by
    # Its definition and contract are not changed here: they need not be looked up again.
    indicator.full_clean(exclude=["definition", "contract"])
    indicator.save()
    responsible_invite(indicator, by)
    return indicator


def _definition_correct(indicator: Indicator, changed: dict, by: User | None):
    definition = indicator.definition
    if definition.scope in SHARED_CATALOGUES:
        message = (
            f"Cet indicateur vient du catalogue {SHARED_CATALOGUES[definition.scope]}, partagé "
            "avec d'autres contrats : sa définition ne se modifie pas depuis un contrat."
        )
        raise ValidationError(dict.fromkeys(changed, message))
    values = list(
        IndicatorValue.objects.filter(indicator__definition=definition).order_by("period_start")
    )
    errors = {
        name: f"{what} ne change plus : l'indicateur a déjà "
        f"{plural(len(values), 'valeur saisie,valeurs saisies')}, mesurées ainsi. Pour mesurer "
        "autrement, ajoutez un autre indicateur."
        for name, what in FIXED_ONCE_VALUED.items()
        if name in changed and values
    }
    for name, value in changed.items():
        setattr(definition, name, value)
    errors |= _values_outside_bounds(definition, values)
    if errors:
        raise ValidationError(errors)
    definition._history_user = by
    # Neither its code nor its contract is corrected here: they need not be looked up again.
    definition.full_clean(exclude=["code", "contract"])
    definition.save()
    # Partner tools read a definition within each indicator and sync by the indicator's date.
    Indicator.objects.filter(definition=definition).exclude(pk=indicator.pk).update(
        updated_at=timezone.now()
    )


def _values_outside_bounds(definition: IndicatorDefinition, values) -> dict:
    """An error on each bound that values already entered would break, naming them."""
    low, high = definition.min_value, definition.max_value
    below = [value for value in values if low is not None and value.value < low]
    above = [value for value in values if high is not None and value.value > high]
    errors = {}
    if below:
        errors["min_value"] = (
            f"{plural(len(below), 'valeur saisie est inférieure,valeurs saisies sont inférieures')}"
            f" à ce minimum : {_listed(below)}."
        )
    if above:
        errors["max_value"] = (
            f"{plural(len(above), 'valeur saisie est supérieure,valeurs saisies sont supérieures')}"
            f" à ce maximum : {_listed(above)}."
        )
    return errors


def _listed(values) -> str:
    return ", ".join(f"{value.period} ({french_number(value.value)})" for value in values)


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: User | None = None) -> None:
    """Remove an indicator and its values, unless the ARS validated some: they are figures of
    the contract's reviews. Its definition stays (the catalogue's, or the contract's own, which
    its history names and which may be followed again). `indicator` comes with its action."""
    values = list(indicator.values.order_by("period_start"))
    validated = [value.period for value in values if value.status == ValueStatus.VALIDATED]
    if validated:
        raise ValidationError(
            f"Cet indicateur a {plural(len(validated), 'valeur validée,valeurs validées')} : "
            f"{', '.join(validated)}. Elles comptent dans les bilans du contrat : pour le "
            "supprimer, l'ARS doit d'abord revenir sur leur validation (page de l'indicateur) ; "
            "sinon, corrigez-le plutôt."
        )
    # One by one, each naming who removed it: the history and the deletions feed keep them.
    for value in values:
        value.indicator, value._history_user = indicator, by
        value.delete()
    indicator._history_user = by
    indicator.delete()
