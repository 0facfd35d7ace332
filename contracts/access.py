"""Who may see and change what: the one authorisation module (DESIGN.md §5).

The contract is the unit of tenancy. The web UI, the API, the PDFs and the tasks all ask here,
through QuerySet scoping (`contracts_visible_to`, `Contract.objects.visible_to`) and predicates
(`can_manage_contract`, `can_edit_action`…). Nothing else filters by role.

| role | sees | may change |
|---|---|---|
| national administrator (superuser) | everything | everything |
| ARS staff of région R | every contract of R | contracts of R, validation of values |
| coordinator of contract C | C | C's actions, values, meetings, documents |
| action lead | the contract of their action | their actions and their indicators' values |
| person following an indicator | the contract of their indicator | that indicator's values |
| member of a collectivité or partner | contracts their organisation signed or partners | nothing |

Objects of later apps (actions, indicators) are read through their attributes only: this module
imports nothing after `contracts`, so the dependency chain holds.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from actors.enums import MembershipRole, OrganisationKind
from actors.models import Invitation, Membership, Organisation, Person, User
from config.fastpaths.any_of import AnyOf  # noqa: F401 (registers `__any_of`)
from config.fastpaths.statements import prepared_cursor
from contracts.models import Contract, CoordinatorAssignment, Signatory
from contracts.people import contracts_involving
from contracts.selectors import CONTRACT_HEADER_RELATED


@dataclass(frozen=True)
class Roles:
    """What a user is, computed once per user object (with `contract_scope`, one query)."""

    is_admin: bool
    ars_region_ids: frozenset[str]
    organisation_ids: frozenset[int]


@dataclass(frozen=True)
class ContractScope:
    """The ids of the contracts a user sees, and of those whose confidential content they see.

    Hot lists filter on these ids rather than on the scoping subqueries: PostgreSQL plans a
    literal list at once, while a subquery joined to 200,000 values can be planned as a nested
    loop.
    """

    visible: frozenset[int]
    confidential: frozenset[int]
    # Contracts where the user follows an indicator (its person in charge): their home page
    # lists those indicators only when there is one.
    followed: frozenset[int] = frozenset()

    @property
    def public_only(self) -> frozenset[int]:
        """Contracts seen without their confidential content."""
        return self.visible - self.confidential


ARS_STAFF = MembershipRole.ARS_STAFF.value
NO_ROLES = Roles(is_admin=False, ars_region_ids=frozenset(), organisation_ids=frozenset())
NO_CONTRACTS = ContractScope(visible=frozenset(), confidential=frozenset())


def roles_of(user: User, on: datetime.date | None = None) -> Roles:
    cached = getattr(user, "_cls_roles", None)
    if cached is not None and on is None:
        return cached
    if not user.is_authenticated or not user.is_active:
        roles, scope = NO_ROLES, NO_CONTRACTS
    else:
        roles, scope = _access_of(user, on or timezone.localdate())
    if on is None:
        user._cls_roles, user._cls_contract_scope = roles, scope
    return roles


def contract_scope(user: User) -> ContractScope:
    """Read with the roles (`roles_of`), then cached on the user object; not for
    administrators, who see everything."""
    cached = getattr(user, "_cls_contract_scope", None)
    if cached is None:
        roles_of(user)
        cached = user._cls_contract_scope
    return cached


def _access_of(user: User, on: datetime.date) -> tuple[Roles, ContractScope]:
    """The roles and the contract scope of `user` on a day, in one statement: every scoped
    request needs both, and building them as ORM queries cost several times their execution."""
    with prepared_cursor() as cursor:
        cursor.execute(_access_sql(), {"user": user.pk, "on": on, "ars_staff": ARS_STAFF})
        rows = cursor.fetchall()
    roles = Roles(
        is_admin=user.is_superuser,
        ars_region_ids=frozenset(
            region for kind, _, role, region in rows if kind == "member" and role == ARS_STAFF
        )
        - {None},
        organisation_ids=frozenset(
            key for kind, key, role, _ in rows if kind == "member" and role != ARS_STAFF
        ),
    )
    scope = ContractScope(
        visible=frozenset(key for kind, key, _, _ in rows if kind != "member"),
        confidential=frozenset(key for kind, key, _, _ in rows if kind == "sees_all"),
        followed=frozenset(key for kind, key, _, _ in rows if kind == "follows"),
    )
    return roles, scope


@functools.cache
def _access_sql() -> str:
    """A user's current memberships ("member" rows), then the contracts they see: "sees_all"
    where they see the confidential content too (ARS of the région, coordination), "sees"
    otherwise (lead of an action, organisation party to the contract or its representative),
    "follows" where they follow an indicator (they see the contract too). "Current on a day" is
    `Membership.objects.current()` and `CoordinatorAssignment.objects.current()`.

    Each branch reads its rows through an index: a signatory found by organisation or by
    person is two branches, as one `OR` made PostgreSQL read every signatory on every request."""

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    action = Contract._meta.get_field("actions").related_model
    indicator = Contract._meta.get_field("indicators").related_model
    return f"""
        WITH m AS (
            SELECT m.role, m.organisation_id, o.region_id
            FROM {table(Membership)} m JOIN {table(Organisation)} o ON o.id = m.organisation_id
            WHERE m.user_id = %(user)s
                AND m.started_on <= %(on)s AND (m.ended_on IS NULL OR m.ended_on >= %(on)s)
        ),
        p AS (SELECT id FROM {table(Person)} WHERE user_id = %(user)s)
        SELECT 'member', m.organisation_id, m.role, m.region_id FROM m
        UNION ALL
        SELECT 'sees_all', a.contract_id, NULL, NULL FROM {table(CoordinatorAssignment)} a
            WHERE a.person_id IN (SELECT id FROM p)
                AND a.started_on <= %(on)s AND (a.ended_on IS NULL OR a.ended_on >= %(on)s)
        UNION ALL
        SELECT 'sees_all', c.id, NULL, NULL FROM {table(Contract)} c
            WHERE c.ars_id IN (SELECT o.id FROM {table(Organisation)} o
                WHERE o.region_id IN (SELECT region_id FROM m WHERE role = %(ars_staff)s))
        UNION ALL
        SELECT 'sees', x.contract_id, NULL, NULL FROM {table(action)} x
            WHERE x.lead_person_id IN (SELECT id FROM p)
        UNION ALL
        SELECT 'sees', s.contract_id, NULL, NULL FROM {table(Signatory)} s
            WHERE s.organisation_id IN (SELECT organisation_id FROM m WHERE role <> %(ars_staff)s)
        UNION ALL
        SELECT 'sees', s.contract_id, NULL, NULL FROM {table(Signatory)} s
            WHERE s.person_id IN (SELECT id FROM p)
        UNION ALL
        SELECT 'follows', i.contract_id, NULL, NULL FROM {table(indicator)} i
            WHERE i.responsible_id IN (SELECT id FROM p)
    """


def _person_ids(user: User):
    return Person.objects.filter(user=user).values("pk")


def contracts_visible_to(user: User) -> QuerySet[Contract]:
    """Every contract `user` may see: the ids of `contract_scope`, read with the roles, so
    that every query over the scope is planned at once."""
    roles = roles_of(user)
    if roles.is_admin:
        return Contract.objects.all()
    if not user.is_authenticated:
        return Contract.objects.none()
    return Contract.objects.filter(pk__any_of=contract_scope(user).visible)


def is_contract_visible(user: User, pk: int) -> bool:
    """Whether `user` sees the contract `pk`: `contracts_visible_to` without a query, the scope
    being read with the roles."""
    if roles_of(user).is_admin:
        return True
    return user.is_authenticated and pk in contract_scope(user).visible


def get_visible_contract_or_404(
    user: User, pk, queryset: QuerySet[Contract] | None = None
) -> Contract:
    """The contract `pk` if `user` may see it; a 404 otherwise, never a hint that it exists.

    The scope is checked on the ids already read: in the query, its ids cost more to send
    and plan than the contract took to read."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("Contrat introuvable.") from None
    if not is_contract_visible(user, pk):
        raise Http404("Contrat introuvable.")
    queryset = Contract.objects.all() if queryset is None else queryset
    try:
        return queryset.get(pk=pk)
    except Contract.DoesNotExist:
        raise Http404("Contrat introuvable.") from None


