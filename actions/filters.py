"""The fiches actions of a contract as its « Axes et actions » tab lists them: the filters, the
views (tree by axis, table, board by status, timeline) and the table's columns, all read from
the query string, so that a list is shared by its address and exported as it is shown."""

import dataclasses
from collections.abc import Callable
from operator import attrgetter, methodcaller

import django_filters
from django import forms
from django.db import models
from django.db.models import QuerySet
from django.http import QueryDict

from actions.enums import ActionStatus, Priority
from actions.fields import label
from actions.models import Action, TargetGroup
from actions.selectors import SEARCHED_FIELDS, actions_containing
from actors.models import Organisation, Person
from contracts.models import Contract, Theme


class ActionFilter(django_filters.FilterSet):
    # In the number, the title, the description or the expected results.
    q = django_filters.CharFilter(
        label="Mots-clés", method="filter_text", widget=forms.TextInput(attrs={"type": "search"})
    )
    # The contract's axes, and the leads of the fiches listed (__init__).
    axis = django_filters.ModelChoiceFilter(label="Axe", queryset=None, empty_label="Tous")
    status = django_filters.ChoiceFilter(
        label="Statut", choices=ActionStatus.choices, empty_label="Tous"
    )
    priority = django_filters.ChoiceFilter(
        label="Priorité", choices=Priority.choices, empty_label="Toutes"
    )
    lead_organisation = django_filters.ModelChoiceFilter(
        label=label("lead_organisation"), queryset=None, empty_label="Toutes"
    )
    lead_person = django_filters.ModelChoiceFilter(
        label=label("lead_person"), queryset=None, empty_label="Tous"
    )
    theme = django_filters.ModelChoiceFilter(
        label="Thématique", field_name="themes", queryset=Theme.objects.all(), empty_label="Toutes"
    )
    target_group = django_filters.ModelChoiceFilter(
        label="Public cible",
        field_name="target_groups",
        queryset=TargetGroup.objects.all(),
        empty_label="Tous",
    )
    late = django_filters.BooleanFilter(
        label="En retard seulement", method="filter_late", widget=forms.CheckboxInput
    )

    class Meta:
        model = Action
        fields = []

    def __init__(self, data: QueryDict, *, queryset: QuerySet, contract: Contract):
        super().__init__(data, queryset=queryset)
        self.filters["axis"].queryset = contract.axes.order_by("order", "number")
        # Only the leads of the fiches the user sees: a confidential fiche's lead stays hidden.
        self.filters["lead_organisation"].queryset = Organisation.objects.filter(
            pk__in=queryset.values("lead_organisation")
        ).order_by("name")
        self.filters["lead_person"].queryset = Person.objects.filter(
            pk__in=queryset.values("lead_person")
        )

    def filter_text(self, queryset, name, value):
        return actions_containing(value, queryset, fields=("number", *SEARCHED_FIELDS))

    def filter_late(self, queryset, name, value):
        return queryset.late() if value else queryset

    def active(self) -> list["ActiveFilter"]:
        """The filters narrowing the list, each with the query string that removes it."""
        if not self.is_bound or not self.form.is_valid():
            return []
        chosen = {name: value for name, value in self.form.cleaned_data.items() if value}
        return [
            ActiveFilter(
                name=name,
                label=self.form.fields[name].label,
                value=_shown(self.form.fields[name], value),
                removed=_query(self.data, without=[name]),
            )
            for name, value in chosen.items()
        ]


@dataclasses.dataclass(frozen=True)
class ActiveFilter:
    name: str
    label: str
    value: str
    removed: str  # the query string without this filter

    @property
    def text(self) -> str:
        return self.label if self.name == "late" else f"{self.label} : {self.value}"


def _shown(field: forms.Field, value) -> str:
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


