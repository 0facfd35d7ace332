"""Seed the demo: the five real CLS of `demo/places/`, their people and the demo accounts.

`demo_seed()` is idempotent. Every row is found by its natural key (contract title, organisation
name and kind, e-mail, axis and action number, indicator definition, value period…) and written
only when missing or different, so a second run creates nothing, saves nothing and leaves the
change history as it was. Writes go through the domain services where they exist
(`contract_create`, `coordinator_assign`, `indicator_value_record` and the review workflow).
"""

import dataclasses
import datetime
import operator
from decimal import Decimal
from functools import reduce

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from actions.enums import FundingNature, FundingStatus
from actions.models import Action, ActionUpdate, Determinant, FundingLine, Milestone, TargetGroup
from actors.enums import OrganisationKind
from actors.models import Membership, Organisation, Person, User
from actors.services import ars_ensure_all, organisation_ensure, user_ensure
from contracts.coordination import coordinator_assign
from contracts.enums import ObjectiveLevel
from contracts.models import (
    Amendment,
    Axis,
    Contract,
    CoordinatorAssignment,
    Diagnosis,
    Finding,
    GovernanceBody,
    Meeting,
    Objective,
    Signatory,
    Theme,
)
from contracts.services import contract_create
from demo.specs import (
    AccountSpec,
    ActionSpec,
    ContractSpec,
    DemoContent,
    DiagnosisSpec,
    FundingSpec,
    IndicatorSpec,
    PersonSpec,
    TerritorySpec,
    ValueSpec,
    demo_content,
)
from indicators.enums import CatalogueScope, ValueStatus
from indicators.models import Indicator, IndicatorDefinition, IndicatorValue
from indicators.services import (
    indicator_value_record,
    indicator_value_reject,
    indicator_value_submit,
    indicator_value_validate,
)
from territories.enums import TerritoryKind
from territories.models import Commune, Departement, Epci, Region, Territory
from territories.services import (
    referential_load,
    territory_create_from_communes,
    territory_create_from_epci,
    territory_set_communes,
)

# The level of an objective follows its depth in the content's tree.
OBJECTIVE_LEVELS = (ObjectiveLevel.GENERAL, ObjectiveLevel.SPECIFIC, ObjectiveLevel.OPERATIONAL)


class DemoDisabled(Exception):
    """The settings forbid demo data here (`DEMO_ENABLED` is false)."""


