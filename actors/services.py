"""Writes on organisations, people and accounts: seeding, API tokens, e-mails, invitations,
deactivation.

The seeding services are idempotent: they find the row by its natural key (région for an ARS,
name and kind for an organisation, e-mail for an account) and create it only when missing, so
that running a seeding command twice leaves the database as the first run did.

E-mails are recorded (`Notification`) before they leave, once each; those written inside a
transaction leave when it commits, so that no e-mail announces what a rolled-back write did not
keep, and the mail server is never waited for with the database locked. One that cannot leave
stays pending, for the sweep.
"""

import datetime
import logging
import secrets
import smtplib
from functools import partial

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from actors.enums import MembershipRole, OrganisationKind, TokenScope
from actors.models import (
    INVITATION_LIFETIME,
    ApiToken,
    Invitation,
    Membership,
    Notification,
    Organisation,
    Person,
    User,
    api_key_generate,
    api_key_hash,
    invitation_token_hash,
)
from territories.models import Region

logger = logging.getLogger(__name__)

# The official names of the agences régionales de santé, by INSEE code of their région.
ARS_NAMES = {
    "01": "ARS Guadeloupe, Saint-Martin et Saint-Barthélemy",
    "02": "ARS Martinique",
    "03": "ARS Guyane",
    "04": "ARS La Réunion",
    "06": "ARS Mayotte",
    "11": "ARS Île-de-France",
    "24": "ARS Centre-Val de Loire",
    "27": "ARS Bourgogne-Franche-Comté",
    "28": "ARS Normandie",
    "32": "ARS Hauts-de-France",
    "44": "ARS Grand Est",
    "52": "ARS Pays de la Loire",
    "53": "ARS Bretagne",
    "75": "ARS Nouvelle-Aquitaine",
    "76": "ARS Occitanie",
    "84": "ARS Auvergne-Rhône-Alpes",
    "93": "ARS Provence-Alpes-Côte d'Azur",
    "94": "ARS de Corse",
}


def ars_name(region: Region) -> str:
    return ARS_NAMES.get(region.code, f"ARS {region.name}")


@transaction.atomic
def ars_ensure_all() -> list[Organisation]:
    """Return the ARS of every région in the database, creating the missing ones.

    An existing ARS keeps its name: an administrator may have renamed it on purpose.
    """
    existing = {ars.region_id: ars for ars in Organisation.objects.ars()}
    agencies = []
    for region in Region.objects.order_by("code"):
        ars = existing.get(region.code)
        if ars is None:
            ars = Organisation(
                name=ars_name(region), acronym="ARS", kind=OrganisationKind.ARS, region=region
            )
            ars.full_clean()
            ars.save()
        agencies.append(ars)
    return agencies