def public_contracts() -> QuerySet[Contract]:
    """The public directory: signed contracts their ARS chose to publish."""
    return Contract.objects.active().filter(is_public=True)


def can_view_contract(user: User, contract: Contract) -> bool:
    return is_contract_visible(user, contract.pk)


def can_manage_contract(user: User, contract: Contract) -> bool:
    """Create, move through the lifecycle, sign, validate values: ARS staff of the région."""
    roles = roles_of(user)
    return roles.is_admin or contract.ars.region_id in roles.ars_region_ids


def can_create_contract_in(user: User, region_id: str) -> bool:
    roles = roles_of(user)
    return roles.is_admin or region_id in roles.ars_region_ids


def is_current_coordinator(user: User, contract: Contract) -> bool:
    return (
        user.is_authenticated
        and contract.coordinator_assignments.current().filter(person__user=user).exists()
    )


def can_coordinate_contract(user: User, contract: Contract) -> bool:
    """Edit every action, value, meeting and document of the contract."""
    return can_manage_contract(user, contract) or is_current_coordinator(user, contract)


def is_action_lead(user: User, action) -> bool:
    return bool(
        user.is_authenticated and action.lead_person and action.lead_person.user_id == user.pk
    )


def can_edit_action(user: User, action) -> bool:
    return is_action_lead(user, action) or can_coordinate_contract(user, action.contract)


