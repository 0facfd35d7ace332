"""Action sheets (fiches actions) and what hangs off them.

An action belongs to one contract and one of its axes. Its `version` grows by one at every
saved edit so that two people editing the same sheet cannot overwrite each other silently.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions.enums import (
    FINISHED_STATUSES,
    ActionStatus,
    CitizenParticipation,
    FundingNature,
    FundingScheme,
    FundingStatus,
    Priority,
)
from actors.models import Organisation, Person
from config.french import number
from contracts.models import (
    Axis,
    Contract,
    Meeting,
    Objective,
    Theme,
    UploadedDocument,
    dates_in_order,
    not_in_future,
)
from territories.models import Commune


class ListChanges(models.Model):
    """What a change of a sheet did to its many-to-many lists, kept on its history row since
    the row's columns cannot hold them: {list name: [labels before, labels after]}."""

    list_changes = models.JSONField("listes modifiées", null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class VocabularyTerm(models.Model):
    """A term of a fixed vocabulary, loaded by migration and shared by all contracts."""

    code = models.CharField("code", max_length=30, primary_key=True)
    label = models.CharField("libellé", max_length=100)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        abstract = True
        ordering = ["order"]

    def __str__(self):
        return self.label


class TargetGroup(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = "public cible"
        verbose_name_plural = "publics cibles"


class Determinant(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = "déterminant de santé"
        verbose_name_plural = "déterminants de santé"


def late_condition(on: datetime.date | None = None) -> models.Q:
    """Late: the planned end has passed and the action is neither done nor abandoned."""
    on = on or timezone.localdate()
    return models.Q(planned_end_on__lt=on) & ~models.Q(status__in=FINISHED_STATUSES)


class ActionQuerySet(models.QuerySet):
    def late(self, on: datetime.date | None = None):
        """Actions whose planned end has passed and that are neither done nor abandoned."""
        return self.filter(late_condition(on))

    def public(self):
        return self.filter(is_confidential=False)


class Action(models.Model):
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="actions"
    )
    axis = models.ForeignKey(
        Axis, verbose_name="axe", on_delete=models.PROTECT, related_name="actions"
    )
    objectives = models.ManyToManyField(
        Objective, verbose_name="objectifs", blank=True, related_name="actions"
    )
    number = models.CharField("numéro", max_length=20, help_text="Par exemple « 2.3 ».")
    title = models.CharField("intitulé", max_length=255)
    description = models.TextField("description", blank=True)
    rationale = models.TextField("contexte et justification", blank=True)
    expected_results = models.TextField("résultats attendus", blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name="structure pilote",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_actions",
    )
    lead_person = models.ForeignKey(
        Person,
        verbose_name="référent ou référente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_actions",
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name="partenaires", blank=True, related_name="partner_actions"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name="publics cibles", blank=True, related_name="actions"
    )
    determinants = models.ManyToManyField(
        Determinant, verbose_name="déterminants de santé", blank=True, related_name="actions"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name="thématiques", blank=True, related_name="actions"
    )
    intervention_communes = models.ManyToManyField(
        Commune,
        verbose_name="communes d'intervention",
        blank=True,
        related_name="actions",
        help_text="Laisser vide si l'action couvre tout le territoire du contrat.",
    )
    citizen_participation = models.CharField(
        "participation citoyenne",
        max_length=20,
        choices=CitizenParticipation.choices,
        default=CitizenParticipation.NONE,
    )
    priority = models.CharField(
        "priorité", max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        "statut",
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.PLANNED,
        db_index=True,
    )
    starts_on = models.DateField("début", null=True, blank=True)
    planned_end_on = models.DateField("fin prévue", null=True, blank=True)
    ended_on = models.DateField("fin effective", null=True, blank=True)
    is_confidential = models.BooleanField(
        "confidentielle",
        default=False,
        help_text="Une action confidentielle n'apparaît ni dans l'annuaire public "
        "ni dans les documents des lecteurs non habilités.",
    )
    reviewed_in = models.ManyToManyField(
        Meeting, verbose_name="examinée en réunion", blank=True, related_name="reviewed_actions"
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True, db_index=True)
    history = HistoricalRecords(bases=[ListChanges])

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = "fiche action"
        verbose_name_plural = "fiches actions"
        ordering = ["contract", "axis__order", "axis__number", "number"]
        indexes = [
            # A contract's late actions (`late_condition`): the dashboard's alert and flags.
            models.Index(
                fields=["contract", "planned_end_on"],
                condition=~models.Q(status__in=FINISHED_STATUSES),
                name="action_open_by_end",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="unique_action_number",
                violation_error_message="Une fiche action porte déjà ce numéro dans ce contrat.",
            ),
            dates_in_order(
                "starts_on",
                "planned_end_on",
                "action_planned_dates_in_order",
                "La fin prévue précède le début de l'action.",
            ),
            dates_in_order(
                "starts_on",
                "ended_on",
                "action_dates_in_order",
                "La fin effective précède le début de l'action.",
            ),
            models.CheckConstraint(
                condition=~Q(number=""),
                name="action_number_required",
                violation_error_message="Le numéro de la fiche action est obligatoire.",
            ),
        ]

    def __str__(self):
        return f"{self.number} — {self.title}"

    @property
    def is_late(self) -> bool:
        return bool(
            self.planned_end_on
            and self.planned_end_on < timezone.localdate()
            and self.status not in FINISHED_STATUSES
        )

    def clean(self):
        if self.axis_id and self.contract_id and self.axis.contract_id != self.contract_id:
            raise ValidationError({"axis": "Cet axe appartient à un autre contrat."})


class ActionSearchDocument(models.Model):
    """An action's French full-text vector, from which the action search ranks its matches.

    PostgreSQL keeps it from the action's title, description and expected results, by a
    trigger (migration 0005), whatever writes the action: services, admin, bulk creation. It
    lives in a table of its own, so that the vectors do not widen the actions' table. SQLite leaves it empty: its search looks in the texts instead.
    """

    action = models.OneToOneField(
        Action,
        verbose_name="fiche action",
        primary_key=True,
        related_name="search_document",
        # Removed with its action by the same trigger.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
    )
    vector = SearchVectorField("vecteur de recherche")

    class Meta:
        verbose_name = "index de recherche d'une fiche action"
        verbose_name_plural = "index de recherche des fiches actions"

    def __str__(self):
        return f"Index de recherche de la fiche {self.action_id}"


class Milestone(models.Model):
    action = models.ForeignKey(
        Action, verbose_name="fiche action", on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField("étape", max_length=255)
    description = models.TextField("description", blank=True)
    due_on = models.DateField("échéance", null=True, blank=True)
    done_on = models.DateField("réalisée le", null=True, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "étape"
        verbose_name_plural = "étapes"
        ordering = ["action", "order", "due_on", "id"]

    def __str__(self):
        return self.title


class ActionUpdate(models.Model):
    """A dated follow-up note (note de suivi), optionally changing the action's status."""

    action = models.ForeignKey(
        Action, verbose_name="fiche action", on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.PROTECT,
        related_name="action_updates",
    )
    written_on = models.DateField("date", default=timezone.localdate, db_index=True)
    text = models.TextField("note")
    new_status = models.CharField(
        "nouveau statut", max_length=20, choices=ActionStatus.choices, blank=True
    )
    created_at = models.DateTimeField("saisie le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "note de suivi"
        verbose_name_plural = "notes de suivi"
        ordering = ["action", "-written_on", "-created_at"]

    def __str__(self):
        return f"Note du {self.written_on:%d/%m/%Y}"

    def clean(self):
        not_in_future(written_on=self.written_on)


class FundingLine(models.Model):
    action = models.ForeignKey(
        Action, verbose_name="fiche action", on_delete=models.CASCADE, related_name="funding_lines"
    )
    funder = models.ForeignKey(
        Organisation, verbose_name="financeur", on_delete=models.PROTECT, related_name="fundings"
    )
    scheme = models.CharField("dispositif", max_length=20, choices=FundingScheme.choices)
    year = models.PositiveSmallIntegerField("année", db_index=True)
    nature = models.CharField(
        "nature", max_length=20, choices=FundingNature.choices, default=FundingNature.OPERATING
    )
    planned_amount = models.DecimalField(
        "montant prévu (€)", max_digits=12, decimal_places=2, default=0
    )
    granted_amount = models.DecimalField(
        "montant accordé (€)", max_digits=12, decimal_places=2, default=0
    )
    paid_amount = models.DecimalField(
        "montant versé (€)", max_digits=12, decimal_places=2, default=0
    )
    status = models.CharField(
        "état", max_length=20, choices=FundingStatus.choices, default=FundingStatus.PLANNED
    )
    reference = models.CharField("référence (convention, arrêté)", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ligne de financement"
        verbose_name_plural = "lignes de financement"
        ordering = ["action", "year", "funder__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_amount__gte=0)
                & Q(granted_amount__gte=0)
                & Q(paid_amount__gte=0),
                name="funding_amounts_non_negative",
                violation_error_message="Les montants ne peuvent pas être négatifs.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="funding_year_plausible",
                violation_error_message="L'année doit être comprise entre 2000 et 2100.",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__lte=F("granted_amount")),
                name="funding_paid_within_granted",
                violation_error_message="Le montant versé dépasse le montant accordé.",
            ),
        ]

    def __str__(self):
        return f"{self.funder} {self.year} — {self.planned_amount} €"

    def clean(self):
        # Said on the field, before the constraint would say it for the whole form.
        if (self.paid_amount or 0) > (self.granted_amount or 0):
            raise ValidationError(
                {
                    "paid_amount": f"Le montant versé ({number(self.paid_amount, 2)} €) "
                    f"dépasse le montant accordé ({number(self.granted_amount or 0, 2)} €)."
                }
            )


class ActionDocument(UploadedDocument):
    action = models.ForeignKey(
        Action, verbose_name="fiche action", on_delete=models.CASCADE, related_name="documents"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "document de la fiche"
        verbose_name_plural = "documents de la fiche"
        ordering = ["action", "-uploaded_at"]

    @property
    def upload_folder(self) -> str:
        return f"actions/{self.action_id}/documents"