class _Seeder:
    """One run of the demo seed, keeping the rows it resolved by their key in the content."""

    def __init__(self, content: DemoContent):
        self.content = content
        self.organisations: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.users: dict[str, User] = {}
        self.definitions: dict[str, IndicatorDefinition] = {}
        self.contracts: dict[str, Contract] = {}

    # Writing rows ---------------------------------------------------------------------------

    def ensure(self, model, lookup: dict, values: dict | None = None):
        """Find the row matching `lookup`; create it, or update the `values` that differ."""
        values = values or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            return obj
        changed = [field for field, value in values.items() if getattr(obj, field) != value]
        if changed:
            for field in changed:
                setattr(obj, field, values[field])
            obj.full_clean()
            obj.save()
        return obj

    def set_m2m(self, manager, objs):
        # `set()` only writes the difference, so an unchanged relation costs one read.
        manager.set(list(objs))

    # Resolving references ------------------------------------------------------------------

    def org(self, key: str | None) -> Organisation | None:
        return self.organisations[key] if key else None

    def orgs(self, keys) -> list[Organisation]:
        return [self.organisations[key] for key in keys]

    def person(self, key: str | None) -> Person | None:
        return self.people[key] if key else None

    def user(self, email: str | None) -> User | None:
        return self.users[email] if email else None

    # Referential-level content -------------------------------------------------------------

    def seed_organisations(self):
        for ars in ars_ensure_all():
            self.organisations[f"ars-{ars.region_id}"] = ars
        for key, spec in self.content.organisations.items():
            self.organisations[key] = organisation_ensure(
                name=spec.name,
                kind=spec.kind,
                acronym=spec.acronym,
                website=spec.website,
                region=_get(Region, spec.region),
                departement=_get(Departement, spec.departement),
                epci=_get(Epci, spec.epci),
                commune=_get(Commune, spec.commune),
            )

    def seed_people_and_accounts(self):
        for key, spec in self.content.people.items():
            # The organisation is part of the key: synthetic data may hold a namesake elsewhere.
            self.people[key] = self.ensure(
                Person,
                {
                    "first_name": spec.first_name,
                    "last_name": spec.last_name,
                    "organisation": self.org(spec.organisation),
                },
                {"job_title": spec.job_title, "email": spec.email},
            )
        for spec in self.content.accounts:
            self.seed_account(spec)

    def seed_account(self, spec: AccountSpec):
        user = user_ensure(
            email=spec.email,
            first_name=spec.first_name,
            last_name=spec.last_name,
            password=spec.password,
            is_staff=spec.is_staff,
            is_superuser=spec.is_superuser,
        )
        self.users[user.email] = user
        person = self.person(spec.person)
        if person is not None and person.user_id != user.pk:
            person.user = user
            person.save(update_fields=["user"])
        for membership in spec.memberships:
            self.ensure(
                Membership,
                {
                    "user": user,
                    "organisation": self.org(membership.organisation),
                    "role": membership.role,
                    "started_on": membership.started_on,
                },
            )

    def seed_catalogue(self, specs, contract: Contract | None = None):
        scope = CatalogueScope.CONTRACT if contract else CatalogueScope.NATIONAL
        for spec in specs:
            fields = dataclasses.asdict(spec)
            code = fields.pop("code")
            fields.update(scope=scope, contract=contract)
            self.definitions[code] = self.ensure(IndicatorDefinition, {"code": code}, fields)

    # Contracts ------------------------------------------------------------------------------

    def seed_territory(self, spec: TerritorySpec) -> Territory:
        communes = Commune.objects.all()
        if spec.epcis:
            communes = communes.filter(epci__in=spec.epcis)
        if spec.communes:
            communes = communes.filter(code__in=spec.communes)
        if spec.exclude:
            communes = communes.exclude(code__in=spec.exclude)
        communes = list(communes)
        territory = Territory.objects.filter(name=spec.name, kind=spec.kind).first()
        if territory is None:
            if spec.kind == TerritoryKind.EPCI:
                return territory_create_from_epci(
                    epci=Epci.objects.get(pk=spec.epcis[0]), name=spec.name
                )
            return territory_create_from_communes(
                name=spec.name, kind=spec.kind, communes=communes, description=spec.description
            )
        current = set(territory.communes.values_list("code", flat=True))
        if current != {commune.code for commune in communes}:
            territory_set_communes(territory=territory, communes=communes)
        return territory

    def seed_contract(self, spec: ContractSpec) -> Contract:
        contract = self.seed_contract_row(spec)
        self.contracts[spec.key] = contract
        self.seed_signatories(contract, spec.signatories)
        self.seed_coordinators(contract, spec.coordinators)
        if spec.diagnosis:
            self.seed_diagnosis(contract, spec.diagnosis)
        axes = self.seed_axes(contract, spec.axes)
        bodies = self.seed_bodies(contract, spec.bodies)
        self.seed_amendments(contract, spec.amendments)
        actions = {
            action_spec.number: self.seed_action(contract, axes, action_spec)
            for action_spec in spec.actions
        }
        self.seed_meetings(contract, bodies, actions, spec.meetings)
        self.seed_catalogue(spec.own_definitions, contract=contract)
        self.seed_indicators(contract, actions, spec)
        return contract

    def seed_contract_row(self, spec: ContractSpec) -> Contract:
        """The contract itself, on its territory: created by the service, or brought up to date."""
        territory = self.seed_territory(spec.territory)
        ars = self.org(f"ars-{spec.ars}")
        fields = {
            "kind": spec.kind,
            "status": spec.status,
            "scoping_started_on": spec.scoping_started_on,
            "diagnosis_on": spec.diagnosis_on,
            "signed_on": spec.signed_on,
            "starts_on": spec.starts_on,
            "ends_on": spec.ends_on,
            "summary": spec.summary,
            "linked_schemes": list(spec.linked_schemes),
            "linked_schemes_notes": spec.linked_schemes_notes,
            "is_public": spec.is_public,
        }
        predecessor = self.contracts[spec.predecessor] if spec.predecessor else None
        contract = Contract.objects.filter(title=spec.title).first()
        if contract is None:
            return contract_create(
                title=spec.title, territory=territory, ars=ars, predecessor=predecessor, **fields
            )
        fields.update(territory=territory, ars=ars, predecessor=predecessor)
        if predecessor is not None:
            fields["generation"] = predecessor.generation + 1
        return self.ensure(Contract, {"pk": contract.pk}, fields)

    def seed_signatories(self, contract: Contract, specs):
        for order, spec in enumerate(specs):
            self.ensure(
                Signatory,
                {
                    "contract": contract,
                    "organisation": self.org(spec.organisation),
                    "role": spec.role,
                },
                {
                    "person": self.person(spec.representative),
                    "deliberation_on": spec.deliberation_on,
                    "signed_on": spec.signed_on,
                    "order": order,
                },
            )

    def seed_coordinators(self, contract: Contract, specs):
        for spec in specs:
            person = self.people[spec.person]
            assignment = CoordinatorAssignment.objects.filter(
                contract=contract, person=person, started_on=spec.started_on
            ).first()
            if assignment is None:
                assignment = coordinator_assign(
                    contract=contract,
                    person=person,
                    started_on=spec.started_on,
                    fte=spec.fte,
                    funders=self.orgs(spec.funders),
                    funding_notes=spec.funding_notes,
                )
            # Closing a past mission: the service only closes one when a successor is named.
            self.ensure(CoordinatorAssignment, {"pk": assignment.pk}, {"ended_on": spec.ended_on})

    def seed_diagnosis(self, contract: Contract, spec: DiagnosisSpec):
        diagnosis = self.ensure(
            Diagnosis,
            {"contract": contract},
            {
                "summary": spec.summary,
                "carried_out_by": self.org(spec.carried_out_by),
                "completed_on": spec.completed_on,
                "sources": spec.sources,
            },
        )
        themes = {theme.code: theme for theme in Theme.objects.all()}
        for order, finding in enumerate(spec.findings):
            self.ensure(
                Finding,
                {"diagnosis": diagnosis, "title": finding.title},
                {
                    "theme": themes[finding.theme],
                    "description": finding.description,
                    "order": order,
                },
            )

    def seed_axes(self, contract: Contract, specs) -> dict:
        """Axes and their objective trees; returns axes and objectives by number."""
        found = {}
        for order, spec in enumerate(specs):
            axis = self.ensure(
                Axis,
                {"contract": contract, "number": spec.number},
                {"title": spec.title, "description": spec.description, "order": order},
            )
            found[spec.number] = axis
            self.seed_objectives(axis, spec.objectives, None, 0, found)
        return found

    def seed_objectives(self, axis, specs, parent, depth, found):
        for order, spec in enumerate(specs):
            objective = self.ensure(
                Objective,
                {"axis": axis, "number": spec.number},
                {
                    "parent": parent,
                    "level": OBJECTIVE_LEVELS[depth],
                    "title": spec.title,
                    "description": spec.description,
                    "order": order,
                },
            )
            found[f"objective:{spec.number}"] = objective
            self.seed_objectives(axis, spec.children, objective, depth + 1, found)

    def seed_amendments(self, contract: Contract, specs):
        for spec in specs:
            self.ensure(
                Amendment,
                {"contract": contract, "number": spec.number},
                {
                    "signed_on": spec.signed_on,
                    "subject": spec.subject,
                    "description": spec.description,
                },
            )

    # Actions --------------------------------------------------------------------------------

    def seed_action(self, contract: Contract, axes: dict, spec: ActionSpec) -> Action:
        action = self.ensure(
            Action,
            {"contract": contract, "number": spec.number},
            {
                "axis": axes[spec.axis],
                "title": spec.title,
                "description": spec.description,
                "rationale": spec.rationale,
                "expected_results": spec.expected_results,
                "lead_organisation": self.org(spec.lead),
                "lead_person": self.person(spec.lead_person),
                "citizen_participation": spec.participation,
                "priority": spec.priority,
                "status": spec.status,
                "starts_on": spec.starts_on,
                "planned_end_on": spec.planned_end_on,
                "ended_on": spec.ended_on,
                "is_confidential": spec.confidential,
            },
        )
        self.seed_action_links(action, axes, spec)
        self.seed_milestones(action, spec.milestones)
        self.seed_action_updates(action, spec.updates)
        for line in spec.funding:
            self.seed_funding_line(action, line)
        return action

    def seed_action_links(self, action: Action, axes: dict, spec: ActionSpec):
        """What the action serves and involves: objectives, partners, publics, places…"""
        self.set_m2m(action.objectives, [axes[f"objective:{n}"] for n in spec.objectives])
        self.set_m2m(action.partners, self.orgs(spec.partners))
        self.set_m2m(action.target_groups, TargetGroup.objects.filter(code__in=spec.targets))
        self.set_m2m(action.determinants, Determinant.objects.filter(code__in=spec.determinants))
        self.set_m2m(action.themes, Theme.objects.filter(code__in=spec.themes))
        self.set_m2m(action.intervention_communes, Commune.objects.filter(code__in=spec.communes))

    def seed_milestones(self, action: Action, specs):
        for order, spec in enumerate(specs):
            self.ensure(
                Milestone,
                {"action": action, "title": spec.title},
                {"due_on": spec.due_on, "done_on": spec.done_on, "order": order},
            )

    def seed_action_updates(self, action: Action, specs):
        for spec in specs:
            self.ensure(
                ActionUpdate,
                {"action": action, "written_on": spec.written_on, "author": self.user(spec.author)},
                {"text": spec.text, "new_status": spec.new_status or ""},
            )

    def seed_funding_line(self, action: Action, spec: FundingSpec):
        self.ensure(
            FundingLine,
            {
                "action": action,
                "funder": self.org(spec.funder),
                "scheme": spec.scheme,
                "year": spec.year,
                "nature": FundingNature.OPERATING,
            },
            {
                "planned_amount": spec.planned,
                "granted_amount": spec.granted,
                "paid_amount": spec.paid,
                "status": spec.status or _funding_status(spec),
                "reference": spec.reference,
            },
        )

    # Governance -----------------------------------------------------------------------------

    def seed_bodies(self, contract: Contract, specs) -> dict:
        bodies = {}
        for spec in specs:
            body = self.ensure(
                GovernanceBody,
                {"contract": contract, "name": spec.name},
                {"kind": spec.kind, "description": spec.description},
            )
            self.set_m2m(body.member_organisations, self.orgs(spec.organisations))
            self.set_m2m(body.members, [self.people[key] for key in spec.members])
            bodies[spec.key] = body
        return bodies

    def seed_meetings(self, contract, bodies, actions, specs):
        for spec in specs:
            meeting = self.ensure(
                Meeting,
                {"contract": contract, "body": bodies[spec.body], "held_on": spec.held_on},
                {
                    "title": spec.title,
                    "location": spec.location,
                    "agenda": spec.agenda,
                    "decisions": spec.decisions,
                },
            )
            self.set_m2m(meeting.attending_organisations, self.orgs(spec.organisations))
            self.set_m2m(meeting.attendees, [self.people[key] for key in spec.attendees])
            for number in spec.actions:
                actions[number].reviewed_in.add(meeting)

    # Indicators -----------------------------------------------------------------------------

    def seed_indicators(self, contract: Contract, actions: dict, spec: ContractSpec):
        editor, reviewer = self.user(spec.editor), self.user(spec.reviewer)
        for indicator_spec in spec.indicators:
            indicator = self.seed_indicator(contract, actions, indicator_spec)
            for value_spec in indicator_spec.values:
                self.seed_value(indicator, value_spec, editor, reviewer)

    def seed_indicator(self, contract, actions, spec: IndicatorSpec) -> Indicator:
        return self.ensure(
            Indicator,
            {
                "contract": contract,
                "action": actions[spec.action] if spec.action else None,
                "definition": self.definitions[spec.code],
            },
            {
                "baseline_value": spec.baseline_value,
                "baseline_on": spec.baseline_on,
                "target_value": spec.target_value,
                "target_on": spec.target_on,
                "responsible": self.person(spec.responsible),
            },
        )

    def seed_value(self, indicator: Indicator, spec: ValueSpec, editor, reviewer):
        """Record the value through the services, take it to its status, date it plausibly."""
        value = spec.value
        if value is None:
            value = (spec.numerator / spec.denominator * 100).quantize(Decimal("0.01"))
        existed = IndicatorValue.objects.filter(indicator=indicator, period=spec.period).exists()
        record = indicator_value_record(
            indicator=indicator,
            period=spec.period,
            value=value,
            numerator=spec.numerator,
            denominator=spec.denominator,
            source=indicator.definition.source,
            by=editor,
        )
        target = spec.status or default_status(spec.period)
        if record.status != target:
            record = _value_review(record, target, spec.review_comment, editor, reviewer)
        if not existed:
            # The services stamp the time of the run; date the entry and the review a few
            # weeks after the period instead, as they would be in real life.
            times = {"entered_at": _plausible_time(record.period_end, days=30)}
            if record.validated_at is not None:
                times["validated_at"] = _plausible_time(record.period_end, days=60)
            IndicatorValue.objects.filter(pk=record.pk).update(**times)


