"""Forms of the contract pages. They parse and check input; services do the writing."""

import re

from django import forms
from django.core.exceptions import ValidationError

from actors.enums import OrganisationKind
from actors.models import Organisation, Person
from contracts.enums import (
    BodyKind,
    ContractKind,
    DocumentKind,
    LinkedScheme,
    ObjectiveLevel,
    SignatoryRole,
    TerritoryChoiceMode,
)
from contracts.models import Axis, Contract, Objective, Theme
from contracts.selectors import organisations_offered, people_offered
from contracts.services import TerritoryChoice
from territories.enums import TerritoryKind
from territories.models import Commune, Departement, Epci


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TerritoryFieldsMixin(forms.Form):
    """The three ways to describe a territory; only the chosen one is required."""

    territory_mode = forms.ChoiceField(
        label="Le territoire est", choices=TerritoryChoiceMode.choices, widget=forms.RadioSelect
    )
    epci = forms.ModelChoiceField(
        label="EPCI",
        queryset=Epci.objects.order_by("name"),
        required=False,
        empty_label="Choisir un EPCI",
    )
    communes = forms.CharField(
        label="Communes",
        required=False,
        help_text="Codes INSEE séparés par des virgules ou des espaces, par exemple « 56009, 56152 ».",
    )
    departement = forms.ModelChoiceField(
        label="Département",
        queryset=Departement.objects.order_by("code"),
        required=False,
        empty_label="Choisir un département",
    )
    territory_name = forms.CharField(
        label="Nom du territoire",
        required=False,
        max_length=200,
        help_text="Facultatif : par défaut, le nom de l'EPCI, du département ou des communes.",
    )
    territory_kind = forms.ChoiceField(
        label="Nature du territoire (communes)",
        choices=TerritoryKind.choices,
        initial=TerritoryKind.CUSTOM,
        required=False,
    )

    def clean_territory(self, cleaned) -> TerritoryChoice | None:
        mode = cleaned.get("territory_mode")
        if mode == TerritoryChoiceMode.EPCI and not cleaned.get("epci"):
            self.add_error("epci", "Choisissez l'EPCI.")
        elif mode == TerritoryChoiceMode.DEPARTEMENT and not cleaned.get("departement"):
            self.add_error("departement", "Choisissez le département.")
        elif mode == TerritoryChoiceMode.COMMUNES:
            codes = [code for code in re.split(r"[\s,;]+", cleaned.get("communes", "")) if code]
            found = {commune.code: commune for commune in Commune.objects.filter(code__in=codes)}
            unknown = [code for code in codes if code not in found]
            if not codes:
                self.add_error("communes", "Indiquez au moins un code INSEE de commune.")
            elif unknown:
                self.add_error("communes", f"Codes INSEE inconnus : {', '.join(unknown)}.")
            else:
                cleaned["commune_objects"] = [found[code] for code in dict.fromkeys(codes)]
        if self.errors or not mode:
            return None
        return TerritoryChoice(
            mode=mode,
            name=cleaned.get("territory_name", ""),
            communes=cleaned.get("commune_objects", []),
            epci=cleaned.get("epci"),
            departement=cleaned.get("departement"),
            kind=cleaned.get("territory_kind") or TerritoryKind.CUSTOM,
        )


CONTRACT_FIELDS = [
    "title",
    "kind",
    "ars",
    "scoping_started_on",
    "diagnosis_on",
    "signed_on",
    "starts_on",
    "ends_on",
    "summary",
    "linked_schemes",
    "linked_schemes_notes",
    "is_public",
]
DATE_FIELDS = ["scoping_started_on", "diagnosis_on", "signed_on", "starts_on", "ends_on"]