def can_view_confidential(user: User, contract: Contract) -> bool:
    """Confidential actions are for the ARS and the coordination, not for readers."""
    return can_coordinate_contract(user, contract)


def can_view_action(user: User, action) -> bool:
    if not can_view_contract(user, action.contract):
        return False
    return (
        not action.is_confidential
        or is_action_lead(user, action)
        or can_view_confidential(user, action.contract)
    )


def is_indicator_responsible(user: User, indicator) -> bool:
    """The person following the indicator, once they have an account."""
    return bool(
        user.is_authenticated
        and indicator.responsible_id
        and indicator.responsible.user_id == user.pk
    )


def is_named_on_indicator(user: User, indicator) -> bool:
    """Named on the indicator: the lead of its action, or the person following it. Read from
    the indicator's own relations (no query when they are loaded)."""
    if indicator.action_id and is_action_lead(user, indicator.action):
        return True
    return is_indicator_responsible(user, indicator)


def can_enter_values(user: User, indicator) -> bool:
    """Enter and submit values: the coordination, the lead of the indicator's action, or the
    person following the indicator (among the indicators they see)."""
    return is_named_on_indicator(user, indicator) or can_coordinate_contract(
        user, indicator.contract
    )


def can_validate_values(user: User, contract: Contract) -> bool:
    return can_manage_contract(user, contract)


def has_values_to_review(user: User) -> bool:
    """Whether `user` has a queue of submitted values to review: ARS staff and administrators."""
    roles = roles_of(user)
    return roles.is_admin or bool(roles.ars_region_ids)


def indicator_values_reviewable_by(user: User, values: QuerySet) -> QuerySet:
    """Narrow a queryset of values to those `user` validates or rejects: `can_validate_values`
    as scoping (their région's contracts for ARS staff, every contract for an administrator)."""
    roles = roles_of(user)
    if roles.is_admin:
        return values
    if not roles.ars_region_ids:
        return values.none()
    return values.filter(contract__ars__region_id__in=roles.ars_region_ids)


