"""The indicators and values of an import.

Indicators are matched by their catalogue code (or, for the contract's own, their name) and
fiche; values by indicator and period, and written through `indicator_value_upsert`, the
service behind the values grid and the API: the same checks (period, contract term, bounds,
ratio), and a changed value goes back to draft for the ARS to review again.
"""

from actions.models import Action
from indicators.enums import CatalogueScope, Direction, GeographicLevel, Periodicity
from indicators.models import Indicator, IndicatorDefinition, IndicatorValue
from indicators.periods import InvalidPeriod, Period
from indicators.services import (
    indicator_create,
    indicator_definition_create_for_contract,
    indicator_value_upsert,
)
from indicators.spreadsheets.importing import Change, ImportRun
from indicators.spreadsheets.parsing import RowCells, RowRefused, shown
from indicators.spreadsheets.reading import Row

INDICATOR_LABELS = {
    "baseline_value": "Valeur de référence",
    "baseline_on": "Date de référence",
    "target_value": "Valeur cible",
    "target_on": "Échéance de la cible",
}
DEFINITION_LABELS = {
    "kind": "Type",
    "unit": "Unité",
    "periodicity": "Périodicité",
    "direction": "Sens d'évolution",
    "decimals": "Décimales",
    "min_value": "Valeur minimale",
    "max_value": "Valeur maximale",
    "numerator_label": "Numérateur",
    "denominator_label": "Dénominateur",
    "source": "Source",
    "geographic_level": "Échelle géographique",
}


def write_indicators(run: ImportRun):
    """The Indicateurs sheet, then the Valeurs sheet, of the file."""
    indicators = Indicator.objects.filter(contract=run.contract).select_related(
        "definition", "action"
    )
    run.indicators = {_key(i.definition, i.action): i for i in indicators}
    run.indicator_rows = {}
    run.values = {
        (v.indicator_id, v.period): v
        for v in IndicatorValue.objects.filter(indicator__contract=run.contract)
    }
    run.value_rows = {}
    run.each("Indicateurs", lambda row: write_indicator(run, row))
    run.each("Valeurs", lambda row: write_value(run, row))


def _key(definition: IndicatorDefinition, action: Action | None) -> tuple[str, str]:
    """How a file names an indicator: catalogue code, or the name of a contract's own one."""
    name = (
        definition.name.lower() if definition.scope == CatalogueScope.CONTRACT else definition.code
    )
    return name, action.number if action else ""


def _action(run: ImportRun, cells: RowCells) -> Action | None:
    number = cells.text("action")
    if not number:
        return None
    if number in run.failed_actions:
        cells.refuse("action", f"La fiche {number} est refusée dans la feuille « Actions ».")
    elif number not in run.actions:
        cells.refuse("action", f"La fiche {number} est introuvable.")
    return run.actions.get(number)


def _catalogue(run: ImportRun, cells: RowCells) -> IndicatorDefinition | None:
    code = cells.text("code")
    if not code:
        return None
    definition = IndicatorDefinition.objects.filter(code=code).first()
    if definition is None or not definition.is_available_to(run.contract):
        cells.refuse("code", f"Le code « {code} » n'est pas dans le catalogue de ce contrat.")
        return None
    return definition


def _definition_fields(cells: RowCells) -> dict:
    return {
        "kind": cells.choice("kind"),
        "unit": cells.text("unit", max_length=50),
        "periodicity": cells.choice("periodicity", default=Periodicity.YEAR),
        "direction": cells.choice("direction", default=Direction.UP),
        "decimals": cells.integer("decimals") or 0,
        "min_value": cells.decimal("min_value"),
        "max_value": cells.decimal("max_value"),
        "numerator_label": cells.text("numerator_label", max_length=255),
        "denominator_label": cells.text("denominator_label", max_length=255),
        "source": cells.text("source", max_length=255),
        "geographic_level": cells.choice("geographic_level", default=GeographicLevel.TERRITORY),
    }


