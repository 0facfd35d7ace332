"""Contracts and everything signed or decided at contract level.

A `Contract` is the unit of tenancy: every other object (axis, action, indicator, report) belongs
to one, and `contracts.access` decides who sees and changes it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actors.enums import OrganisationKind
from actors.models import Organisation, Person
from contracts.documents import identified_document
from contracts.enums import (
    AssignmentPhase,
    BodyKind,
    ContractKind,
    ContractStatus,
    DocumentKind,
    ObjectiveLevel,
    SignatoryRole,
    TermPhase,
)
from territories.models import Territory

# Organisations that count as the collectivité signing a contract.
COLLECTIVITE_KINDS = (
    OrganisationKind.COMMUNE,
    OrganisationKind.EPCI,
    OrganisationKind.DEPARTEMENT,
    OrganisationKind.REGION,
)

# Statuses of a signed contract not yet closed: it is in force on its territory between its dates
# (`in_force_condition`).
ACTIVE_STATUSES = (ContractStatus.SIGNED, ContractStatus.IMPLEMENTATION, ContractStatus.EVALUATION)


def in_force_condition(on: datetime.date) -> Q:
    """The rule of a contract in force on `on`, as a filter: signed and not closed, begun and
    not ended (an unknown date does not bound it). `Contract.term_phase` is the same rule on
    one contract, `term_phase_expression` on a column."""
    return (
        Q(status__in=ACTIVE_STATUSES)
        & (Q(starts_on__isnull=True) | Q(starts_on__lte=on))
        & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    )


def term_phase_expression(on: datetime.date) -> Case:
    """`Contract.term_phase` on `on` as a database expression."""
    return Case(
        When(~Q(status__in=ACTIVE_STATUSES), then=Value(TermPhase.OUTSIDE.value)),
        When(starts_on__gt=on, then=Value(TermPhase.NOT_STARTED.value)),
        When(ends_on__lt=on, then=Value(TermPhase.ENDED.value)),
        default=Value(TermPhase.IN_FORCE.value),
        output_field=models.CharField(),
    )


def dates_in_order(first: str, second: str, name: str, message: str) -> models.CheckConstraint:
    """A check that `first` is not after `second` when both are known."""
    return models.CheckConstraint(
        condition=Q(**{f"{first}__isnull": True})
        | Q(**{f"{second}__isnull": True})
        | Q(**{f"{first}__lte": F(second)}),
        name=name,
        violation_error_message=message,
    )


def not_in_future(**dates: datetime.date | None) -> None:
    """A ValidationError on each field whose date is after today: a signature, a deliberation,
    a note or minutes record what has happened."""
    today = timezone.localdate()
    errors = {
        name: f"Cette date est postérieure à aujourd'hui ({today:%d/%m/%Y})."
        for name, date in dates.items()
        if date and date > today
    }
    if errors:
        raise ValidationError(errors)


def not_started_condition(on: datetime.date) -> Q:
    """The rule of a contract signed but not yet in force on `on`: it begins later."""
    return Q(status__in=ACTIVE_STATUSES, starts_on__gt=on)


class Theme(models.Model):
    """A health theme (prevention, access to care…): a fixed vocabulary loaded by migration."""

    code = models.CharField("code", max_length=30, primary_key=True)
    label = models.CharField("libellé", max_length=100)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "thématique"
        verbose_name_plural = "thématiques"
        ordering = ["order"]

    def __str__(self):
        return self.label


class ContractQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        """Contracts in force on a date (`in_force_condition`)."""
        return self.filter(in_force_condition(on or timezone.localdate()))

    def ending_within(self, days: int, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.active(on).filter(ends_on__lte=on + datetime.timedelta(days=days))

    def in_region(self, region):
        return self.filter(ars__region=region)

    def visible_to(self, user):
        """The contracts `user` may see, as decided by `contracts.access`."""
        from contracts.access import contracts_visible_to  # access imports this module

        return self.filter(pk__in=contracts_visible_to(user).values("pk"))

    def with_current_coordinator(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(
            coordinator_assignments__in=CoordinatorAssignment.objects.current(on)
        ).distinct()

    def without_current_coordinator(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.exclude(pk__in=CoordinatorAssignment.objects.current(on).values("contract_id"))

    def flagged_without_coordinator(self, on: datetime.date):
        """The contracts flagged « sans coordonnateur » on `on`: in force with nobody in post.
        A contract in preparation, closed, renewed or abandoned is never flagged."""
        return self.active(on).without_current_coordinator(on)

    def with_coordinator_flag(self, on: datetime.date):
        """Each contract with `has_coordinator` (someone in post on `on`) and
        `lacks_coordinator` (flagged as `flagged_without_coordinator` flags it)."""
        current = CoordinatorAssignment.objects.current(on).filter(contract=OuterRef("pk"))
        flagged = in_force_condition(on) & ~Exists(current)
        return self.annotate(
            has_coordinator=Exists(current),
            lacks_coordinator=ExpressionWrapper(flagged, output_field=models.BooleanField()),
        )


class Contract(models.Model):
    # Which status may follow which: the lifecycle moves forward; drafting may go back to the
    # diagnosis, evaluation back to implementation (after a mid-term review); a contract may be
    # abandoned until it is signed off, and is renewed once its successor exists.
    TRANSITIONS = {
        ContractStatus.SCOPING: (ContractStatus.DIAGNOSIS, ContractStatus.ABANDONED),
        ContractStatus.DIAGNOSIS: (ContractStatus.ELABORATION, ContractStatus.ABANDONED),
        ContractStatus.ELABORATION: (
            ContractStatus.DIAGNOSIS,
            ContractStatus.SIGNED,
            ContractStatus.ABANDONED,
        ),
        ContractStatus.SIGNED: (ContractStatus.IMPLEMENTATION, ContractStatus.ABANDONED),
        ContractStatus.IMPLEMENTATION: (ContractStatus.EVALUATION, ContractStatus.ABANDONED),
        ContractStatus.EVALUATION: (
            ContractStatus.IMPLEMENTATION,
            ContractStatus.CLOSED,
            ContractStatus.RENEWED,
        ),
        ContractStatus.CLOSED: (ContractStatus.RENEWED,),
        ContractStatus.RENEWED: (),
        ContractStatus.ABANDONED: (),
    }

    title = models.CharField("intitulé", max_length=255)
    kind = models.CharField(
        "type de contrat", max_length=10, choices=ContractKind.choices, default=ContractKind.CLS
    )
    generation = models.PositiveSmallIntegerField(
        "génération", default=1, help_text="1 pour un premier contrat, 2 pour son renouvellement…"
    )
    predecessor = models.OneToOneField(
        "self",
        verbose_name="contrat précédent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
    )
    territory = models.ForeignKey(
        Territory, verbose_name="territoire", on_delete=models.PROTECT, related_name="contracts"
    )
    ars = models.ForeignKey(
        Organisation,
        verbose_name="ARS",
        on_delete=models.PROTECT,
        related_name="ars_contracts",
        limit_choices_to={"kind": "ars"},
    )
    status = models.CharField(
        "statut",
        max_length=20,
        choices=ContractStatus.choices,
        default=ContractStatus.SCOPING,
        db_index=True,
    )
    scoping_started_on = models.DateField("démarche engagée le", null=True, blank=True)
    diagnosis_on = models.DateField("diagnostic achevé le", null=True, blank=True)
    signed_on = models.DateField("signé le", null=True, blank=True)
    starts_on = models.DateField("début", null=True, blank=True)
    ends_on = models.DateField("fin", null=True, blank=True, db_index=True)
    summary = models.TextField("préambule et résumé", blank=True)
    linked_schemes = models.JSONField(
        "dispositifs articulés",
        default=list,
        blank=True,
        help_text="Codes parmi : clsm, asv, contrat_de_ville, cpts, prs, ptsm.",
    )
    linked_schemes_notes = models.TextField("articulation avec les autres dispositifs", blank=True)
    is_public = models.BooleanField(
        "visible dans l'annuaire public",
        default=True,
        help_text="Un contrat signé et public apparaît dans l'annuaire ouvert à tous.",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True, db_index=True)
    history = HistoricalRecords()

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "contrat"
        verbose_name_plural = "contrats"
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(generation__gte=1),
                name="contract_generation_positive",
                violation_error_message="La génération commence à 1.",
            ),
            dates_in_order(
                "starts_on",
                "ends_on",
                "contract_term_in_order",
                "La date de fin du contrat précède sa date de début.",
            ),
            dates_in_order(
                "scoping_started_on",
                "signed_on",
                "contract_scoping_before_signature",
                "La démarche ne peut pas commencer après la signature.",
            ),
            dates_in_order(
                "signed_on",
                "ends_on",
                "contract_signed_before_end",
                "La signature ne peut pas suivre la fin du contrat.",
            ),
            models.CheckConstraint(
                condition=Q(predecessor__isnull=True) | Q(generation__gte=2),
                name="contract_successor_generation",
                violation_error_message="Un contrat qui en renouvelle un autre est de génération 2 ou plus.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("contract_summary", args=[self.pk])

    @property
    def region(self):
        return self.ars.region

    @property
    def next_generation(self) -> "Contract | None":
        """The contract that renewed this one, if any."""
        try:
            return self.successor
        except Contract.DoesNotExist:
            return None

    @property
    def is_active(self) -> bool:
        """In force today."""
        return self.is_in_force(timezone.localdate())

    @property
    def current_term_phase(self) -> str:
        """`term_phase` today."""
        return self.term_phase(timezone.localdate())

    def is_in_force(self, on: datetime.date) -> bool:
        """`in_force_condition` on this contract: signed and not closed, begun and not ended."""
        return self.term_phase(on) == TermPhase.IN_FORCE

    def term_phase(self, on: datetime.date) -> str:
        """Where a contract stands on `on` between its signature and its end: not signed (or
        closed), signed but not begun, in force, or past its end."""
        if self.status not in ACTIVE_STATUSES:
            return TermPhase.OUTSIDE
        if self.starts_on and self.starts_on > on:
            return TermPhase.NOT_STARTED
        if self.ends_on and self.ends_on < on:
            return TermPhase.ENDED
        return TermPhase.IN_FORCE

    def shown_status(self, on: datetime.date) -> tuple[str, str]:
        """The code and French label pages, documents and the API show for the contract's
        status on `on`: its step, or « Signé, pas encore en vigueur » before its start and
        « Arrivé à échéance » after its end while it is not closed."""
        phase = self.term_phase(on)
        if phase in (TermPhase.NOT_STARTED, TermPhase.ENDED):
            return phase, TermPhase(phase).label
        return self.status, self.get_status_display()

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[ContractStatus(self.status)]

    def signature_blockers(self) -> list[str]:
        """What is missing before the contract can be signed, in French; empty when ready."""
        blockers = []
        signed = [
            s
            for s in self.signatories.select_related("organisation")
            if s.role == SignatoryRole.SIGNATORY
        ]
        dated = [s for s in signed if s.signed_on]
        if not any(s.organisation_id == self.ars_id for s in dated):
            blockers.append("L'ARS doit figurer parmi les signataires, avec sa date de signature.")
        if not any(s.organisation.kind in COLLECTIVITE_KINDS for s in dated):
            blockers.append(
                "Au moins une collectivité doit figurer parmi les signataires, avec sa date de signature."
            )
        if not self.territory.communes.exists():
            blockers.append("Le territoire du contrat ne comporte aucune commune.")
        if not self.axes.exists():
            blockers.append("Le contrat doit comporter au moins un axe stratégique.")
        if not (self.starts_on and self.ends_on):
            blockers.append("Les dates de début et de fin du contrat doivent être renseignées.")
        if not self.signed_on:
            blockers.append("La date de signature du contrat doit être renseignée.")
        return blockers

    def current_coordinators(self, on: datetime.date | None = None):
        return self.coordinator_assignments.current(on).select_related("person")


class Signatory(models.Model):
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="signatories"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    person = models.ForeignKey(
        Person,
        verbose_name="représentée par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
    )
    role = models.CharField(
        "qualité", max_length=20, choices=SignatoryRole.choices, default=SignatoryRole.SIGNATORY
    )
    deliberation_on = models.DateField("délibération du", null=True, blank=True)
    signed_on = models.DateField("signé le", null=True, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "signataire"
        verbose_name_plural = "signataires et partenaires"
        ordering = ["contract", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "organisation", "role"],
                name="unique_signatory_per_contract",
                violation_error_message="Cette organisation figure déjà à ce titre dans le contrat.",
            ),
            dates_in_order(
                "deliberation_on",
                "signed_on",
                "signatory_deliberation_before_signature",
                "La délibération doit précéder la signature.",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"

    def clean(self):
        not_in_future(deliberation_on=self.deliberation_on, signed_on=self.signed_on)


class CoordinatorAssignmentQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """The assignments in post on `on`: `CoordinatorAssignment.phase` in SQL."""
        on = on or timezone.localdate()
        return self.filter(Q(started_on__lte=on), Q(ended_on__isnull=True) | Q(ended_on__gte=on))


class CoordinatorAssignment(models.Model):
    """A person coordinating a contract over a period; earlier coordinators stay on record."""

    contract = models.ForeignKey(
        Contract,
        verbose_name="contrat",
        on_delete=models.CASCADE,
        related_name="coordinator_assignments",
    )
    person = models.ForeignKey(
        Person,
        verbose_name="coordonnateur ou coordonnatrice",
        on_delete=models.PROTECT,
        related_name="coordinator_assignments",
    )
    started_on = models.DateField("depuis le")
    ended_on = models.DateField("jusqu'au", null=True, blank=True)
    fte = models.DecimalField(
        "temps de travail (ETP)", max_digits=3, decimal_places=2, null=True, blank=True
    )
    funders = models.ManyToManyField(
        Organisation, verbose_name="financeurs du poste", blank=True, related_name="+"
    )
    funding_notes = models.TextField("financement du poste", blank=True)
    history = HistoricalRecords()

    objects = CoordinatorAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "coordination"
        verbose_name_plural = "coordinations"
        ordering = ["contract", "-started_on"]
        constraints = [
            dates_in_order(
                "started_on",
                "ended_on",
                "coordination_dates_in_order",
                "La fin de la mission précède son début.",
            ),
            models.CheckConstraint(
                condition=Q(fte__isnull=True) | (Q(fte__gt=0) & Q(fte__lte=5)),
                name="coordination_fte_range",
                violation_error_message="Le temps de travail doit être compris entre 0 et 5 ETP.",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.contract}"

    def phase(self, on: datetime.date) -> str:
        """Upcoming before its first day, current until its last day included, then previous:
        an assignment starting later is never among the previous ones."""
        if self.started_on > on:
            return AssignmentPhase.UPCOMING
        if self.ended_on is not None and self.ended_on < on:
            return AssignmentPhase.PREVIOUS
        return AssignmentPhase.CURRENT


class Amendment(models.Model):
    """An avenant: a signed change to the contract."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="amendments"
    )
    number = models.PositiveSmallIntegerField("numéro")
    signed_on = models.DateField("signé le")
    subject = models.CharField("objet", max_length=255)
    description = models.TextField("description", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "avenant"
        verbose_name_plural = "avenants"
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="unique_amendment_number",
                violation_error_message="Un avenant porte déjà ce numéro dans ce contrat.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="amendment_number_positive",
                violation_error_message="Les avenants sont numérotés à partir de 1.",
            ),
        ]

    def __str__(self):
        return f"Avenant n° {self.number} — {self.subject}"

    def clean(self):
        not_in_future(signed_on=self.signed_on)