def actions_visible_to(user: User, actions: QuerySet) -> QuerySet:
    """Narrow a queryset of actions to those `user` may see: `can_view_action` as scoping.

    Confidential actions stay for the ARS and coordination of their contract and their lead.
    """
    roles = roles_of(user)
    if roles.is_admin:
        return actions
    if not user.is_authenticated:
        return actions.none()
    return actions.filter(
        _in_scope(
            contract_scope(user),
            is_public=Q(is_confidential=False),
            is_led=lambda: Q(lead_person_id__in=_person_ids(user)),
        )
    )


def _in_scope(scope: ContractScope, *, is_public: Q, is_led: Callable[[], Q]) -> Q:
    """Rows (with a `contract_id`) of the scope's contracts: every row of a contract
    whose confidential content the user sees; elsewhere, public rows and those of the actions
    the user leads. For ARS staff and coordinators, only the first test remains, and the
    query of the actions they lead is not even built (on every API call)."""
    condition = Q(contract_id__any_of=scope.confidential)
    if scope.public_only:
        condition |= Q(contract_id__any_of=scope.public_only) & (is_public | is_led())
    return condition


def confidential_contracts_visible_to(user: User):
    """Ids of the contracts whose confidential content `user` sees: `can_view_confidential`
    as scoping (their ARS staff and coordination; everything for an administrator)."""
    roles = roles_of(user)
    if roles.is_admin:
        return Contract.objects.values("pk")
    if not user.is_authenticated:
        return Contract.objects.none().values("pk")
    return Contract.objects.filter(pk__any_of=contract_scope(user).confidential).values("pk")


def indicators_visible_to(user: User, indicators: QuerySet) -> QuerySet:
    """Narrow a queryset of indicators like `actions_visible_to`: an indicator of a
    confidential action is as confidential as its action."""
    return _scope_indicators(user, indicators, action="action")


def indicators_followed_by(user: User, indicators: QuerySet) -> QuerySet:
    """The indicators `user` follows (their person in charge) among those they see; none, and
    no query to find them, for whoever follows none."""
    followed = contract_scope(user).followed if user.is_authenticated else frozenset()
    if not followed:
        return indicators.none()
    mine = indicators.filter(contract_id__any_of=followed, responsible__user=user)
    return indicators_visible_to(user, mine)


def indicator_values_visible_to(user: User, values: QuerySet) -> QuerySet:
    """The values of the indicators `indicators_visible_to` lets `user` see (a value carries
    its indicator's contract)."""
    return _scope_indicators(user, values, action="indicator__action")


def _scope_indicators(user: User, queryset: QuerySet, action: str) -> QuerySet:
    roles = roles_of(user)
    if roles.is_admin:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(
        _in_scope(
            contract_scope(user),
            is_public=Q(**{f"{action}__isnull": True}) | Q(**{f"{action}__is_confidential": False}),
            is_led=lambda: Q(**{f"{action}__lead_person_id__in": _person_ids(user)}),
        )
    )


def is_partner_of(user: User, contract: Contract) -> bool:
    """A partner account (e.g. an observatory's tool) of an organisation party to the contract."""
    return (
        user.is_authenticated
        and Membership.objects.current()
        .filter(
            user=user,
            role=MembershipRole.PARTNER,
            organisation__signatures__contract=contract,
        )
        .exists()
    )


def can_feed_values(user: User, indicator) -> bool:
    """Record values through the API: whoever may enter them, and the contract's partner tools
    for indicators outside confidential actions (they feed figures, they do not submit them)."""
    if can_enter_values(user, indicator):
        return True
    confidential = indicator.action_id is not None and indicator.action.is_confidential
    return not confidential and is_partner_of(user, indicator.contract)