def write_indicator(run: ImportRun, row: Row):
    cells = run.cells(row)
    action = _action(run, cells)
    catalogue = _catalogue(run, cells)
    name = cells.text("name", required=True, max_length=255)
    own = {} if catalogue is not None or cells.text("code") else _definition_fields(cells)
    fields = {key: getattr(cells, _reader(key))(key) for key in INDICATOR_LABELS}
    if run.refused(row, "Indicateurs", cells):
        return
    key = _key(catalogue, action) if catalogue else (name.lower(), action.number if action else "")
    if run.duplicate(cells, run.indicator_rows, key, "Cet indicateur"):
        run.refused(row, "Indicateurs", cells)
        return
    indicator = run.indicators.get(key)
    if indicator is None:
        definition = catalogue or indicator_definition_create_for_contract(
            contract=run.contract, name=name, **own
        )
        indicator = indicator_create(
            contract=run.contract, definition=definition, action=action, by=run.by, **fields
        )
        run.indicators[key] = indicator
        run.record("Indicateurs", _label(indicator), [], created=True)
        return
    changes = _own_definition_update(run, indicator, own)
    changes += run.apply(indicator, fields, INDICATOR_LABELS)
    run.record("Indicateurs", _label(indicator), changes, created=False)


def _reader(key: str) -> str:
    return "date" if key.endswith("_on") else "decimal"


def _label(indicator: Indicator) -> str:
    where = f"fiche {indicator.action.number}" if indicator.action else "contrat"
    return f"{indicator.definition.name} ({where})"


def _own_definition_update(run: ImportRun, indicator: Indicator, own: dict) -> list[Change]:
    """A contract's own definition follows the file; its periodicity only while it has no value."""
    definition = indicator.definition
    if not own or definition.scope != CatalogueScope.CONTRACT:
        return []
    has_values = any(key[0] == indicator.pk for key in run.values)
    if own["periodicity"] != definition.periodicity and has_values:
        raise RowRefused(
            "periodicity",
            "La périodicité d'un indicateur qui a déjà des valeurs ne change pas : créez-en un "
            "autre, ou remettez la périodicité actuelle.",
        )
    return run.apply(definition, own, DEFINITION_LABELS)


# Values -------------------------------------------------------------------------------------


def _value_indicator(run: ImportRun, cells: RowCells) -> Indicator | None:
    action = _action(run, cells)
    code = cells.text("code")
    name = cells.text("indicator", required=not code)
    number = action.number if action else cells.text("action")
    indicator = run.indicators.get((code, number)) if code else None
    indicator = indicator or run.indicators.get((name.lower(), number))
    if indicator is None and not cells.errors:
        cells.refuse(
            "indicator",
            f"L'indicateur « {code or name} » n'est ni dans la feuille « Indicateurs » ni dans "
            "le contrat.",
        )
    return indicator


def write_value(run: ImportRun, row: Row):
    cells = run.cells(row)
    indicator = _value_indicator(run, cells)
    text = cells.text("period", required=True)
    figures = {key: cells.decimal(key) for key in ("value", "numerator", "denominator")}
    period = _period(cells, indicator, text)
    if run.refused(row, "Valeurs", cells) or period is None:
        return
    if run.duplicate(cells, run.value_rows, (indicator.pk, period), "Cette valeur"):
        run.refused(row, "Valeurs", cells)
        return
    existing = run.values.get((indicator.pk, period))
    if figures["value"] is None and None not in (figures["numerator"], figures["denominator"]):
        figures["value"] = indicator.definition.value_from_ratio(
            figures["numerator"], figures["denominator"]
        )
    if figures["value"] is None:
        raise RowRefused("value", "Indiquez la valeur (ou le numérateur et le dénominateur).")
    notes = {
        "comment": cells.text("comment") if cells.has("comment") else _kept(existing, "comment"),
        "source": _kept(existing, "source"),
    }
    record, what = indicator_value_upsert(
        indicator=indicator, period=period, by=run.by, **figures, **notes
    )
    _record_value(run, indicator, existing, record, what)


def _period(cells: RowCells, indicator: Indicator | None, text: str) -> str | None:
    if indicator is None or not text:
        return None
    try:
        return Period.parse(text, indicator.definition.periodicity).code
    except InvalidPeriod as error:
        cells.refuse("period", str(error))
        return None


def _kept(existing: IndicatorValue | None, name: str) -> str:
    return getattr(existing, name) if existing is not None else ""


def _record_value(run, indicator, existing, record, what: str):
    item = f"{indicator.definition.name} — {record.period}"
    changes = []
    if what == "updated":
        changes = [
            Change(label, shown(getattr(existing, name)), shown(getattr(record, name)))
            for name, label in (
                ("value", "Valeur"),
                ("numerator", "Numérateur"),
                ("denominator", "Dénominateur"),
                ("comment", "Commentaire"),
            )
            if getattr(existing, name) != getattr(record, name)
        ]
        if existing.status != record.status:
            changes.append(
                Change("État", existing.get_status_display(), record.get_status_display())
            )
    run.values[(indicator.pk, record.period)] = record
    run.record("Valeurs", item, changes, created=what == "created")
