"""Forms of the action pages. They parse and check input; services do the writing."""

import functools
import re

from django import forms

from actions.enums import (
    ActionStatus,
    CitizenParticipation,
    FundingNature,
    FundingScheme,
    FundingStatus,
    Priority,
)
from actions.fields import EDITED_FIELDS, LIST_FIELDS, label, model_field
from actions.models import Action, Determinant, TargetGroup
from actions.services import NewBody
from actors.models import Organisation, Person
from contracts.enums import BodyKind
from contracts.forms import DateInput
from contracts.models import Contract, Objective, Theme
from contracts.selectors import (
    contract_organisations,
    contract_people,
    organisations_offered,
    people_offered,
)
from territories.models import Region


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})


class ActionForm(forms.Form):
    # The version of the sheet the form was loaded with: a stale one means someone saved since.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The sheet's fields, in their order (actions/fields.py).
    axis = forms.ModelChoiceField(label=label("axis"), queryset=None, empty_label=None)
    objectives = forms.ModelMultipleChoiceField(
        label=label("objectives"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Maintenez Ctrl (ou Cmd) pour en choisir plusieurs.",
    )
    number = forms.CharField(
        label=label("number"), max_length=20, help_text=model_field("number").help_text
    )
    title = forms.CharField(label=label("title"), max_length=255)
    description = forms.CharField(label=label("description"), required=False, widget=_textarea(5))
    rationale = forms.CharField(label=label("rationale"), required=False, widget=_textarea())
    expected_results = forms.CharField(
        label=label("expected_results"), required=False, widget=_textarea()
    )
    lead_organisation = forms.ModelChoiceField(
        label=label("lead_organisation"),
        queryset=Organisation.objects.none(),  # those the contract offers (__init__)
        required=False,
        empty_label="Aucune",
    )
    lead_person = forms.ModelChoiceField(
        label=label("lead_person"),
        queryset=Person.objects.none(),  # those the contract offers (__init__)
        required=False,
        empty_label="Personne déjà connue…",
    )
    new_lead_first_name = forms.CharField(
        label="…ou prénom d'un nouveau référent", max_length=100, required=False
    )
    new_lead_last_name = forms.CharField(
        label="Nom du nouveau référent", max_length=100, required=False
    )
    new_lead_email = forms.EmailField(
        label="Adresse électronique du nouveau référent", required=False
    )
    partners = forms.ModelMultipleChoiceField(
        label=label("partners"),
        queryset=Organisation.objects.none(),  # those the contract offers (__init__)
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Maintenez Ctrl (ou Cmd) pour en choisir plusieurs.",
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=label("target_groups"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    determinants = forms.ModelMultipleChoiceField(
        label=label("determinants"),
        queryset=Determinant.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=label("themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    intervention_communes = forms.ModelMultipleChoiceField(
        label=label("intervention_communes"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=model_field("intervention_communes").help_text,
    )
    citizen_participation = forms.ChoiceField(
        label=label("citizen_participation"),
        choices=CitizenParticipation.choices,
        initial=CitizenParticipation.NONE,
    )
    priority = forms.ChoiceField(
        label=label("priority"), choices=Priority.choices, initial=Priority.MEDIUM
    )
    status = forms.ChoiceField(
        label=label("status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED
    )
    starts_on = forms.DateField(label=label("starts_on"), required=False, widget=DateInput())
    planned_end_on = forms.DateField(
        label=label("planned_end_on"), required=False, widget=DateInput()
    )
    ended_on = forms.DateField(label=label("ended_on"), required=False, widget=DateInput())
    # More than the field's label: who still sees the sheet.
    is_confidential = forms.BooleanField(
        label="Fiche confidentielle (réservée à l'ARS, à la coordination et au pilote)",
        required=False,
    )

    def __init__(self, *args, contract: Contract, action: Action | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract, self.action = contract, action
        self.fields["axis"].queryset = contract.axes.order_by("order", "number")
        self.fields["objectives"].queryset = Objective.objects.filter(
            axis__contract=contract
        ).order_by("axis__order", "axis__number", "order", "number", "id")
        self.fields["intervention_communes"].queryset = contract.territory.communes.order_by("name")
        if action is not None:
            self.initial.update(
                {name: getattr(action, name) for name in EDITED_FIELDS if name not in LIST_FIELDS}
            )
            self.initial.update({name: list(getattr(action, name).all()) for name in LIST_FIELDS})
            self.initial["version"] = action.version
        chosen = (
            [action.lead_organisation_id, *(o.pk for o in self.initial["partners"])]
            if action
            else []
        )
        organisations = organisations_offered(contract, keep=chosen)
        self.fields["lead_organisation"].queryset = organisations
        self.fields["partners"].queryset = organisations
        # The two lists offer the same organisations: read them once, when first shown.
        offered = functools.cache(lambda: [(o.pk, str(o)) for o in organisations])
        lead = self.fields["lead_organisation"]
        lead.choices = lambda: [("", lead.empty_label), *offered()]
        self.fields["partners"].choices = offered
        self.fields["lead_person"].queryset = people_offered(
            contract, keep=[action.lead_person_id if action else None]
        )

    def clean(self):
        cleaned = super().clean()
        new_lead = [cleaned.get("new_lead_first_name"), cleaned.get("new_lead_last_name")]
        if any(new_lead) and not all(new_lead):
            self.add_error(
                "new_lead_last_name", "Saisissez le prénom et le nom du nouveau référent."
            )
        if all(new_lead) and cleaned.get("lead_person"):
            self.add_error(
                "lead_person",
                "Choisissez une personne connue ou saisissez-en une nouvelle, pas les deux.",
            )
        return cleaned

    def action_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in EDITED_FIELDS}
        if data.get("new_lead_first_name") and data.get("new_lead_last_name"):
            fields["lead_person"] = Person(
                first_name=data["new_lead_first_name"],
                last_name=data["new_lead_last_name"],
                email=data.get("new_lead_email", ""),
                organisation=data.get("lead_organisation"),
            )
        return fields


class NoteForm(forms.Form):
    written_on = forms.DateField(label="Date", widget=DateInput())
    text = forms.CharField(label="Note de suivi", widget=_textarea(4))
    new_status = forms.ChoiceField(
        label="Nouveau statut de la fiche",
        choices=[("", "Statut inchangé"), *ActionStatus.choices],
        required=False,
    )


class NoteEditForm(forms.Form):
    """A note's text and date; the status it gave the sheet is in the sheet's history."""

    written_on = forms.DateField(label="Date", widget=DateInput())
    text = forms.CharField(label="Note de suivi", widget=_textarea(4))


class MilestoneForm(forms.Form):
    title = forms.CharField(label="Étape", max_length=255)
    description = forms.CharField(label="Description", required=False, widget=_textarea(3))
    due_on = forms.DateField(label="Échéance", required=False, widget=DateInput())
    done_on = forms.DateField(label="Réalisée le", required=False, widget=DateInput())


class AmountField(forms.DecimalField):
    """An amount in euros typed the French way: `12 500,50` (any kind of space)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value)
        return super().to_python(value)


def _amount(label: str):
    return AmountField(
        label=label,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        initial=0,
        help_text="En euros, par exemple « 12 500,50 ».",
    )


class FundingLineForm(forms.Form):
    funder = forms.ModelChoiceField(
        label="Financeur",
        queryset=Organisation.objects.none(),  # those the contract offers (__init__)
        empty_label=None,
    )
    scheme = forms.ChoiceField(label="Dispositif", choices=FundingScheme.choices)
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    nature = forms.ChoiceField(
        label="Nature", choices=FundingNature.choices, initial=FundingNature.OPERATING
    )
    planned_amount = _amount("Montant prévu (€)")
    granted_amount = _amount("Montant accordé (€)")
    paid_amount = _amount("Montant versé (€)")
    status = forms.ChoiceField(
        label="État", choices=FundingStatus.choices, initial=FundingStatus.PLANNED
    )
    reference = forms.CharField(
        label="Référence (convention, arrêté)", max_length=100, required=False
    )

    def __init__(self, *args, contract: Contract, funder_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = organisations_offered(contract, keep=[funder_id])

    def clean_planned_amount(self):
        return self.cleaned_data["planned_amount"] or 0

    def clean_granted_amount(self):
        return self.cleaned_data["granted_amount"] or 0

    def clean_paid_amount(self):
        return self.cleaned_data["paid_amount"] or 0


class ActionDocumentForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=255)
    file = forms.FileField(
        label="Fichier",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument ou image ; 20 Mo au plus.",
    )


class DocumentTitleForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=255)


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(
        label="Instance", queryset=None, required=False, empty_label="Choisir une instance"
    )
    new_body_kind = forms.ChoiceField(
        label="…ou nature d'une nouvelle instance",
        choices=[("", "—"), *BodyKind.choices],
        required=False,
    )
    new_body_name = forms.CharField(
        label="Nom de la nouvelle instance", max_length=200, required=False
    )
    held_on = forms.DateField(label="Date", widget=DateInput())
    title = forms.CharField(label="Intitulé", max_length=255, required=False)
    location = forms.CharField(label="Lieu", max_length=255, required=False)
    agenda = forms.CharField(label="Ordre du jour", required=False, widget=_textarea(4))
    decisions = forms.CharField(label="Décisions", required=False, widget=_textarea(4))
    attendees = forms.ModelMultipleChoiceField(
        label="Participants",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_attendees = forms.CharField(
        label="Autres participants",
        required=False,
        widget=_textarea(3),
        help_text="Un participant par ligne : prénom puis nom.",
    )
    attending_organisations = forms.ModelMultipleChoiceField(
        label="Organisations présentes",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reviewed_actions = forms.ModelMultipleChoiceField(
        label="Fiches actions examinées",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes_file = forms.FileField(
        label="Compte rendu",
        required=False,
        help_text="PDF, Word ou OpenDocument ; il rejoint les documents du contrat.",
    )

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = contract.bodies.order_by("kind", "name")
        self.fields["attendees"].queryset = contract_people(contract)
        self.fields["attending_organisations"].queryset = contract_organisations(contract)
        self.fields["reviewed_actions"].queryset = contract.actions.order_by(
            "axis__order", "axis__number", "number"
        )

    def clean_new_attendees(self):
        names = []
        for line in self.cleaned_data["new_attendees"].splitlines():
            first_name, _, last_name = line.strip().partition(" ")
            if first_name:
                names.append((first_name, last_name.strip() or first_name))
        return names

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("body"):
            if not (cleaned.get("new_body_kind") and cleaned.get("new_body_name")):
                self.add_error(
                    "body",
                    "Choisissez une instance ou donnez la nature et le nom d'une nouvelle.",
                )
            else:
                cleaned["body"] = NewBody(
                    kind=cleaned["new_body_kind"], name=cleaned["new_body_name"]
                )
        return cleaned

    def meeting_fields(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("new_body_kind", "new_body_name")
        }


class ActionSearchForm(forms.Form):
    q = forms.CharField(
        label="Mots-clés",
        required=False,
        max_length=200,
        help_text="Cherchés dans l'intitulé, la description et les résultats attendus, "
        "accents et majuscules mis à part.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    theme = forms.ModelChoiceField(
        label="Thématique", queryset=Theme.objects.all(), required=False, empty_label="Toutes"
    )
    target_group = forms.ModelChoiceField(
        label="Public cible",
        queryset=TargetGroup.objects.all(),
        required=False,
        empty_label="Tous",
    )
    determinant = forms.ModelChoiceField(
        label="Déterminant de santé",
        queryset=Determinant.objects.all(),
        required=False,
        empty_label="Tous",
    )
    status = forms.ChoiceField(
        label="Statut", choices=[("", "Tous"), *ActionStatus.choices], required=False
    )
    region = forms.ModelChoiceField(
        label="Région",
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label="Toutes",
        help_text="Seules les régions où ces critères trouvent des fiches sont proposées.",
    )

    def offer_regions(self, found_by_region: dict[str, int]):
        """Offer in the région filter only the régions where the other criteria find
        something, and the one chosen: a choice is checked against them all."""
        chosen = self.cleaned_data["region"]
        codes = {code for code, found in found_by_region.items() if found}
        codes |= {chosen.pk} if chosen else set()
        self.fields["region"].queryset = Region.objects.filter(pk__in=codes).order_by("name")

    def found(self, found_by_region: dict[str, int]) -> int:
        """How many actions the search finds, from the count of each région."""
        chosen = self.cleaned_data["region"]
        return found_by_region.get(chosen.pk, 0) if chosen else sum(found_by_region.values())

    def has_filters(self) -> bool:
        """Whether a filter beyond the words narrows the search."""
        return any(value for name, value in self.cleaned_data.items() if name != "q")