def tombstones_visible_to(user: User, tombstones: QuerySet) -> QuerySet:
    """Deletions of what `user` could see: of their contracts, of their région's contracts for
    ARS staff, and of objects shared by all (organisations, territories)."""
    roles = roles_of(user)
    if roles.is_admin:
        return tombstones
    if not user.is_authenticated:
        return tombstones.none()
    return tombstones.filter(
        Q(contract_id__isnull=True, is_confidential=False)
        | Q(region_code__in=roles.ars_region_ids)
        | Q(contract_id__in=confidential_contracts_visible_to(user))
        | Q(contract_id__in=contracts_visible_to(user).values("pk"), is_confidential=False)
    )


def reports_visible_to(user: User, reports: QuerySet) -> QuerySet:
    """Reports of the contracts `user` sees; those made with the confidential actions only for
    those who may see them."""
    return reports.filter(contract__in=contracts_visible_to(user).values("pk")).filter(
        Q(includes_confidential=False) | Q(contract__in=confidential_contracts_visible_to(user))
    )


def can_view_report(user: User, report) -> bool:
    """Open and download a document (`reports.EvaluationReport`): whoever sees its contract;
    one that includes confidential actions only for those who may see them."""
    if not can_view_contract(user, report.contract):
        return False
    return not report.includes_confidential or can_view_confidential(user, report.contract)


def people_contracts(user: User) -> QuerySet[Contract]:
    """The contracts whose people `user` sees on the people page: those they coordinate or
    manage (ARS staff of the région, current coordination)."""
    return Contract.objects.filter(pk__in=confidential_contracts_visible_to(user))


def can_manage_account(user: User, account: User) -> bool:
    """Deactivate an account, resend or cancel its invitation: administrators, and ARS staff
    for the people of their région's contracts; never one's own account nor an administrator's."""
    if account.pk == user.pk or account.is_superuser:
        return False
    roles = roles_of(user)
    if roles.is_admin:
        return True
    return bool(roles.ars_region_ids) and (
        contracts_involving(account).filter(ars__region_id__in=roles.ars_region_ids).exists()
    )


def member_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations to which `user` may add members (elected officials, officers): for
    ARS staff, those taking part in a contract of their région, the ARS aside; for
    administrators, every one but the ARS."""
    roles = roles_of(user)
    organisations = Organisation.objects.exclude(kind=OrganisationKind.ARS)
    if roles.is_admin:
        return organisations
    return organisations.filter(
        pk__in=Signatory.objects.filter(contract__ars__region_id__in=roles.ars_region_ids).values(
            "organisation"
        )
    )


def can_manage_invitation(user: User, invitation) -> bool:
    """Resend or cancel an invitation: whoever sent it, and whoever may manage the account."""
    return invitation.invited_by_id == user.pk or can_manage_account(user, invitation.user)


# --- One helper per object kind, for every view and API view -------------------------------
# Each answers 404 to whoever may not see the object (never a hint that it exists) and 403 to
# whoever sees it but may not do what `may` names.

CONTRACT_RULES = {
    "view": can_view_contract,
    "coordinate": can_coordinate_contract,
    "manage": can_manage_contract,
}
REFUSALS = {
    "coordinate": "Seuls l'ARS et la coordination du contrat peuvent faire cela.",
    "manage": "Seuls les agents de l'ARS de la région peuvent modifier ce contrat.",
    "edit": "Seuls la coordination, l'ARS et le pilote de cette action peuvent la modifier.",
}


def contract_for(
    user: User, pk, *, may: str = "view", queryset: QuerySet[Contract] | None = None
) -> Contract:
    """The contract `pk`, with what a contract page's header shows, if `user` may do `may`
    with it ("view", "coordinate" or "manage")."""
    if queryset is None:
        queryset = Contract.objects.select_related(*CONTRACT_HEADER_RELATED)
    contract = get_visible_contract_or_404(user, pk, queryset)
    if not CONTRACT_RULES[may](user, contract):
        raise PermissionDenied(REFUSALS[may])
    return contract


def action_for(user: User, contract, pk, *, may: str = "view", queryset=None):
    """The action `pk` of `contract` (a contract from `contract_for`, or its id), if `user` may
    do `may` with it ("view", "edit", or "coordinate" to remove it): a confidential action is
    kept from readers as if it did not exist. `queryset`: the contract's actions, with what
    the page shows of them."""
    if not isinstance(contract, Contract):
        contract = contract_for(user, contract)
    if queryset is None:
        queryset = contract.actions.select_related("lead_person")
    action = _object_or_404(queryset, pk, "Fiche action introuvable.")
    action.contract = contract
    if not can_view_action(user, action):
        raise Http404("Fiche action introuvable.")
    if may == "edit" and not can_edit_action(user, action):
        raise PermissionDenied(REFUSALS["edit"])
    if may == "coordinate" and not can_coordinate_contract(user, contract):
        raise PermissionDenied(REFUSALS["coordinate"])
    return action


def can_edit_note(user: User, note) -> bool:
    """Correct or remove a follow-up note: its author, while they may edit the sheet, and the
    coordination."""
    if can_coordinate_contract(user, note.action.contract):
        return True
    return note.author_id == user.pk and can_edit_action(user, note.action)


def notes_editable_by(user: User, notes, *, coordinating: bool) -> set[int]:
    """Which of `notes` (of one sheet) `user` may correct: `can_edit_note` for a whole list;
    `coordinating` is `can_coordinate_contract` for the sheet's contract, known by the page."""
    if coordinating:
        return {note.pk for note in notes}
    return {
        note.pk for note in notes if note.author_id == user.pk and is_action_lead(user, note.action)
    }


