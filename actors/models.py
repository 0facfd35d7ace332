"""Organisations, people, user accounts and memberships.

A `Person` is someone the contracts mention (signatory, coordinator, lead, attendee); they may or
may not have a `User` account. A `Membership` ties an account to an organisation with a role, and
its history is kept so that hand-overs survive people leaving. An `Invitation` lets someone named
by e-mail choose the password of the account made for them. A `Notification` is an e-mail to an
account, recorded before it leaves: this app is the lowest that knows accounts, so every app
sends its e-mails through it.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actors.enums import MembershipRole, OrganisationKind, TokenScope
from territories.models import Commune, Departement, Epci, Region


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account, identified by its e-mail address. A superuser is a national administrator."""

    username = None
    email = models.EmailField("adresse électronique", unique=True)
    receives_weekly_digest = models.BooleanField(
        "reçoit le point hebdomadaire",
        default=True,
        help_text="Le courriel du lundi : valeurs en retard, fiches sans suivi, contrats à suivre.",
    )
    # An inactive account is either waiting for its invitation to be accepted, or was
    # deactivated (this date): only the latter refuses a new invitation.
    deactivated_at = models.DateTimeField("désactivé le", null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_national_admin(self) -> bool:
        return self.is_active and self.is_superuser

    @property
    def is_deactivated(self) -> bool:
        return not self.is_active and self.deactivated_at is not None


class OrganisationQuerySet(models.QuerySet):
    def ars(self):
        return self.filter(kind=OrganisationKind.ARS)


class Organisation(models.Model):
    name = models.CharField("nom", max_length=255)
    acronym = models.CharField("sigle", max_length=50, blank=True)
    kind = models.CharField("nature", max_length=20, choices=OrganisationKind.choices)
    siren = models.CharField("SIREN", max_length=9, blank=True)
    # The area the organisation is attached to; an ARS has its région.
    region = models.ForeignKey(
        Region, verbose_name="région", on_delete=models.PROTECT, null=True, blank=True
    )
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, null=True, blank=True
    )
    epci = models.ForeignKey(
        Epci, verbose_name="EPCI", on_delete=models.PROTECT, null=True, blank=True
    )
    commune = models.ForeignKey(
        Commune, verbose_name="commune", on_delete=models.PROTECT, null=True, blank=True
    )
    email = models.EmailField("adresse électronique", blank=True)
    website = models.URLField("site internet", blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(kind=OrganisationKind.ARS),
                name="one_ars_per_region",
                violation_error_message="Cette région a déjà une ARS.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.ARS) | Q(region__isnull=False),
                name="ars_has_region",
                violation_error_message="Une ARS doit être rattachée à une région.",
            ),
            models.UniqueConstraint(
                Lower("name"), "kind", name="unique_organisation_name_per_kind"
            ),
        ]

    def __str__(self):
        return self.name


class Person(models.Model):
    """Someone named in a contract. Fictional in the demo; may have an account."""

    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    job_title = models.CharField("fonction", max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    email = models.EmailField("adresse électronique", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name="compte",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes"
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(started_on__lte=on), Q(ended_on__isnull=True) | Q(ended_on__gte=on))


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name="utilisateur", on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField("rôle", max_length=20, choices=MembershipRole.choices)
    started_on = models.DateField("depuis le", default=timezone.localdate)
    ended_on = models.DateField("jusqu'au", null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "appartenance"
        verbose_name_plural = "appartenances"
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "started_on"],
                name="unique_membership_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_dates_in_order",
                violation_error_message="La date de fin précède la date de début.",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"


# What a key looks like: a recognisable prefix (secret scanners know it), then 43 random characters.
API_KEY_PREFIX = "cls_"


def api_key_hash(key: str) -> str:
    """The digest stored in place of a key. Keys are long and random: a plain SHA-256 suffices."""
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_generate() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A key a partner tool sends as `Authorization: Token <key>`, acting as its owner.

    Only the key's hash is stored: the key itself is shown once, when the token is created.
    Scopes narrow what the owner may do; they never add to it.
    """

    user = models.ForeignKey(
        User, verbose_name="titulaire", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("nom", max_length=100, help_text="Par exemple « Observatoire ORS ».")
    key_hash = models.CharField("empreinte de la clé", max_length=64, unique=True, editable=False)
    # The first characters of the key, so that its owner can tell their tokens apart.
    key_start = models.CharField("début de la clé", max_length=12, editable=False)
    scopes = models.JSONField("droits", default=list)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.key_start}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def scope_labels(self) -> list[str]:
        return [TokenScope(scope).label for scope in self.scopes if scope in TokenScope.values]


class NotificationQuerySet(models.QuerySet):
    def pending(self):
        """Recorded, not sent yet: the mail server was down, or the sender died."""
        return self.filter(sent_at__isnull=True)


class Notification(models.Model):
    """An e-mail to a user, recorded before it leaves, then marked sent: it leaves once, and
    one that could not leave is sent by the sweep (`notifications_pending_deliver`).

    `key` names what the e-mail is about (`report:42`, `digest:2026-W47`, `invitation:7:1`): two
    schedulers or a retried task that try to record the same e-mail again hit the unique
    constraint.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="destinataire",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    key = models.CharField("objet", max_length=100)
    subject = models.CharField("sujet", max_length=255)
    body = models.TextField("texte", blank=True)
    html_body = models.TextField("texte mis en forme", blank=True)
    created_at = models.DateTimeField("préparé le", default=timezone.now, db_index=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("tentatives d'envoi", default=0)
    last_error = models.TextField("dernière erreur d'envoi", blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_notification_per_user")
        ]

    def __str__(self):
        return f"{self.subject} → {self.user}"


# How long the link of an invitation lets its holder choose a password.
INVITATION_LIFETIME = datetime.timedelta(days=7)


def invitation_token_hash(token: str) -> str:
    """What is stored of an invitation's link: the token is long and random, a SHA-256 suffices."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Neither accepted nor cancelled, whether its link still works or expired."""
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)

    def usable(self, now: datetime.datetime | None = None):
        return self.pending().filter(expires_at__gt=now or timezone.now())


class Invitation(models.Model):
    """An account made for someone named by e-mail, waiting for them to choose its password.

    The account stays inactive until then. Only the hash of the link's token is kept; sending
    the invitation again makes a new link and the previous one stops working.
    """

    user = models.ForeignKey(
        User, verbose_name="compte", on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        User,
        verbose_name="invité par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What they are invited for, in words (« coordonner le CLS de Belle-Île-en-Mer »), and the
    # page they land on once their password is chosen: actors know no contract.
    purpose = models.CharField("pour", max_length=255)
    landing_url = models.CharField("page d'arrivée", max_length=255, default="/")
    token_hash = models.CharField("empreinte du lien", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("créée le", default=timezone.now)
    sent_at = models.DateTimeField("envoyée le", default=timezone.now)
    sends = models.PositiveSmallIntegerField("envois", default=1)
    expires_at = models.DateTimeField("lien valable jusqu'au")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="one_pending_invitation_per_account",
                violation_error_message="Une invitation attend déjà la réponse de ce compte.",
            ),
        ]

    def __str__(self):
        return f"Invitation de {self.user.email}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