def _query(data: QueryDict, *, without=(), **changes) -> str:
    """The query string of `data` without the fields `without` nor the empty ones, with
    `changes`: a shorter address to share."""
    query = QueryDict(mutable=True)
    for name, values in data.lists():
        kept = [value for value in values if value]
        if kept and name not in without:
            query.setlist(name, kept)
    query.update(changes)
    return query.urlencode()


def without_filters(data: QueryDict) -> str:
    """The query string of the same view and columns, every filter removed."""
    return _query(data, without=ActionFilter.base_filters)


# --- Views and columns -------------------------------------------------------------------------


class ListView(models.TextChoices):
    TREE = "tree", "Par axe"
    TABLE = "table", "Tableau"
    BOARD = "board", "Par statut"
    TIMELINE = "timeline", "Calendrier"


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    label: str
    # The cell of an action loaded by `actions.selectors.action_rows`: text, a date or None.
    value: Callable[[Action], object]
    is_date: bool = False


def _name(attribute: str) -> Callable[[Action], str]:
    return lambda action: str(getattr(action, attribute) or "")


def _joined(attribute: str) -> Callable[[Action], str]:
    return lambda action: ", ".join(getattr(action, attribute))


COLUMNS = {
    column.key: column
    for column in (
        Column("number", "N°", attrgetter("number")),
        Column("title", label("title"), attrgetter("title")),
        Column("axis", label("axis"), _name("axis")),
        Column("lead_organisation", label("lead_organisation"), _name("lead_organisation")),
        Column("lead_person", label("lead_person"), _name("lead_person")),
        Column("status", label("status"), methodcaller("get_status_display")),
        Column("priority", label("priority"), methodcaller("get_priority_display")),
        Column("starts_on", label("starts_on"), attrgetter("starts_on"), is_date=True),
        Column(
            "planned_end_on", label("planned_end_on"), attrgetter("planned_end_on"), is_date=True
        ),
        Column("ended_on", label("ended_on"), attrgetter("ended_on"), is_date=True),
        Column("themes", label("themes"), _joined("theme_labels")),
        Column("target_groups", label("target_groups"), _joined("target_group_labels")),
        Column("last_note_on", "Dernière note de suivi", attrgetter("last_note_on"), is_date=True),
    )
}
DEFAULT_COLUMNS = ("number", "title", "axis", "lead_organisation", "status", "planned_end_on")


class ListDisplayForm(forms.Form):
    """How the list shows the fiches: the view, and the columns of the table and the exports
    (hidden inputs in the other views, so that they come back with the table)."""

    view = forms.ChoiceField(choices=ListView.choices, required=False, widget=forms.HiddenInput)
    columns = forms.MultipleChoiceField(
        label="Colonnes du tableau et des exports",
        choices=[(key, column.label) for key, column in COLUMNS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, data: QueryDict):
        if not data.getlist("columns"):
            data = data.copy()
            data.setlist("columns", DEFAULT_COLUMNS)
        super().__init__(data)
        if self.chosen_view() != ListView.TABLE:
            self.fields["columns"].widget = forms.MultipleHiddenInput()

    # A shared address may be old or mistyped: an unknown view or column is left out.
    def chosen_view(self) -> str:
        chosen = self.data.get("view")
        return chosen if chosen in ListView.values else ListView.TREE

    def chosen_columns(self) -> list[Column]:
        chosen = set(self.data.getlist("columns"))
        return [column for key, column in COLUMNS.items() if key in chosen] or [
            COLUMNS[key] for key in DEFAULT_COLUMNS
        ]


def row_cells(action: Action, columns: list[Column]) -> list[tuple[Column, object]]:
    """Each chosen column of `action` with its value."""
    return [(column, column.value(action)) for column in columns]


@dataclasses.dataclass(frozen=True)
class ViewLink:
    view: str
    label: str
    query: str
    is_current: bool


def view_links(data: QueryDict, current: str) -> list[ViewLink]:
    """A link to each view of the same fiches, filters and columns kept."""
    return [
        ViewLink(view, view_label, _query(data, without=["view"], view=view), view == current)
        for view, view_label in ListView.choices
    ]