def note_for(user: User, action, pk):
    """The follow-up note `pk` of `action` (from `action_for`), if `user` may correct it."""
    note = _object_or_404(action.updates.all(), pk, "Note de suivi introuvable.")
    note.action = action
    if not can_edit_note(user, note):
        raise PermissionDenied("Seuls l'auteur de la note et la coordination peuvent la modifier.")
    return note


def account_for(user: User, pk) -> User:
    """The account `pk`, if `user` may manage it (a 404 otherwise: accounts are not listed)."""
    account = _object_or_404(User.objects.all(), pk, "Compte introuvable.")
    if not can_manage_account(user, account):
        raise Http404("Compte introuvable.")
    return account


def invitation_for(user: User, pk) -> Invitation:
    """The invitation `pk`, if `user` may resend or cancel it."""
    invitation = _object_or_404(
        Invitation.objects.select_related("user"), pk, "Invitation introuvable."
    )
    if not can_manage_invitation(user, invitation):
        raise Http404("Invitation introuvable.")
    return invitation


def report_for(user: User, pk, queryset: QuerySet | None = None):
    """The document (`reports.EvaluationReport`) `pk`, if `user` may open it."""
    if queryset is None:
        queryset = Contract._meta.get_field("reports").related_model.objects.all()
    return _object_or_404(reports_visible_to(user, queryset), pk, "Document introuvable.")


def _object_or_404(queryset: QuerySet, pk, message: str):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(message) from None
    # Beyond a 64-bit id, the database would fail instead of finding nothing.
    found = queryset.filter(pk=pk).first() if 0 < pk < 2**63 else None
    if found is None:
        raise Http404(message)
    return found


# --- The search across territories ---------------------------------------------------------


def actions_searchable_by(user: User, actions: QuerySet) -> QuerySet:
    """Narrow a queryset of actions to those `user` finds in the search across territories
    (good practices): every signed-in user finds the non-confidential actions of the public
    directory's contracts, all over France, besides what `actions_visible_to` lets them see."""
    if not user.is_authenticated:
        return actions.none()
    if roles_of(user).is_admin:
        return actions
    published = actions.filter(
        is_confidential=False, contract_id__in=public_contracts().values("pk")
    )
    return actions_visible_to(user, actions) | published


def searchable_action_for(user: User, pk, queryset: QuerySet):
    """The action `pk` of `queryset` if `user` finds it in the search across territories; a
    404 otherwise, as for `action_for`."""
    return _object_or_404(actions_searchable_by(user, queryset), pk, "Fiche action introuvable.")