@transaction.atomic
def organisation_ensure(*, name: str, kind: str, **fields) -> Organisation:
    """Find an organisation by name (case-insensitive) and kind, creating or updating it.

    Only the fields that differ are written, so an unchanged organisation is not saved again.
    """
    organisation = Organisation.objects.filter(name__iexact=name, kind=kind).first()
    if organisation is None:
        organisation = Organisation(name=name, kind=kind, **fields)
    elif all(getattr(organisation, field) == value for field, value in fields.items()):
        return organisation
    for field, value in fields.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def user_ensure(
    *,
    email: str,
    first_name: str,
    last_name: str,
    password: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Find an account by e-mail, creating it or bringing it back to the given state.

    With `password`, the account ends up with that password; without, a new account gets an
    unusable one (it exists to be named, e.g. as the author of a note, not to log in).
    """
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email).first() or User(email=email)
    wanted = {
        "first_name": first_name,
        "last_name": last_name,
        "is_staff": is_staff,
        "is_superuser": is_superuser,
        "is_active": True,
    }
    changed = user._state.adding or any(getattr(user, f) != v for f, v in wanted.items())
    for field, value in wanted.items():
        setattr(user, field, value)
    if user._state.adding:
        # Checking a password against a new account's empty one would cost a hash for nothing.
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
    elif password is not None and not user.check_password(password):
        user.set_password(password)
        changed = True
    if changed:
        user.full_clean()
        user.save()
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str, scopes) -> tuple[ApiToken, str]:
    """Create a token for `user` and return it with its key, which is never shown again.

    Only the key's hash is stored. Scopes are kept in a fixed order, without duplicates.
    """
    unknown = sorted(set(scopes) - set(TokenScope.values))
    if unknown:
        raise ValidationError({"scopes": f"Droits inconnus : {', '.join(unknown)}."})
    scopes = [scope for scope in TokenScope.values if scope in set(scopes)]
    if not scopes:
        raise ValidationError({"scopes": "Choisissez au moins un droit."})
    if not user.is_active:
        raise ValidationError("Un compte désactivé ne peut pas recevoir de jeton.")
    key = api_key_generate()
    token = ApiToken(
        user=user, name=name.strip(), key_hash=api_key_hash(key), key_start=key[:8], scopes=scopes
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token for good; revoking it again changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# --- E-mails -----------------------------------------------------------------------------------

# E-mails older than this are no longer sent by the sweep.
NOTIFICATION_LIFETIME = datetime.timedelta(days=7)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def email_compose(template: str, **context) -> dict:
    """The plain text and HTML bodies of the e-mail `template` (`<template>.txt` and `.html`)."""
    context.setdefault("site_url", settings.SITE_URL.rstrip("/"))
    return {
        "body": render_to_string(f"{template}.txt", context),
        "html_body": render_to_string(f"{template}.html", context),
    }


def notification_record(
    *, user: User, key: str, subject: str, body: str, html_body: str = ""
) -> Notification | None:
    """Record an e-mail to `user` about `key`, once; None if it was recorded already (or the
    account has no address)."""
    if not user.email or Notification.objects.filter(user=user, key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(
                user=user, key=key, subject=subject[:255], body=body, html_body=html_body
            )
    except IntegrityError:
        return None


def notification_send(**message) -> bool:
    """Record an e-mail (`notification_record`), then send it now; False if it was recorded
    already. For tasks, outside any transaction. If it cannot leave now (mail server down), it
    stays pending and `notifications_pending_deliver` sends it later: at least once, and once
    when all goes well."""
    notification = notification_record(**message)
    if notification is not None:
        notification_deliver(notification_id=notification.pk)
    return notification is not None


def notification_send_on_commit(**message) -> bool:
    """Record an e-mail within the caller's transaction, and send it once that commits."""
    notification = notification_record(**message)
    if notification is not None:
        transaction.on_commit(partial(notification_deliver, notification_id=notification.pk))
    return notification is not None


def notification_deliver(*, notification_id: int) -> bool:
    """Send one pending e-mail and mark it sent; False if another sender holds it, it left
    already, or the mail server refused it (recorded, for the sweep to try again)."""
    with transaction.atomic():
        notification = (
            Notification.objects.pending()
            .select_for_update(skip_locked=True)
            .select_related("user")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            return False
        try:
            _mail(notification)
        except (smtplib.SMTPException, OSError) as error:
            logger.warning(
                "E-mail %s not sent (%s): the sweep will try again", notification_id, error
            )
            Notification.objects.filter(pk=notification_id).update(
                attempts=F("attempts") + 1, last_error=str(error)[:1000]
            )
            return False
        Notification.objects.filter(pk=notification_id).update(
            sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
        )
    return True


def _mail(notification: Notification) -> None:
    message = EmailMultiAlternatives(
        notification.subject, notification.body, None, [notification.user.email]
    )
    if notification.html_body:
        message.attach_alternative(notification.html_body, "text/html")
    message.send()


def notifications_pending_deliver(*, now: datetime.datetime | None = None) -> int:
    """Send the e-mails recorded but not sent (mail server down when they were asked for);
    returns how many left. A week-old pending e-mail is no longer news: it is left."""
    now = now or timezone.now()
    pending = Notification.objects.pending().filter(created_at__gte=now - NOTIFICATION_LIFETIME)
    return sum(
        notification_deliver(notification_id=pk)
        for pk in pending.order_by("created_at").values_list("pk", flat=True)[:500]
    )


# --- People named by e-mail, and their invitations --------------------------------------------


def _address(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def person_find_or_create(
    *,
    first_name: str,
    last_name: str,
    email: str = "",
    job_title: str = "",
    organisation: Organisation | None = None,
) -> Person:
    """The person a form names by name and address: the person of the account of that
    address if there is one (the account is linked, not duplicated), the person already known
    under that address, or a new one."""
    email = _address(email) if email else ""
    if email:
        known = (
            Person.objects.filter(user__email=email).first()
            or Person.objects.filter(email__iexact=email).first()
        )
        if known is not None and known.user_id:
            return known
        if known is not None:
            if (known.first_name.lower(), known.last_name.lower()) == (
                first_name.strip().lower(),
                last_name.strip().lower(),
            ):
                return known
            raise ValidationError(
                {
                    "email": f"Cette adresse est déjà celle de {known} : choisissez cette "
                    "personne dans la liste des personnes connues, ou saisissez une autre adresse."
                }
            )
    person = Person(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        job_title=job_title,
        organisation=organisation,
    )
    person.full_clean()
    person.save()
    return person


def _account_of(person: Person, email: str) -> User | None:
    """The account `person` has, or the account of their address, refused when it is deactivated
    or already someone else's."""
    account = person.user or User.objects.filter(email=email).first()
    if account is None:
        return None
    if account.is_deactivated:
        raise ValidationError(
            {
                "email": f"Le compte de {account.email} a été désactivé le "
                f"{timezone.localtime(account.deactivated_at):%d/%m/%Y} : il ne peut pas être "
                "invité. Un administrateur national peut le réactiver s'il le faut."
            }
        )
    other = Person.objects.filter(user=account).exclude(pk=person.pk).first()
    if other is not None:
        raise ValidationError(
            {
                "email": f"L'adresse {email} est celle du compte de {other} : choisissez "
                "cette personne dans la liste, ou corrigez l'adresse."
            }
        )
    return account


@transaction.atomic
def person_invite(
    *, person: Person, by: User | None, about: str, purpose: str, landing_url: str
) -> Invitation | None:
    """Give access to `person`, named with an e-mail address for `purpose` (« coordonner le
    CLS de … »; `about` names it for the e-mail log: `coordination:12`), landing on
    `landing_url` once in.

    A new address gets an inactive account linked to the person and an invitation to choose
    its password (e-mailed when the transaction commits). An active account is linked and told
    by e-mail; one already invited keeps its invitation (renewed if its link expired). A
    deactivated account is refused. Returns the pending invitation, if any.
    """
    email = _address(person.email) if person.email else getattr(person.user, "email", "")
    if not email:
        return None
    account = _account_of(person, email)
    if account is None:
        account = User(
            email=email, first_name=person.first_name, last_name=person.last_name, is_active=False
        )
        account.set_unusable_password()
        account.full_clean()
        account.save()
    if person.user_id != account.pk:
        person.user = account
        person.save(update_fields=["user"])
    if account.is_active:
        _named_notify(account, by=by, about=about, purpose=purpose, landing_url=landing_url)
        return None
    invitation = account.invitations.pending().first()
    if invitation is None:
        return _invitation_create(account, by=by, purpose=purpose, landing_url=landing_url)
    if invitation.is_expired:
        return invitation_resend(invitation=invitation)
    return invitation


def _named_notify(account: User, *, by, about: str, purpose: str, landing_url: str) -> None:
    notification_send_on_commit(
        user=account,
        key=f"named:{about}"[:100],
        subject=f"Plateforme CLS : vous êtes désigné·e pour {purpose}"[:255],
        **email_compose(
            "actors/email/named",
            user=account,
            by=by,
            purpose=purpose,
            url=absolute_url(landing_url),
        ),
    )


def _invitation_create(account: User, *, by, purpose: str, landing_url: str) -> Invitation:
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation(
        user=account,
        invited_by=by,
        purpose=purpose[:255],
        landing_url=landing_url,
        token_hash=invitation_token_hash(token),
        sent_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    invitation.full_clean()
    invitation.save()
    _invitation_mail(invitation, token)
    return invitation


def _invitation_mail(invitation: Invitation, token: str) -> None:
    notification_send_on_commit(
        user=invitation.user,
        key=f"invitation:{invitation.pk}:{invitation.sends}",
        subject=f"Invitation sur la plateforme des CLS : {invitation.purpose}"[:255],
        **email_compose(
            "actors/email/invitation",
            invitation=invitation,
            url=absolute_url(reverse("invitation_accept", args=[token])),
        ),
    )


@transaction.atomic
def member_invite(
    *,
    organisation: Organisation,
    first_name: str,
    last_name: str,
    email: str,
    job_title: str = "",
    by: User | None = None,
    on: datetime.date | None = None,
) -> Membership:
    """Add a member (elected official, officer) to an organisation taking part in contracts:
    they are invited (or told, if they have an account) and read the contracts it signed.
    Nothing is kept if they are one already or their account is refused."""
    if organisation.kind == OrganisationKind.ARS:
        raise ValidationError(
            {"organisation": "Les agents d'une ARS sont ajoutés par un administrateur national."}
        )
    on = on or timezone.localdate()
    person = person_find_or_create(
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
        organisation=organisation,
    )
    person_invite(
        person=person,
        by=by,
        about=f"member:{organisation.pk}",
        purpose=f"rejoindre « {organisation} » sur la plateforme des CLS"[:255],
        landing_url=reverse("home"),
    )
    if person.user.memberships.current(on).filter(organisation=organisation).exists():
        raise ValidationError({"email": f"{person} est déjà membre de « {organisation} »."})
    membership = Membership(
        user=person.user, organisation=organisation, role=MembershipRole.MEMBER, started_on=on
    )
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    """Send a pending invitation again, with a new link valid seven days: the previous link
    stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError("Cette invitation a déjà été acceptée ou annulée.")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_hash = invitation_token_hash(token)
    invitation.sent_at = now
    invitation.expires_at = now + INVITATION_LIFETIME
    invitation.sends += 1
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "sends"])
    _invitation_mail(invitation, token)
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation) -> Invitation:
    """Cancel a pending invitation: its link stops working; the account stays inactive and may
    be invited again."""
    if not invitation.is_pending:
        raise ValidationError("Cette invitation a déjà été acceptée ou annulée.")
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation of a link, whatever its state (the page tells used from expired)."""
    return (
        Invitation.objects.select_related("user", "invited_by")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """The invited person chose their password (validated by the form): the account opens."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if not invitation.is_pending or invitation.is_expired:
        raise ValidationError("Ce lien d'invitation n'est plus valable.")
    account = invitation.user
    account.set_password(password)
    account.is_active = True
    account.save(update_fields=["password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return account


@transaction.atomic
def invitation_accept_federated(*, account: User) -> bool:
    """The invited person came back through ProConnect, whose address is verified: the account
    opens without a password of its own. False if no usable invitation awaits them."""
    invitation = account.invitations.usable().select_for_update().first()
    if invitation is None:
        return False
    account.is_active = True
    account.save(update_fields=["is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return True


def account_preferences_save(*, user: User, receives_weekly_digest: bool) -> User:
    user.receives_weekly_digest = receives_weekly_digest
    user.save(update_fields=["receives_weekly_digest"])
    return user


# --- Password reset ----------------------------------------------------------------------------


def password_reset_send(*, user: User, uid: str, token: str) -> bool:
    """E-mail `user` the link of Django's password reset (`uid` and `token` from its form).

    The token changes with the password and the last login: the link serves once."""
    url = absolute_url(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))
    return notification_send(
        user=user,
        key=f"password-reset:{token}"[:100],
        subject="Plateforme CLS : choisir un nouveau mot de passe",
        **email_compose(
            "actors/email/password_reset",
            user=user,
            url=url,
            hours=settings.PASSWORD_RESET_TIMEOUT // 3600,
        ),
    )


# --- Deactivation ------------------------------------------------------------------------------


@transaction.atomic
def account_deactivate(*, user: User) -> User:
    """Close an account for good: it cannot log in, its API tokens are revoked, its sessions
    end and its pending invitation is cancelled. Its history (notes, values) stays."""
    now = timezone.now()
    if user.is_active or user.deactivated_at is None:
        user.is_active = False
        user.deactivated_at = now
        user.save(update_fields=["is_active", "deactivated_at"])
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=now)
    user.invitations.pending().update(cancelled_at=now)
    _sessions_end(user)
    return user


def account_reactivate(*, user: User) -> User:
    """Open a deactivated account again (from the admin); its owner sets a new password with
    « mot de passe oublié » if they lost it."""
    user.is_active = True
    user.deactivated_at = None
    user.save(update_fields=["is_active", "deactivated_at"])
    return user


def _sessions_end(user: User) -> None:
    """Delete the user's live sessions. Sessions are stored by key, not by user: every live
    one is read, which a deactivation (rare) can afford."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).order_by("pk")
    ended, last_key = [], ""
    # In pages of 500: iterator() would read the whole table at once (no server-side cursors).
    while page := list(live.filter(pk__gt=last_key)[:500]):
        ended += [s.pk for s in page if s.get_decoded().get(SESSION_KEY) == str(user.pk)]
        last_key = page[-1].pk
    Session.objects.filter(pk__in=ended).delete()
