"""Seed the demo: the five real CLS of `demo.content`, their people and the demo accounts.

`demo_seed()` is idempotent. Every row is found by its natural key (contract title, organisation
name and kind, e-mail, axis and action number, indicator definition, value period…) and written
only when missing or different, so a second run creates nothing, saves nothing and leaves the
change history as it was. Writes go through the domain services where they exist
(`contract_create`, `coordinator_assign`, `indicator_value_record` and the review workflow).
"""

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
from contracts.services import contract_create, coordinator_assign
from demo import content
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


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class _Seeder:
    """One run of the demo seed, keeping the rows it resolved by their key in the content."""

    def __init__(self):
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

    def org(self, key: str) -> Organisation:
        return self.organisations[key]

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
        for key, spec in content.ORGANISATIONS.items():
            spec = dict(spec)
            fields = {
                "acronym": spec.pop("acronym", ""),
                "website": spec.pop("website", ""),
                "region": Region.objects.get(pk=spec.pop("region")) if "region" in spec else None,
                "departement": Departement.objects.get(pk=spec.pop("departement"))
                if "departement" in spec
                else None,
                "epci": Epci.objects.get(pk=spec.pop("epci")) if "epci" in spec else None,
                "commune": Commune.objects.get(pk=spec.pop("commune"))
                if "commune" in spec
                else None,
            }
            self.organisations[key] = organisation_ensure(**spec, **fields)

    def seed_people_and_accounts(self):
        for key, spec in content.PEOPLE.items():
            # The organisation is part of the key: synthetic data may hold a namesake elsewhere.
            self.people[key] = self.ensure(
                Person,
                {
                    "first_name": spec["first_name"],
                    "last_name": spec["last_name"],
                    "organisation": self.org(spec["organisation"]),
                },
                {"job_title": spec.get("job_title", ""), "email": spec.get("email", "")},
            )
        for spec in content.ACCOUNTS + content.ACCOUNTS_WITHOUT_LOGIN:
            self.seed_account(spec)

    def seed_account(self, spec: dict):
        user = user_ensure(
            email=spec["email"],
            first_name=spec["first_name"],
            last_name=spec["last_name"],
            password=spec.get("password"),
            is_staff=spec.get("is_staff", False),
            is_superuser=spec.get("is_superuser", False),
        )
        self.users[user.email] = user
        if spec.get("person"):
            person = self.people[spec["person"]]
            if person.user_id != user.pk:
                person.user = user
                person.save(update_fields=["user"])
        for org_key, role, started_on in spec.get("memberships", ()):
            self.ensure(
                Membership,
                {
                    "user": user,
                    "organisation": self.org(org_key),
                    "role": role,
                    "started_on": _date(started_on),
                },
            )

    def seed_catalogue(self, specs, contract: Contract | None = None):
        for spec in specs:
            spec = dict(spec)
            code = spec.pop("code")
            for bound in ("min_value", "max_value"):
                spec[bound] = _decimal(spec.get(bound))
            spec["scope"] = CatalogueScope.CONTRACT if contract else CatalogueScope.NATIONAL
            spec["contract"] = contract
            self.definitions[code] = self.ensure(IndicatorDefinition, {"code": code}, spec)

    # Contracts ------------------------------------------------------------------------------

    def seed_territory(self, spec: dict) -> Territory:
        communes = Commune.objects.all()
        if spec.get("epcis"):
            communes = communes.filter(epci__in=spec["epcis"])
        if spec.get("communes"):
            communes = communes.filter(code__in=spec["communes"])
        if spec.get("exclude"):
            communes = communes.exclude(code__in=spec["exclude"])
        communes = list(communes)
        territory = Territory.objects.filter(name=spec["name"], kind=spec["kind"]).first()
        if territory is None:
            if spec["kind"] == TerritoryKind.EPCI:
                return territory_create_from_epci(
                    epci=Epci.objects.get(pk=spec["epcis"][0]), name=spec["name"]
                )
            return territory_create_from_communes(
                name=spec["name"],
                kind=spec["kind"],
                communes=communes,
                description=spec.get("description", ""),
            )
        current = set(territory.communes.values_list("code", flat=True))
        if current != {commune.code for commune in communes}:
            territory_set_communes(territory=territory, communes=communes)
        return territory

    def seed_contract(self, spec: dict) -> Contract:
        territory = self.seed_territory(spec["territory"])
        ars = self.org(f"ars-{spec['ars']}")
        fields = {
            "kind": spec.get("kind", "cls"),
            "status": spec["status"],
            "scoping_started_on": _date(spec.get("scoping_started_on")),
            "diagnosis_on": _date(spec.get("diagnosis_on")),
            "signed_on": _date(spec.get("signed_on")),
            "starts_on": _date(spec.get("starts_on")),
            "ends_on": _date(spec.get("ends_on")),
            "summary": spec.get("summary", ""),
            "linked_schemes": spec.get("linked_schemes", []),
            "linked_schemes_notes": spec.get("linked_schemes_notes", ""),
            "is_public": spec.get("is_public", True),
        }
        predecessor = self.contracts[spec["predecessor"]] if spec.get("predecessor") else None
        contract = Contract.objects.filter(title=spec["title"]).first()
        if contract is None:
            contract = contract_create(
                title=spec["title"],
                territory=territory,
                ars=ars,
                predecessor=predecessor,
                **fields,
            )
        else:
            fields.update(territory=territory, ars=ars, predecessor=predecessor)
            if predecessor is not None:
                fields["generation"] = predecessor.generation + 1
            contract = self.ensure(Contract, {"pk": contract.pk}, fields)
        self.contracts[spec["key"]] = contract

        self.seed_signatories(contract, spec.get("signatories", ()))
        self.seed_coordinators(contract, spec.get("coordinators", ()))
        if spec.get("diagnosis"):
            self.seed_diagnosis(contract, spec["diagnosis"])
        axes = self.seed_axes(contract, spec.get("axes", ()))
        bodies = self.seed_bodies(contract, spec.get("bodies", ()))
        for number, signed_on, subject, description in spec.get("amendments", ()):
            self.ensure(
                Amendment,
                {"contract": contract, "number": number},
                {"signed_on": _date(signed_on), "subject": subject, "description": description},
            )
        actions = {
            action_spec["number"]: self.seed_action(contract, axes, action_spec)
            for action_spec in spec.get("actions", ())
        }
        self.seed_meetings(contract, bodies, actions, spec.get("meetings", ()))
        self.seed_catalogue(spec.get("own_definitions", ()), contract=contract)
        for indicator_spec in spec.get("indicators", ()):
            self.seed_indicator(contract, actions, indicator_spec, spec)
        return contract

    def seed_signatories(self, contract: Contract, specs):
        for order, item in enumerate(specs):
            org_key, role, deliberation_on, signed_on, person_key = item
            self.ensure(
                Signatory,
                {"contract": contract, "organisation": self.org(org_key), "role": role},
                {
                    "person": self.person(person_key),
                    "deliberation_on": _date(deliberation_on),
                    "signed_on": _date(signed_on),
                    "order": order,
                },
            )

    def seed_coordinators(self, contract: Contract, specs):
        for spec in specs:
            person = self.people[spec["person"]]
            started_on = _date(spec["started_on"])
            assignment = CoordinatorAssignment.objects.filter(
                contract=contract, person=person, started_on=started_on
            ).first()
            if assignment is None:
                assignment = coordinator_assign(
                    contract=contract,
                    person=person,
                    started_on=started_on,
                    fte=_decimal(spec.get("fte")),
                    funders=self.orgs(spec.get("funders", ())),
                    funding_notes=spec.get("funding_notes", ""),
                )
            # Closing a past mission: the service only closes one when a successor is named.
            self.ensure(
                CoordinatorAssignment,
                {"pk": assignment.pk},
                {"ended_on": _date(spec.get("ended_on"))},
            )

    def seed_diagnosis(self, contract: Contract, spec: dict):
        diagnosis = self.ensure(
            Diagnosis,
            {"contract": contract},
            {
                "summary": spec["summary"],
                "carried_out_by": self.org(spec["carried_out_by"])
                if spec.get("carried_out_by")
                else None,
                "completed_on": _date(spec.get("completed_on")),
                "sources": spec.get("sources", ""),
            },
        )
        themes = {theme.code: theme for theme in Theme.objects.all()}
        for order, (theme, title, description) in enumerate(spec.get("findings", ())):
            self.ensure(
                Finding,
                {"diagnosis": diagnosis, "title": title},
                {"theme": themes[theme], "description": description, "order": order},
            )

    def seed_axes(self, contract: Contract, specs) -> dict:
        """Axes and their objective trees; returns axes and objectives by number."""
        found = {}
        for order, spec in enumerate(specs):
            axis = self.ensure(
                Axis,
                {"contract": contract, "number": spec["number"]},
                {
                    "title": spec["title"],
                    "description": spec.get("description", ""),
                    "order": order,
                },
            )
            found[spec["number"]] = axis
            self.seed_objectives(axis, spec.get("objectives", ()), None, 0, found)
        return found

    def seed_objectives(self, axis, specs, parent, depth, found):
        for order, spec in enumerate(specs):
            objective = self.ensure(
                Objective,
                {"axis": axis, "number": spec["number"]},
                {
                    "parent": parent,
                    "level": OBJECTIVE_LEVELS[depth],
                    "title": spec["title"],
                    "description": spec.get("description", ""),
                    "order": order,
                },
            )
            found[f"objective:{spec['number']}"] = objective
            self.seed_objectives(axis, spec.get("children", ()), objective, depth + 1, found)

    def seed_action(self, contract: Contract, axes: dict, spec: dict) -> Action:
        action = self.ensure(
            Action,
            {"contract": contract, "number": spec["number"]},
            {
                "axis": axes[spec["axis"]],
                "title": spec["title"],
                "description": spec.get("description", ""),
                "rationale": spec.get("rationale", ""),
                "expected_results": spec.get("expected_results", ""),
                "lead_organisation": self.org(spec["lead"]) if spec.get("lead") else None,
                "lead_person": self.person(spec.get("lead_person")),
                "citizen_participation": spec.get("participation", "none"),
                "priority": spec.get("priority", "medium"),
                "status": spec["status"],
                "starts_on": _date(spec.get("starts_on")),
                "planned_end_on": _date(spec.get("planned_end_on")),
                "ended_on": _date(spec.get("ended_on")),
                "is_confidential": spec.get("confidential", False),
            },
        )
        self.set_m2m(
            action.objectives, [axes[f"objective:{n}"] for n in spec.get("objectives", ())]
        )
        self.set_m2m(action.partners, self.orgs(spec.get("partners", ())))
        self.set_m2m(action.target_groups, TargetGroup.objects.filter(code__in=spec["targets"]))
        self.set_m2m(
            action.determinants, Determinant.objects.filter(code__in=spec.get("determinants", ()))
        )
        self.set_m2m(action.themes, Theme.objects.filter(code__in=spec["themes"]))
        self.set_m2m(
            action.intervention_communes,
            Commune.objects.filter(code__in=spec.get("communes", ())),
        )
        for order, (title, due_on, done_on) in enumerate(spec.get("milestones", ())):
            self.ensure(
                Milestone,
                {"action": action, "title": title},
                {"due_on": _date(due_on), "done_on": _date(done_on), "order": order},
            )
        for written_on, author, text, new_status in spec.get("updates", ()):
            self.ensure(
                ActionUpdate,
                {"action": action, "written_on": _date(written_on), "author": self.user(author)},
                {"text": text, "new_status": new_status},
            )
        for line in spec.get("funding", ()):
            self.seed_funding_line(action, *line)
        return action

    def seed_funding_line(self, action, funder, scheme, year, planned, granted, paid, *extra):
        reference = extra[0] if extra else ""
        if len(extra) > 1:
            status = extra[1]
        elif paid and paid == granted:
            status = FundingStatus.PAID
        elif granted:
            status = FundingStatus.GRANTED
        elif year >= 2027:
            status = FundingStatus.PLANNED
        else:
            status = FundingStatus.REQUESTED
        self.ensure(
            FundingLine,
            {
                "action": action,
                "funder": self.org(funder),
                "scheme": scheme,
                "year": year,
                "nature": FundingNature.OPERATING,
            },
            {
                "planned_amount": Decimal(planned),
                "granted_amount": Decimal(granted),
                "paid_amount": Decimal(paid),
                "status": status,
                "reference": reference,
            },
        )

    def seed_bodies(self, contract: Contract, specs) -> dict:
        bodies = {}
        for spec in specs:
            body = self.ensure(
                GovernanceBody,
                {"contract": contract, "name": spec["name"]},
                {"kind": spec["kind"], "description": spec.get("description", "")},
            )
            self.set_m2m(body.member_organisations, self.orgs(spec.get("organisations", ())))
            self.set_m2m(body.members, [self.people[key] for key in spec.get("members", ())])
            bodies[spec["key"]] = body
        return bodies

    def seed_meetings(self, contract, bodies, actions, specs):
        for spec in specs:
            meeting = self.ensure(
                Meeting,
                {
                    "contract": contract,
                    "body": bodies[spec["body"]],
                    "held_on": _date(spec["held_on"]),
                },
                {
                    "title": spec.get("title", ""),
                    "location": spec.get("location", ""),
                    "agenda": spec.get("agenda", ""),
                    "decisions": spec.get("decisions", ""),
                },
            )
            self.set_m2m(meeting.attending_organisations, self.orgs(spec.get("organisations", ())))
            self.set_m2m(meeting.attendees, [self.people[key] for key in spec.get("attendees", ())])
            for number in spec.get("actions", ()):
                actions[number].reviewed_in.add(meeting)

    def seed_indicator(self, contract, actions, spec: dict, contract_spec: dict):
        baseline_value, baseline_on = spec.get("baseline", (None, None))
        target_value, target_on = spec.get("target", (None, None))
        action = actions[spec["action"]] if spec.get("action") else None
        indicator = self.ensure(
            Indicator,
            {"contract": contract, "action": action, "definition": self.definitions[spec["code"]]},
            {
                "baseline_value": _decimal(baseline_value),
                "baseline_on": _date(baseline_on),
                "target_value": _decimal(target_value),
                "target_on": _date(target_on),
                "responsible": self.person(spec.get("responsible")),
            },
        )
        editor = self.user(contract_spec.get("editor"))
        reviewer = self.user(contract_spec.get("reviewer"))
        for period, measure in spec.get("values", {}).items():
            target = spec.get("statuses", {}).get(period) or default_status(period)
            self.seed_value(indicator, period, measure, target, editor, reviewer)

    def seed_value(self, indicator, period, measure, target, editor, reviewer):
        numerator = denominator = None
        if isinstance(measure, tuple):
            numerator, denominator = Decimal(measure[0]), Decimal(measure[1])
            value = (numerator / denominator * 100).quantize(Decimal("0.01"))
        else:
            value = Decimal(str(measure))
        comment = ""
        if isinstance(target, tuple):
            target, comment = target
        existed = IndicatorValue.objects.filter(indicator=indicator, period=period).exists()
        record = indicator_value_record(
            indicator=indicator,
            period=period,
            value=value,
            numerator=numerator,
            denominator=denominator,
            source=indicator.definition.source,
            by=editor,
        )
        if record.status != target:
            if record.status in (ValueStatus.DRAFT, ValueStatus.REJECTED):
                record = indicator_value_submit(value=record, by=editor)
            if target == ValueStatus.VALIDATED:
                record = indicator_value_validate(value=record, by=reviewer)
            elif target == ValueStatus.REJECTED:
                record = indicator_value_reject(value=record, by=reviewer, comment=comment)
        if not existed:
            # The services stamp the time of the run; date the entry and the review a few
            # weeks after the period instead, as they would be in real life.
            times = {"entered_at": _plausible_time(record.period_end, days=30)}
            if record.validated_at is not None:
                times["validated_at"] = _plausible_time(record.period_end, days=60)
            IndicatorValue.objects.filter(pk=record.pk).update(**times)


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


