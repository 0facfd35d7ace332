"""The demo's content as typed records, read from `demo/content.py` and `demo/places/*.yaml`.

Each kind of record is a frozen dataclass whose fields are the names the files use, so a place
file reads on its own (`signatories: - organisation: ccbi, role: signatory, signed_on: …`).
`demo_content()` builds them and refuses what it cannot read without guessing: an unknown or
missing field, a value of the wrong type or outside its choices, a reference to an organisation,
a person or an account that does not exist. The error names the file and the record
(`demo/places/belle_ile.yaml : contracts[1].actions[0].milestones[2]`).
"""

import dataclasses
import datetime
import enum
import functools
import os
import re
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import yaml

from actions.enums import (
    ActionStatus,
    CitizenParticipation,
    DeterminantChoice,
    FundingScheme,
    FundingStatus,
    Priority,
    TargetGroupChoice,
)
from actors.enums import MembershipRole, OrganisationKind
from contracts.enums import (
    BodyKind,
    ContractKind,
    ContractStatus,
    LinkedScheme,
    SignatoryRole,
    ThemeChoice,
)
from demo import content
from indicators.enums import Direction, GeographicLevel, IndicatorKind, Periodicity, ValueStatus
from territories.enums import TerritoryKind

ROOT = Path(__file__).resolve().parent.parent
PLACES_DIR = ROOT / "demo" / "places"

# References by key to the records of `demo/content.py`, checked once everything is read. The
# ARS are not listed there: they are created from the régions and named "ars-<code>".
OrganisationKey = Annotated[str, "organisation"]
PersonKey = Annotated[str, "person"]
AccountEmail = Annotated[str, "account"]
ARS_KEY = re.compile(r"ars-\d\d")
UNKNOWN = {
    "organisation": "organisation inconnue",
    "person": "personne inconnue",
    "account": "compte inconnu",
}


class DemoContentError(Exception):
    """The demo's content cannot be read as it is written; the message says where and why."""


# Organisations, people, accounts and the catalogue (`demo/content.py`) ----------------------


@dataclass(frozen=True, kw_only=True)
class OrganisationSpec:
    name: str
    kind: OrganisationKind
    acronym: str = ""
    website: str = ""
    region: str | None = None
    departement: str | None = None
    epci: str | None = None
    commune: str | None = None


@dataclass(frozen=True, kw_only=True)
class PersonSpec:
    first_name: str
    last_name: str
    organisation: OrganisationKey
    job_title: str = ""
    email: str = ""


@dataclass(frozen=True, kw_only=True)
class MembershipSpec:
    organisation: OrganisationKey
    role: MembershipRole
    started_on: datetime.date