def _get(model, pk: str | None):
    return model.objects.get(pk=pk) if pk else None


def _funding_status(spec: FundingSpec) -> str:
    """Without a status of its own, a funding line's follows its amounts."""
    if spec.paid and spec.paid == spec.granted:
        return FundingStatus.PAID
    if spec.granted:
        return FundingStatus.GRANTED
    if spec.year >= 2027:
        return FundingStatus.PLANNED
    return FundingStatus.REQUESTED


def _value_review(record, target: str, comment: str, editor, reviewer) -> IndicatorValue:
    """Take a value through the review workflow to `target`, as its editor and reviewer would."""
    if record.status in (ValueStatus.DRAFT, ValueStatus.REJECTED):
        record = indicator_value_submit(value=record, by=editor)
    if target == ValueStatus.VALIDATED:
        record = indicator_value_validate(value=record, by=reviewer)
    elif target == ValueStatus.REJECTED:
        record = indicator_value_reject(value=record, by=reviewer, comment=comment)
    return record


def default_status(period: str) -> str:
    """Values of past years are validated, last year's submitted, this year's still drafts."""
    year = int(period[:4])
    if year <= 2024:
        return ValueStatus.VALIDATED
    if year == 2025:
        return ValueStatus.SUBMITTED
    return ValueStatus.DRAFT