def _person_q(spec: dict) -> models.Q:
    key = spec["organisation"]
    if key.startswith("ars-"):
        organisation = models.Q(
            organisation__kind=OrganisationKind.ARS, organisation__region=key[4:]
        )
    else:
        organisation = models.Q(organisation__name=content.ORGANISATIONS[key]["name"])
    return models.Q(first_name=spec["first_name"], last_name=spec["last_name"]) & organisation


def demo_counts() -> dict[str, int]:
    """How many rows the demo holds, model by model (scoped to the demo's contracts)."""
    contracts = Contract.objects.filter(title__in=[spec["title"] for spec in content.CONTRACTS])
    emails = [spec["email"] for spec in content.ACCOUNTS + content.ACCOUNTS_WITHOUT_LOGIN]
    actions = Action.objects.filter(contract__in=contracts)
    return {
        "contracts": contracts.count(),
        "territories": Territory.objects.filter(contracts__in=contracts).distinct().count(),
        "communes": Commune.objects.filter(territories__contracts__in=contracts).distinct().count(),
        "organisations": Organisation.objects.filter(
            models.Q(name__in=[spec["name"] for spec in content.ORGANISATIONS.values()])
            | models.Q(kind=OrganisationKind.ARS)
        ).count(),
        "people": Person.objects.filter(
            reduce(operator.or_, (_person_q(spec) for spec in content.PEOPLE.values()))
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
            models.Q(code__in=[spec["code"] for spec in content.CATALOGUE])
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
    seeder = _Seeder()
    seeder.seed_organisations()
    seeder.seed_people_and_accounts()
    seeder.seed_catalogue(content.CATALOGUE)
    for spec in content.CONTRACTS:
        seeder.seed_contract(spec)
    return demo_counts()