def uploaded_document_path(document: "UploadedDocument", filename: str) -> str:
    return f"{document.upload_folder}/{filename}"


class UploadedDocument(models.Model):
    """A file someone deposited, of a format checked by its content (`contracts.documents`):
    a contract's document, or a fiche action's (`actions.ActionDocument`)."""

    title = models.CharField("titre", max_length=255)
    file = models.FileField("fichier", upload_to=uploaded_document_path, max_length=255)
    content_type = models.CharField("type de contenu", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("taille (octets)", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def upload_folder(self) -> str:
        """Where the storage keeps the files of the document's owner."""
        raise NotImplementedError

    @property
    def download_name(self) -> str:
        """The file's name, without its folder."""
        return self.file.name.rsplit("/", 1)[-1]

    def attach(self, file) -> None:
        """Take `file` as the document's content, once its size and what it really is are
        checked (a ValidationError on `file` otherwise), under a name whose extension says
        what it is."""
        identified = identified_document(file)
        file.name = identified.name
        self.content_type = identified.content_type
        self.file, self.size = file, file.size


class Document(UploadedDocument):
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(
        "nature", max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    amendment = models.ForeignKey(
        Amendment,
        verbose_name="avenant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documents"
        ordering = ["contract", "-uploaded_at"]

    @property
    def upload_folder(self) -> str:
        return f"contracts/{self.contract_id}/documents"


class Diagnosis(models.Model):
    """The shared territorial health diagnosis (diagnostic local de santé)."""

    contract = models.OneToOneField(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="diagnosis"
    )
    summary = models.TextField("synthèse", blank=True)
    carried_out_by = models.ForeignKey(
        Organisation,
        verbose_name="réalisé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_on = models.DateField("achevé le", null=True, blank=True)
    sources = models.TextField("sources", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "diagnostic local de santé"
        verbose_name_plural = "diagnostics locaux de santé"

    def __str__(self):
        return f"Diagnostic — {self.contract}"


class Finding(models.Model):
    diagnosis = models.ForeignKey(
        Diagnosis, verbose_name="diagnostic", on_delete=models.CASCADE, related_name="findings"
    )
    theme = models.ForeignKey(
        Theme, verbose_name="thématique", on_delete=models.PROTECT, related_name="findings"
    )
    title = models.CharField("constat", max_length=255)
    description = models.TextField("détail", blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "constat"
        verbose_name_plural = "constats"
        ordering = ["diagnosis", "order", "id"]

    def __str__(self):
        return self.title


class Axis(models.Model):
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="axes"
    )
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=255)
    description = models.TextField("description", blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    updated_at = models.DateTimeField("modifié le", auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "axe stratégique"
        verbose_name_plural = "axes stratégiques"
        ordering = ["contract", "order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="unique_axis_number",
                violation_error_message="Un axe porte déjà ce numéro dans ce contrat.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="axis_number_positive",
                violation_error_message="Les axes sont numérotés à partir de 1.",
            ),
        ]

    def __str__(self):
        return f"Axe {self.number} — {self.title}"


class Objective(models.Model):
    """An objective in the tree under an axis: general → specific → operational."""

    # The level each level's parent must have (a general objective has no parent).
    PARENT_LEVEL = {
        ObjectiveLevel.GENERAL: None,
        ObjectiveLevel.SPECIFIC: ObjectiveLevel.GENERAL,
        ObjectiveLevel.OPERATIONAL: ObjectiveLevel.SPECIFIC,
    }

    axis = models.ForeignKey(
        Axis, verbose_name="axe", on_delete=models.CASCADE, related_name="objectives"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="objectif parent",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    level = models.CharField("niveau", max_length=20, choices=ObjectiveLevel.choices)
    number = models.CharField("numéro", max_length=20, blank=True)
    title = models.CharField("intitulé", max_length=500)
    description = models.TextField("description", blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    updated_at = models.DateTimeField("modifié le", auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "objectif"
        verbose_name_plural = "objectifs"
        ordering = ["axis", "order", "number", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level=ObjectiveLevel.GENERAL, parent__isnull=True)
                | (~Q(level=ObjectiveLevel.GENERAL) & Q(parent__isnull=False)),
                name="objective_parent_matches_level",
                violation_error_message=(
                    "Seul un objectif général est sans parent ; les autres en ont un."
                ),
            ),
            models.UniqueConstraint(
                fields=["axis", "number"],
                condition=~Q(number=""),
                name="unique_objective_number",
                violation_error_message="Un objectif porte déjà ce numéro dans cet axe.",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def clean(self):
        expected = self.PARENT_LEVEL.get(self.level)
        if self.parent_id and self.parent.level != expected:
            raise ValidationError(
                {"parent": "Le parent doit être un objectif de niveau immédiatement supérieur."}
            )
        if self.parent_id and self.parent.axis_id != self.axis_id:
            raise ValidationError({"parent": "Le parent doit appartenir au même axe."})


class GovernanceBody(models.Model):
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="bodies"
    )
    kind = models.CharField("nature", max_length=20, choices=BodyKind.choices)
    name = models.CharField("nom", max_length=200)
    description = models.TextField("rôle et composition", blank=True)
    members = models.ManyToManyField(
        Person, verbose_name="membres", blank=True, related_name="bodies"
    )
    member_organisations = models.ManyToManyField(
        Organisation, verbose_name="organisations membres", blank=True, related_name="bodies"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "instance de gouvernance"
        verbose_name_plural = "instances de gouvernance"
        ordering = ["contract", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "name"],
                name="unique_body_name",
                violation_error_message="Une instance porte déjà ce nom dans ce contrat.",
            )
        ]

    def __str__(self):
        return self.name


class MeetingQuerySet(models.QuerySet):
    def copil(self):
        return self.filter(body__kind=BodyKind.COPIL)

    def since(self, on: datetime.date):
        return self.filter(held_on__gte=on)


class Meeting(models.Model):
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="meetings"
    )
    body = models.ForeignKey(
        GovernanceBody,
        verbose_name="instance",
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    held_on = models.DateField("date", db_index=True)
    title = models.CharField("intitulé", max_length=255, blank=True)
    location = models.CharField("lieu", max_length=255, blank=True)
    agenda = models.TextField("ordre du jour", blank=True)
    decisions = models.TextField("décisions", blank=True)
    minutes = models.ForeignKey(
        Document,
        verbose_name="compte rendu",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attendees = models.ManyToManyField(
        Person, verbose_name="participants", blank=True, related_name="meetings"
    )
    attending_organisations = models.ManyToManyField(
        Organisation, verbose_name="organisations présentes", blank=True, related_name="meetings"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True, db_index=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "réunion"
        verbose_name_plural = "réunions"
        ordering = ["contract", "-held_on"]

    def __str__(self):
        return f"{self.body} du {self.held_on:%d/%m/%Y}"

    def clean(self):
        if self.body_id and self.contract_id and self.body.contract_id != self.contract_id:
            raise ValidationError({"body": "Cette instance appartient à un autre contrat."})
        if self.minutes_id and self.held_on and self.held_on > timezone.localdate():
            raise ValidationError(
                {"minutes": "Le compte rendu se dépose une fois la réunion tenue."}
            )


class Tombstone(models.Model):
    """The trace of a deleted object, so that tools syncing with `updated_since` learn of it.

    Written by `contracts.tombstones` whenever an object of an API resource is deleted, by
    whichever door. The contract is kept as a bare id (it may be gone too) so that the list can
    be scoped like the objects were; a tombstone tells nothing but the resource and the id.
    """

    resource = models.CharField("ressource", max_length=30)
    object_id = models.CharField("identifiant", max_length=20)
    contract_id = models.BigIntegerField("contrat", null=True, blank=True, db_index=True)
    # The région of a deleted contract: its ARS keeps seeing the deletion once the contract is gone.
    region_code = models.CharField("région", max_length=3, blank=True)
    # Part of a confidential action: shown only to those who could see the action.
    is_confidential = models.BooleanField("confidentiel", default=False)
    deleted_at = models.DateTimeField("supprimé le", auto_now_add=True)

    class Meta:
        verbose_name = "trace de suppression"
        verbose_name_plural = "traces de suppression"
        ordering = ["deleted_at", "id"]
        indexes = [models.Index(fields=["deleted_at", "id"], name="tombstone_sync")]

    def __str__(self):
        return f"{self.resource} {self.object_id} supprimé le {self.deleted_at:%d/%m/%Y}"
