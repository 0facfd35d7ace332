"""Writes on organisations and accounts that the demo, the dataset generator and admins share.

Each service is idempotent: it finds the row by its natural key (région for an ARS, name and kind
for an organisation, e-mail for an account) and creates it only when missing, so that running a
seeding command twice leaves the database as the first run did.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actors.enums import OrganisationKind, TokenScope
from actors.models import ApiToken, Organisation, User, api_key_generate, api_key_hash
from territories.models import Region

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