def _plausible_time(period_end: datetime.date, *, days: int) -> datetime.datetime:
    moment = timezone.make_aware(
        datetime.datetime.combine(period_end + datetime.timedelta(days=days), datetime.time(10))
    )
    return min(moment, timezone.now())


def _person_q(spec: PersonSpec, content: DemoContent) -> models.Q:
    key = spec.organisation
    if key.startswith("ars-"):
        organisation = models.Q(
            organisation__kind=OrganisationKind.ARS, organisation__region=key[4:]
        )
    else:
        organisation = models.Q(organisation__name=content.organisations[key].name)
    return models.Q(first_name=spec.first_name, last_name=spec.last_name) & organisation


def demo_counts() -> dict[str, int]:
    """How many rows the demo holds, model by model (scoped to the demo's contracts)."""
    content = demo_content()
    contracts = Contract.objects.filter(title__in=[spec.title for spec in content.contracts])
    emails = [spec.email for spec in content.accounts]
    actions = Action.objects.filter(contract__in=contracts)
    return {
        "contracts": contracts.count(),
        "territories": Territory.objects.filter(contracts__in=contracts).distinct().count(),
        "communes": Commune.objects.filter(territories__contracts__in=contracts).distinct().count(),
        "organisations": Organisation.objects.filter(
            models.Q(name__in=[spec.name for spec in content.organisations.values()])
            | models.Q(kind=OrganisationKind.ARS)
        ).count(),
        "people": Person.objects.filter(
            reduce(operator.or_, (_person_q(spec, content) for spec in content.people.values()))
        ).count(),
        "users": User.objects.filter(email__in=emails).count(),
        "memberships": Membership.objects.filter(user__email__in=emails).count(),
        "signatories": Signatory.objects.filter(contract__in=contracts).count(),
        "coordinator_assignments": CoordinatorAssignment.objects.filter(
            contract__in=contracts
        ).count(),
        "findings": Finding.objects.filter(diagnosis__contract__in=contracts).count(),
        "axes": Axis.objects.filter(contract__in=contracts).count(),
        "objectives": Objective.objects.filter(axis__contract__in=contracts).count(),
        "actions": actions.count(),
        "milestones": Milestone.objects.filter(action__in=actions).count(),
        "action_updates": ActionUpdate.objects.filter(action__in=actions).count(),
        "funding_lines": FundingLine.objects.filter(action__in=actions).count(),
        "governance_bodies": GovernanceBody.objects.filter(contract__in=contracts).count(),
        "meetings": Meeting.objects.filter(contract__in=contracts).count(),
        "amendments": Amendment.objects.filter(contract__in=contracts).count(),
        "indicator_definitions": IndicatorDefinition.objects.filter(
            models.Q(code__in=[spec.code for spec in content.catalogue])
            | models.Q(contract__in=contracts)
        ).count(),
        "indicators": Indicator.objects.filter(contract__in=contracts).count(),
        "indicator_values": IndicatorValue.objects.filter(
            indicator__contract__in=contracts
        ).count(),
    }


@transaction.atomic
def demo_seed() -> dict[str, int]:
    """Create or refresh the demo data; returns the demo's row counts (see `demo_counts`).

    Loads the territory referential first when the database has none, since the demo's
    territories are built from real communes. Refuses to run when `DEMO_ENABLED` is false,
    because the demo accounts share a published password.
    """
    if not settings.DEMO_ENABLED:
        raise DemoDisabled("Les données de démonstration sont désactivées (DEMO_ENABLED).")
    if not Commune.objects.exists():
        referential_load()
    content = demo_content()
    seeder = _Seeder(content)
    seeder.seed_organisations()
    seeder.seed_people_and_accounts()
    seeder.seed_catalogue(content.catalogue)
    for spec in content.contracts:
        seeder.seed_contract(spec)
    return demo_counts()