@dataclass(frozen=True, kw_only=True)
class AccountSpec:
    email: str
    first_name: str
    last_name: str
    role: str = ""  # what the account may do, as the README and `seed_demo` tell visitors
    password: str | None = None  # without one, nobody can log in with the account
    is_staff: bool = False
    is_superuser: bool = False
    person: PersonKey | None = None
    memberships: tuple[MembershipSpec, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DefinitionSpec:
    """An indicator definition; the defaults are the model's."""

    code: str
    name: str
    kind: IndicatorKind
    description: str = ""
    unit: str = ""
    decimals: int = 0
    direction: Direction = Direction.UP
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    source: str = ""
    geographic_level: GeographicLevel = GeographicLevel.TERRITORY
    periodicity: Periodicity = Periodicity.YEAR
    numerator_label: str = ""
    denominator_label: str = ""


# Contracts (`demo/places/*.yaml`) -----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TerritorySpec:
    """The communes of the EPCI listed, or those listed, minus those excluded."""

    name: str
    kind: TerritoryKind
    epcis: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class SignatorySpec:
    organisation: OrganisationKey
    role: SignatoryRole
    deliberation_on: datetime.date | None = None
    signed_on: datetime.date | None = None
    representative: PersonKey | None = None


@dataclass(frozen=True, kw_only=True)
class CoordinatorSpec:
    person: PersonKey
    started_on: datetime.date
    ended_on: datetime.date | None = None
    fte: Decimal | None = None
    funders: tuple[OrganisationKey, ...] = ()
    funding_notes: str = ""


@dataclass(frozen=True, kw_only=True)
class FindingSpec:
    theme: ThemeChoice
    title: str
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class DiagnosisSpec:
    summary: str
    carried_out_by: OrganisationKey | None = None
    completed_on: datetime.date | None = None
    sources: str = ""
    findings: tuple[FindingSpec, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ObjectiveSpec:
    """An objective and the objectives below it: general, then specific, then operational."""

    number: str
    title: str
    description: str = ""
    children: tuple["ObjectiveSpec", ...] = ()


@dataclass(frozen=True, kw_only=True)
class AxisSpec:
    number: int
    title: str
    description: str = ""
    objectives: tuple[ObjectiveSpec, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MilestoneSpec:
    title: str
    due_on: datetime.date | None = None
    done_on: datetime.date | None = None


@dataclass(frozen=True, kw_only=True)
class UpdateSpec:
    """A follow-up note on an action; `new_status` when the note changed it."""

    written_on: datetime.date
    author: AccountEmail
    text: str
    new_status: ActionStatus | None = None


@dataclass(frozen=True, kw_only=True)
class FundingSpec:
    """A year's operating funding of an action, in euros.

    Without `status`, it follows the amounts: paid in full, granted, or else requested (planned
    from 2027 on).
    """

    funder: OrganisationKey
    scheme: FundingScheme
    year: int
    planned: Decimal
    granted: Decimal
    paid: Decimal
    reference: str = ""
    status: FundingStatus | None = None


@dataclass(frozen=True, kw_only=True)
class ActionSpec:
    number: str
    axis: int
    title: str
    status: ActionStatus
    targets: tuple[TargetGroupChoice, ...]
    themes: tuple[ThemeChoice, ...]
    objectives: tuple[str, ...] = ()
    description: str = ""
    rationale: str = ""
    expected_results: str = ""
    lead: OrganisationKey | None = None
    lead_person: PersonKey | None = None
    partners: tuple[OrganisationKey, ...] = ()
    determinants: tuple[DeterminantChoice, ...] = ()
    communes: tuple[str, ...] = ()  # where it takes place, when not everywhere
    participation: CitizenParticipation = CitizenParticipation.NONE
    priority: Priority = Priority.MEDIUM
    starts_on: datetime.date | None = None
    planned_end_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    confidential: bool = False
    milestones: tuple[MilestoneSpec, ...] = ()
    updates: tuple[UpdateSpec, ...] = ()
    funding: tuple[FundingSpec, ...] = ()


@dataclass(frozen=True, kw_only=True)
class BodySpec:
    key: str  # how the contract's meetings name it
    name: str
    kind: BodyKind
    description: str = ""
    organisations: tuple[OrganisationKey, ...] = ()
    members: tuple[PersonKey, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MeetingSpec:
    body: str
    held_on: datetime.date
    title: str = ""
    location: str = ""
    agenda: str = ""
    decisions: str = ""
    organisations: tuple[OrganisationKey, ...] = ()
    attendees: tuple[PersonKey, ...] = ()
    actions: tuple[str, ...] = ()  # the actions it reviewed, by number


@dataclass(frozen=True, kw_only=True)
class AmendmentSpec:
    number: int
    signed_on: datetime.date
    subject: str
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class ValueSpec:
    """A value of a period: `value`, or a percentage given by `numerator` and `denominator`.

    Without `status`, past years' values are validated, last year's submitted and this year's
    drafts (see `demo.seed.default_status`); `review_comment` explains a rejection.
    """

    period: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    status: ValueStatus | None = None
    review_comment: str = ""

    def __post_init__(self):
        if (self.value is None) == (self.numerator is None or self.denominator is None):
            raise ValueError("indiquez soit value, soit numerator et denominator")


@dataclass(frozen=True, kw_only=True)
class IndicatorSpec:
    code: str  # of the national catalogue or of the contract's own definitions
    action: str | None = None
    responsible: PersonKey | None = None
    baseline_value: Decimal | None = None
    baseline_on: datetime.date | None = None
    target_value: Decimal | None = None
    target_on: datetime.date | None = None
    values: tuple[ValueSpec, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ContractSpec:
    key: str  # how a renewal names its predecessor
    title: str
    territory: TerritorySpec
    ars: str  # code of the région whose ARS carries the contract
    status: ContractStatus
    predecessor: str | None = None
    kind: ContractKind = ContractKind.CLS
    scoping_started_on: datetime.date | None = None
    diagnosis_on: datetime.date | None = None
    signed_on: datetime.date | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    summary: str = ""
    linked_schemes: tuple[LinkedScheme, ...] = ()
    linked_schemes_notes: str = ""
    is_public: bool = True
    editor: AccountEmail | None = None  # who enters the indicator values
    reviewer: AccountEmail | None = None  # who reviews them
    signatories: tuple[SignatorySpec, ...] = ()
    coordinators: tuple[CoordinatorSpec, ...] = ()
    diagnosis: DiagnosisSpec | None = None
    axes: tuple[AxisSpec, ...] = ()
    actions: tuple[ActionSpec, ...] = ()
    bodies: tuple[BodySpec, ...] = ()
    meetings: tuple[MeetingSpec, ...] = ()
    amendments: tuple[AmendmentSpec, ...] = ()
    own_definitions: tuple[DefinitionSpec, ...] = ()
    indicators: tuple[IndicatorSpec, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PlaceSpec:
    """A place file: its contracts, a renewal after its predecessor."""

    contracts: tuple[ContractSpec, ...]


@dataclass(frozen=True, kw_only=True)
class DemoContent:
    organisations: dict[str, OrganisationSpec]
    people: dict[str, PersonSpec]
    accounts: tuple[AccountSpec, ...]
    catalogue: tuple[DefinitionSpec, ...]
    contracts: tuple[ContractSpec, ...]


# Reading ------------------------------------------------------------------------------------


@functools.cache
def demo_content() -> DemoContent:
    """Everything the demo seeds, read once per process and checked."""
    references = []
    source = "demo/content.py"
    organisations = {
        key: build(OrganisationSpec, spec, f"{source} : ORGANISATIONS[{key!r}]", references)
        for key, spec in content.ORGANISATIONS.items()
    }
    people = {
        key: build(PersonSpec, spec, f"{source} : PEOPLE[{key!r}]", references)
        for key, spec in content.PEOPLE.items()
    }
    accounts = tuple(
        build(AccountSpec, spec, f"{source} : ACCOUNTS[{index}]", references)
        for index, spec in enumerate(content.ACCOUNTS + content.ACCOUNTS_WITHOUT_LOGIN)
    )
    catalogue = tuple(
        build(DefinitionSpec, spec, f"{source} : CATALOGUE[{index}]", references)
        for index, spec in enumerate(content.CATALOGUE)
    )
    contracts = tuple(
        contract
        for place in content.PLACES
        for contract in place_read(PLACES_DIR / f"{place}.yaml", references)
    )
    known = {
        "organisation": organisations.keys(),
        "person": people.keys(),
        "account": {account.email for account in accounts},
    }
    _references_check(references, known)
    return DemoContent(
        organisations=organisations,
        people=people,
        accounts=accounts,
        catalogue=catalogue,
        contracts=contracts,
    )


def _references_check(references: list, known: dict):
    for kind, key, where in references:
        if key not in known[kind] and not (kind == "organisation" and ARS_KEY.fullmatch(key)):
            raise DemoContentError(f"{where} : {UNKNOWN[kind]} « {key} »")


def place_read(path: Path, references: list) -> tuple[ContractSpec, ...]:
    """The contracts of a place file, in its order."""
    where = os.path.relpath(path, ROOT)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DemoContentError(f"{where} : YAML illisible\n{error}") from error
    return build(PlaceSpec, data, where, references).contracts


def build(cls, data, where: str, references: list):
    """The `cls` record of `data`, a mapping of its fields by name, checked field by field.

    References to other records are appended to `references` as (kind, key, where).
    """
    if not isinstance(data, dict):
        raise DemoContentError(f"{where} : un dictionnaire de champs était attendu, pas {data!r}")
    fields = {field.name: field for field in dataclasses.fields(cls)}
    for name in data:
        if name not in fields:
            raise DemoContentError(
                f"{where} : champ inconnu « {name} » (champs possibles : {', '.join(fields)})"
            )
    for name, field in fields.items():
        required = field.default is dataclasses.MISSING
        if required and name not in data:
            raise DemoContentError(f"{where} : champ obligatoire « {name} » absent")
    hints = typing.get_type_hints(cls, include_extras=True)
    values = {
        name: _convert(hints[name], value, _field(where, name), references)
        for name, value in data.items()
    }
    try:
        return cls(**values)
    except ValueError as error:
        raise DemoContentError(f"{where} : {error}") from None


def _field(where: str, name: str) -> str:
    """`demo/places/craon.yaml : contracts[0].title`: the file, then the path in it."""
    return f"{where}.{name}" if " : " in where else f"{where} : {name}"


def _convert(hint, value, where: str, references: list):
    origin = typing.get_origin(hint)
    if origin is Annotated:
        kind = hint.__metadata__[0]
        key = _convert(typing.get_args(hint)[0], value, where, references)
        references.append((kind, key, where))
        return key
    if origin in (types.UnionType, typing.Union):  # `X | None`
        if value is None:
            return None
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(inner, value, where, references)
    if origin is tuple:  # `tuple[X, ...]`, written as a list
        if not isinstance(value, list):
            raise DemoContentError(f"{where} : une liste était attendue, pas {value!r}")
        inner = typing.get_args(hint)[0]
        return tuple(
            _convert(inner, item, f"{where}[{index}]", references)
            for index, item in enumerate(value)
        )
    if dataclasses.is_dataclass(hint):
        return build(hint, value, where, references)
    return _scalar(hint, value, where)


def _scalar(hint, value, where: str):
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(value)
        except ValueError:
            choices = ", ".join(str(member.value) for member in hint)
            raise DemoContentError(
                f"{where} : « {value} » n'est pas un choix possible ({choices})"
            ) from None
    if hint is datetime.date:
        # YAML reads 2024-02-09 as a date; `demo/content.py` writes "2024-02-09".
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        elif isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        raise DemoContentError(f"{where} : une date AAAA-MM-JJ était attendue, pas {value!r}")
    if hint is Decimal and isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if hint in (str, bool) and isinstance(value, hint):
        return value
    expected = {Decimal: "un nombre", int: "un entier", str: "un texte", bool: "true ou false"}
    raise DemoContentError(
        f"{where} : {expected[hint]} était attendu, pas {value!r}"
        + (" (mettez-le entre guillemets)" if hint is str else "")
    )
