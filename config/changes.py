"""What a change recorded by django-simple-history did, field by field, as people read it: the
field's French label and its value before and after (« Statut : En cours → Terminée »).

Used by a contract's history page, a fiche action's history and the conflict message of a sheet
edited by two people at once. Labels of related objects are looked up once for all the rows
shown (`RelatedLabels`), so that a page's queries do not grow with its rows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from config.french import number

# Columns that are bookkeeping, not anybody's content.
UNSHOWN_FIELDS = {
    "id",
    "contract",
    "version",
    "created_at",
    "updated_at",
    "uploaded_at",
    "content_type",
    "size",
}
EMPTY = "(vide)"
LONGEST_VALUE = 120
# Many-to-many lists are not columns of a history row: services write what a change did to them
# in the row's `list_changes` ({name: [labels before, labels after]}); rows written before that
# existed only name the lists in their change reason, after this prefix.
LIST_REASON_PREFIX = "listes : "


@dataclass(frozen=True)
class FieldChange:
    """One field changed: its label and its values, as shown."""

    field: str
    label: str
    before: str
    after: str


def shown_fields(model) -> list[models.Field]:
    """The fields of `model` a history shows: its own content, kept by its history model."""
    kept = {field.attname for field in model.history.model._meta.concrete_fields}
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in UNSHOWN_FIELDS and field.attname in kept
    ]


def _shortened(text: str, longest: int = LONGEST_VALUE) -> str:
    return text if len(text) <= longest else f"{text[: longest - 1]}…"


def display(field: models.Field, value, labels: "RelatedLabels | None" = None) -> str:
    """A field's value the way the pages show it."""
    if value in (None, ""):
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(field, models.ForeignKey):
        return (labels or RelatedLabels()).label(field, value)
    if isinstance(value, int | float | Decimal):
        return number(value)
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return _shortened(str(value))


class RelatedLabels:
    """The names of the objects history rows point to, read in one query per kind of object."""

    def __init__(self):
        self._wanted = defaultdict(set)
        self._names = {}

    def want(self, field: models.ForeignKey, *values):
        self._wanted[field.related_model].update(v for v in values if v is not None)

    def label(self, field: models.ForeignKey, value) -> str:
        model = field.related_model
        if model in self._wanted:
            self._load(model)
        elif (model, value) not in self._names:
            self._names[(model, value)] = str(model._base_manager.filter(pk=value).first() or "")
        return self._names.get((model, value)) or "(supprimé)"

    def _load(self, model):
        wanted = self._wanted.pop(model)
        for obj in model._base_manager.filter(pk__in=wanted):
            self._names[(model, obj.pk)] = str(obj)


def _differing(fields, row, older) -> list[models.Field]:
    return [
        field for field in fields if getattr(row, field.attname) != getattr(older, field.attname)
    ]


def _listed(labels: list[str]) -> str:
    return _shortened(", ".join(labels) or EMPTY, 200)


def list_changes(model, lists: dict) -> list[FieldChange]:
    """The changes of many-to-many lists: {name: [labels before, labels after]}."""
    return [
        FieldChange(name, _label(model, name), _listed(before), _listed(after))
        for name, (before, after) in lists.items()
    ]


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()


def _row_list_changes(model, row) -> list[FieldChange]:
    """What the change did to the row's many-to-many lists."""
    lists = getattr(row, "list_changes", None)
    if lists:
        return list_changes(model, lists)
    reason = row.history_change_reason or ""
    if not reason.startswith(LIST_REASON_PREFIX):
        return []
    names = reason.removeprefix(LIST_REASON_PREFIX).split(",")
    return [
        FieldChange(name, _label(model, name), "(liste précédente)", "(liste modifiée)")
        for name in names
    ]


class RowChanges:
    """The changes of many history rows of one model, their related names read together:
    `want(row, older)` for every row first, then `changes(row, older)`."""

    def __init__(self, model, labels: RelatedLabels | None = None):
        self.model = model
        self.fields = shown_fields(model)
        self.labels = labels or RelatedLabels()

    def _compared(self, row, older) -> list[models.Field]:
        if row.history_type == "~" and older is not None:
            return _differing(self.fields, row, older)
        if row.history_type == "-":
            return [f for f in self.fields if getattr(row, f.attname) not in (None, "")]
        return []

    def want(self, row, older):
        for field in self._compared(row, older):
            if isinstance(field, models.ForeignKey):
                values = [getattr(row, field.attname)]
                if older is not None:
                    values.append(getattr(older, field.attname))
                self.labels.want(field, *values)

    def changes(self, row, older) -> list[FieldChange]:
        """Each field the change touched, lists included; for a removal, what it held."""
        changes = self.column_changes(row, older)
        if row.history_type == "~":
            changes.extend(_row_list_changes(self.model, row))
        return changes

    def column_changes(self, row, older) -> list[FieldChange]:
        changes = []
        for field in self._compared(row, older):
            now = display(field, getattr(row, field.attname), self.labels)
            label = str(field.verbose_name).capitalize()
            if row.history_type == "-":
                changes.append(FieldChange(field.name, label, now, "(supprimé)"))
            else:
                before = display(field, getattr(older, field.attname), self.labels)
                changes.append(FieldChange(field.name, label, before, now))
        return changes