class ContractForm(TerritoryFieldsMixin, forms.Form):
    title = forms.CharField(label="Intitulé", max_length=255)
    kind = forms.ChoiceField(
        label="Type de contrat", choices=ContractKind.choices, initial=ContractKind.CLS
    )
    ars = forms.ModelChoiceField(
        label="ARS", queryset=Organisation.objects.none(), empty_label=None
    )
    scoping_started_on = forms.DateField(
        label="Démarche engagée le", required=False, widget=DateInput()
    )
    diagnosis_on = forms.DateField(label="Diagnostic achevé le", required=False, widget=DateInput())
    signed_on = forms.DateField(label="Signé le", required=False, widget=DateInput())
    starts_on = forms.DateField(label="Début", required=False, widget=DateInput())
    ends_on = forms.DateField(label="Fin", required=False, widget=DateInput())
    summary = forms.CharField(
        label="Préambule et résumé", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    linked_schemes = forms.MultipleChoiceField(
        label="Dispositifs articulés",
        choices=LinkedScheme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    linked_schemes_notes = forms.CharField(
        label="Articulation avec les autres dispositifs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_public = forms.BooleanField(
        label="Visible dans l'annuaire public une fois signé", required=False, initial=True
    )

    field_order = [
        "title",
        "kind",
        "ars",
        "territory_mode",
        "epci",
        "communes",
        "departement",
        "territory_name",
        "territory_kind",
    ]

    def __init__(self, *args, ars_queryset, contract: Contract | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ars"].queryset = ars_queryset
        self.contract = contract
        if contract is not None:
            # On edit, the territory is kept unless the user describes a new one.
            self.fields["territory_mode"].required = False
            self.fields["territory_mode"].choices = [
                ("", "Garder le territoire actuel"),
                *TerritoryChoiceMode.choices,
            ]
            self.initial.update({name: getattr(contract, name) for name in CONTRACT_FIELDS})
            self.initial["territory_mode"] = ""

    @staticmethod
    def initial_for_territory(query, ars_queryset) -> dict:
        """What « Démarrer un CLS » on a territory without a contract fills in: the territory
        (`?epci=<SIREN>` or `?communes=<INSEE>`), a title, and the ARS of its région."""
        siren, code = query.get("epci"), query.get("communes")
        if siren and (epci := Epci.objects.filter(pk=siren).first()):
            region = epci.communes.values_list("region_id", flat=True).first()
            initial = {"territory_mode": TerritoryChoiceMode.EPCI, "epci": epci.pk}
            name = epci.name
        elif code and (commune := Commune.objects.filter(pk=code).first()):
            region = commune.region_id
            initial = {"territory_mode": TerritoryChoiceMode.COMMUNES, "communes": commune.pk}
            name = commune.name
        else:
            return {}
        ars = ars_queryset.filter(region_id=region).first()
        return initial | {"title": f"Contrat local de santé — {name}", "ars": ars}

    def clean(self):
        cleaned = super().clean()
        cleaned["territory"] = self.clean_territory(cleaned)
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "La date de fin précède la date de début.")
        return cleaned

    def contract_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTRACT_FIELDS}


class TransitionForm(forms.Form):
    confirm = forms.BooleanField(label="Je confirme ce changement d'étape", required=True)


class RenewForm(forms.Form):
    title = forms.CharField(label="Intitulé du nouveau contrat", max_length=255)
    starts_on = forms.DateField(label="Début prévu", required=False, widget=DateInput())
    ends_on = forms.DateField(label="Fin prévue", required=False, widget=DateInput())


REPRESENTATIVE_EMAIL = forms.EmailField(
    label="Adresse électronique du représentant",
    required=False,
    help_text="Pour l'inviter sur la plateforme : il recevra un lien pour choisir son mot de passe.",
)


def _check_representative(form, cleaned: dict) -> None:
    if cleaned.get("person_email") and not cleaned.get("person_name", "").strip():
        form.add_error("person_name", "Donnez le prénom et le nom de la personne à inviter.")


class SignatoryForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),  # those the contract offers (__init__)
        required=False,
        empty_label="Choisir une organisation existante",
    )
    new_organisation_name = forms.CharField(
        label="…ou nom d'une nouvelle organisation", max_length=255, required=False
    )
    new_organisation_kind = forms.ChoiceField(
        label="Nature de la nouvelle organisation", choices=OrganisationKind.choices, required=False
    )
    role = forms.ChoiceField(label="Qualité", choices=SignatoryRole.choices)
    person_name = forms.CharField(
        label="Représentée par (prénom et nom)", max_length=200, required=False
    )
    person_title = forms.CharField(label="Fonction du représentant", max_length=200, required=False)
    person_email = REPRESENTATIVE_EMAIL
    deliberation_on = forms.DateField(label="Délibération du", required=False, widget=DateInput())
    signed_on = forms.DateField(label="Signé le", required=False, widget=DateInput())

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_offered(contract)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and not cleaned.get("new_organisation_name"):
            self.add_error(
                "organisation", "Choisissez une organisation ou saisissez le nom d'une nouvelle."
            )
        if cleaned.get("new_organisation_name") and not cleaned.get("new_organisation_kind"):
            self.add_error(
                "new_organisation_kind", "Précisez la nature de la nouvelle organisation."
            )
        _check_representative(self, cleaned)
        return cleaned


class PersonFieldsForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Personne déjà connue",
        queryset=Person.objects.none(),  # those the contract offers (CoordinatorForm)
        required=False,
        empty_label="Choisir une personne",
    )
    first_name = forms.CharField(label="…ou prénom", max_length=100, required=False)
    last_name = forms.CharField(label="Nom", max_length=100, required=False)
    email = forms.EmailField(label="Adresse électronique", required=False)
    job_title = forms.CharField(label="Fonction", max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not (
            cleaned.get("first_name") and cleaned.get("last_name")
        ):
            self.add_error(
                "person", "Choisissez une personne ou saisissez le prénom et le nom d'une nouvelle."
            )
        return cleaned


class CoordinatorForm(PersonFieldsForm):
    started_on = forms.DateField(label="En poste à partir du", widget=DateInput())
    fte = forms.DecimalField(
        label="Temps de travail (ETP)",
        required=False,
        min_value=0.01,
        max_value=1,
        decimal_places=2,
        localize=True,
        help_text="Au plus 1 ETP, par exemple 0,8.",
    )
    funders = forms.ModelMultipleChoiceField(
        label="Financeurs du poste",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    funding_notes = forms.CharField(
        label="Financement du poste", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_offered(contract)
        # Only the contract's signatories and partners are offered as funders.
        self.fields["funders"].queryset = (
            Organisation.objects.filter(signatures__contract=contract).distinct().order_by("name")
        )


class CoordinationForm(forms.Form):
    """Correcting an assignment: its dates and the funding of the post."""

    started_on = forms.DateField(label="En poste à partir du", widget=DateInput())
    ended_on = forms.DateField(
        label="Jusqu'au (dernier jour)",
        required=False,
        widget=DateInput(),
        help_text="Laissez vide pour une mission sans fin prévue.",
    )
    fte = CoordinatorForm.base_fields["fte"]
    funders = CoordinatorForm.base_fields["funders"]
    funding_notes = CoordinatorForm.base_fields["funding_notes"]

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funders"].queryset = (
            Organisation.objects.filter(signatures__contract=contract).distinct().order_by("name")
        )


class MemberForm(forms.Form):
    """A member added to an organisation taking part in contracts (`actors.services.member_invite`)."""

    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),  # access.member_organisations
        empty_label="Choisir une organisation",
        help_text="Une organisation signataire ou partenaire d'un contrat de votre région.",
    )
    first_name = forms.CharField(label="Prénom", max_length=100)
    last_name = forms.CharField(label="Nom", max_length=100)
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Elle reçoit le lien pour choisir son mot de passe, valable 7 jours.",
    )
    job_title = forms.CharField(label="Fonction", max_length=200, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")


class CoordinationEndForm(forms.Form):
    ended_on = forms.DateField(
        label="Dernier jour de la mission",
        widget=DateInput(),
        help_text="Après ce jour, la personne ne pourra plus modifier le contrat.",
    )


class AmendmentForm(forms.Form):
    signed_on = forms.DateField(label="Signé le", widget=DateInput())
    subject = forms.CharField(label="Objet", max_length=255)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AxisForm(forms.Form):
    number = forms.IntegerField(label="Numéro", min_value=1)
    title = forms.CharField(label="Intitulé", max_length=255)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ObjectiveForm(forms.Form):
    axis = forms.ModelChoiceField(label="Axe", queryset=Axis.objects.none(), empty_label=None)
    level = forms.ChoiceField(label="Niveau", choices=ObjectiveLevel.choices)
    parent = forms.ModelChoiceField(
        label="Objectif parent",
        queryset=Objective.objects.none(),
        required=False,
        empty_label="Aucun (objectif général)",
    )
    number = forms.CharField(label="Numéro", max_length=20, required=False)
    title = forms.CharField(label="Intitulé", max_length=500)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = contract.axes.order_by("order", "number")
        self.fields["parent"].queryset = Objective.objects.filter(
            axis__contract=contract
        ).select_related("axis")


class DocumentForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=255)
    kind = forms.ChoiceField(
        label="Nature", choices=DocumentKind.choices, initial=DocumentKind.OTHER
    )
    file = forms.FileField(
        label="Fichier",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument ou image ; 20 Mo au plus.",
    )


def apply_service_errors(form: forms.Form, error: ValidationError):
    """Show a service's validation errors on the form, next to their fields when they have one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


# --- Correcting what the contract holds --------------------------------------------------------


class SignatoryEditForm(forms.Form):
    role = forms.ChoiceField(label="Qualité", choices=SignatoryRole.choices)
    person_name = forms.CharField(
        label="Représentée par (prénom et nom)",
        max_length=200,
        required=False,
        help_text="Laissez vide pour ne plus nommer de représentant.",
    )
    person_title = forms.CharField(label="Fonction du représentant", max_length=200, required=False)
    person_email = REPRESENTATIVE_EMAIL
    deliberation_on = forms.DateField(label="Délibération du", required=False, widget=DateInput())
    signed_on = forms.DateField(label="Signé le", required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        _check_representative(self, cleaned)
        return cleaned


class DocumentEditForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=255)
    kind = forms.ChoiceField(label="Nature", choices=DocumentKind.choices)


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label="Nature", choices=BodyKind.choices)
    name = forms.CharField(label="Nom", max_length=200)
    description = forms.CharField(
        label="Rôle et composition", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class DiagnosisForm(forms.Form):
    summary = forms.CharField(
        label="Synthèse", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    carried_out_by = forms.ModelChoiceField(
        label="Réalisé par",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="Non précisé",
    )
    completed_on = forms.DateField(label="Achevé le", required=False, widget=DateInput())
    sources = forms.CharField(
        label="Sources",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Études, bases de données et enquêtes dont le diagnostic est tiré.",
    )


class FindingForm(forms.Form):
    theme = forms.ModelChoiceField(
        label="Thématique", queryset=Theme.objects.order_by("order"), empty_label=None
    )
    title = forms.CharField(label="Constat", max_length=255)
    description = forms.CharField(
        label="Détail", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
