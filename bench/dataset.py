"""Synthetic national-scale data for benchmarks: the engine of `generate_dataset`.

The dataset is built on the real referential (régions, EPCI, communes) and the real ARS, and
respects every database constraint, but its content is invented. Every synthetic row is marked
so that it can be told apart from real data and deleted again:

- contracts' titles start with « CLS synthétique »;
- accounts, people and organisations have an e-mail address at `synthetique.cls`, and
  organisations' names end with « (synthétique) » so they never collide with a real one;
- territories carry a fixed description, catalogue definitions a `SYN-` code.

Speed matters more than elegance here: the default size (1,000 contracts, 50,000 actions,
200,000 indicator values) must be generated in minutes on SQLite. Rows are therefore built in
Python from data loaded once and written with `bulk_create`, without `full_clean()`, signals or
history (django-simple-history does not see bulk inserts, which suits invented data). With a
given seed, the same rows are generated every time, apart from primary keys and timestamps.
"""

import datetime
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate, islice

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from actions.enums import (
    ActionStatus,
    CitizenParticipation,
    FundingNature,
    FundingScheme,
    FundingStatus,
    Priority,
)
from actions.models import Action, Determinant, FundingLine, TargetGroup
from actors.enums import MembershipRole, OrganisationKind
from actors.models import Membership, Organisation, Person, User
from actors.services import ars_ensure_all
from contracts.enums import BodyKind, ContractKind, ContractStatus, ObjectiveLevel, SignatoryRole
from contracts.models import (
    Axis,
    Contract,
    CoordinatorAssignment,
    GovernanceBody,
    Meeting,
    Objective,
    Signatory,
    Theme,
)
from indicators.enums import (
    CatalogueScope,
    Direction,
    GeographicLevel,
    IndicatorKind,
    Periodicity,
    ValueStatus,
)
from indicators.models import Indicator, IndicatorDefinition, IndicatorValue
from indicators.periods import Period, periods_between
from territories.enums import TerritoryKind
from territories.models import Commune, Departement, Epci, Territory
from territories.services import referential_load

TITLE_PREFIX = "CLS synthétique"
EMAIL_DOMAIN = "synthetique.cls"
ORGANISATION_SUFFIX = " (synthétique)"
TERRITORY_DESCRIPTION = "Territoire synthétique créé par generate_dataset pour les mesures."
CODE_PREFIX = "SYN-"
PASSWORD = "synthetique"
# Large enough to keep round trips few; SQLite lowers it further to fit its 999 parameters.
BATCH_SIZE = 2000
# The day the dataset describes: statuses (done, late, validated…) are consistent with it.
# A fixed day, not today, so that a seed gives the same data whenever it is run.
AS_OF = datetime.date(2026, 9, 30)
# Contracts are spread over these years, as the benchmarks' scale asks.
FIRST_YEAR, LAST_YEAR = 2019, 2030
# A territory may carry a chain of successive contracts (generation 1, 2, 3): regions with
# more contracts than EPCI (Île-de-France) get renewals rather than fewer contracts.
MIN_GENERATIONS = 3
# The contract with the most actions has this many times the average: lists and PDFs of a
# large contract are what the benchmarks stress.
LARGEST_CONTRACT_FACTOR = 3

DEFAULT_SIZE = {"contracts": 1000, "actions": 50_000, "indicators": 10_000, "values": 200_000}
DEFAULT_USERS = 5000

CONTRACT_STATUS_WEIGHTS = {
    ContractStatus.IMPLEMENTATION: 55,
    ContractStatus.SIGNED: 10,
    ContractStatus.EVALUATION: 12,
    ContractStatus.ELABORATION: 10,
    ContractStatus.CLOSED: 7,
    ContractStatus.DIAGNOSIS: 3,
    ContractStatus.SCOPING: 2,
    ContractStatus.ABANDONED: 2,
}
# Statuses whose contract has been signed and so has a term, signatures and values.
SIGNED_STATUSES = (
    ContractStatus.SIGNED,
    ContractStatus.IMPLEMENTATION,
    ContractStatus.EVALUATION,
    ContractStatus.CLOSED,
    ContractStatus.RENEWED,
)
# Statuses whose contract has ended: its actions are done or abandoned, its coordination over.
ENDED_STATUSES = (ContractStatus.CLOSED, ContractStatus.RENEWED)
# How likely a contract-level indicator is to use a definition of each periodicity: finer
# periodicities hold more values, which the 20-values-per-indicator average needs.
PERIODICITY_WEIGHTS = {
    Periodicity.YEAR: 1,
    Periodicity.SEMESTER: 1,
    Periodicity.QUARTER: 2,
    Periodicity.MONTH: 3,
}

FIRST_NAMES = (
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Lucie", "Pauline",
    "Claire", "Anne", "Marie", "Sophie", "Nathalie", "Isabelle", "Hélène", "Élise", "Margaux",
    "Amandine", "Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Lucas", "Hugo", "Louis",
    "Pierre", "Paul", "Mathieu", "Vincent", "Olivier", "Laurent", "Romain", "Yann", "Karim",
    "Mehdi", "Samir", "Éric",
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert",
    "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc",
    "Guérin", "Muller", "Henry", "Roussel", "Perrin", "Morin", "Clément", "Gauthier", "Dumont",
    "Lopez", "Fontaine", "Chevalier", "Robin", "Le Gall", "Kerjean", "Tanguy", "Le Goff",
    "Hoarau", "Payet", "Grondin", "Nativel", "Étienne", "Alexandre",
)  # fmt: skip

AXIS_TITLES = (
    ("Améliorer l'accès aux soins de premier recours", "access_to_care"),
    ("Promouvoir la santé mentale et le bien-être", "mental_health"),
    ("Agir sur l'environnement et le cadre de vie", "health_environment"),
    ("Favoriser le bien vieillir et l'autonomie", "medico_social"),
    ("Promouvoir des comportements favorables à la santé", "prevention"),
    ("Renforcer la coordination des acteurs du territoire", "coordination"),
    ("Accompagner les publics les plus vulnérables", "access_to_care"),
    ("Agir pour la santé des enfants et des jeunes", "prevention"),
)
ACTION_TITLES = (
    "Développer les consultations avancées de spécialistes",
    "Organiser des ateliers nutrition et activité physique",
    "Déployer un dispositif de médiation en santé",
    "Former les professionnels au repérage de la souffrance psychique",
    "Diffuser un guide des ressources en santé du territoire",
    "Accompagner l'installation de jeunes médecins",
    "Lutter contre l'habitat indigne et la précarité énergétique",
    "Prévenir les conduites addictives chez les jeunes",
    "Promouvoir le dépistage organisé des cancers",
    "Développer l'éducation thérapeutique du patient",
    "Soutenir les aidants familiaux",
    "Prévenir les chutes des personnes âgées",
    "Améliorer la qualité de l'air intérieur",
    "Renforcer la couverture vaccinale",
    "Animer le conseil local de santé mentale",
    "Mettre en place un transport solidaire vers les lieux de soins",
    "Développer l'éducation à la vie affective et sexuelle",
    "Organiser des permanences d'accès aux droits de santé",
    "Promouvoir la santé bucco-dentaire des enfants",
    "Rompre l'isolement social des personnes âgées",
    "Sensibiliser aux risques liés au moustique tigre",
    "Créer un parcours de soins pour les personnes en situation de handicap",
    "Développer la pratique sportive sur ordonnance",
    "Coordonner la prise en charge des situations complexes",
)
# name, kind, unit, decimals, direction, min, max, periodicity, numerator, denominator, source
DEFINITIONS = (
    ("Nombre de participants aux actions de prévention", "process", "personnes", 0, "up", 0, None, "quarter", "", "", "Porteurs d'action"),
    ("Taux de participation au dépistage organisé du cancer colorectal", "result", "%", 1, "up", 0, 100, "year", "Personnes dépistées", "Population cible", "CRCDC, Assurance maladie"),
    ("Nombre d'ateliers organisés", "process", "ateliers", 0, "up", 0, None, "month", "", "", "Porteurs d'action"),
    ("Couverture vaccinale ROR à 24 mois", "result", "%", 1, "up", 0, 100, "year", "Enfants vaccinés", "Enfants de 24 mois", "Santé publique France"),
    ("Densité de médecins généralistes pour 10 000 habitants", "impact", "pour 10 000", 1, "up", 0, 100, "year", "", "", "RPPS, INSEE"),
    ("Nombre de professionnels formés", "process", "professionnels", 0, "up", 0, None, "month", "", "", "Organismes de formation"),
    ("Part des patients sans médecin traitant", "result", "%", 1, "down", 0, 100, "semester", "Patients sans médecin traitant", "Patients du territoire", "Assurance maladie"),
    ("Nombre de réunions des instances du contrat", "process", "réunions", 0, "up", 0, None, "quarter", "", "", "Coordination du contrat"),
    ("Nombre de personnes orientées vers le droit commun", "process", "personnes", 0, "up", 0, None, "month", "", "", "Médiateurs en santé"),
    ("Taux de recours aux soins dentaires des enfants de 6 ans", "result", "%", 1, "up", 0, 100, "year", "Enfants ayant consulté", "Enfants de 6 ans", "Assurance maladie"),
    ("Nombre de passages aux urgences évitables", "impact", "passages", 0, "down", 0, None, "quarter", "", "", "Établissements de santé"),
    ("Nombre de logements repérés comme indignes", "process", "logements", 0, "up", 0, None, "semester", "", "", "Pôle départemental de lutte contre l'habitat indigne"),
    ("Part des 75 ans et plus isolés bénéficiant d'un accompagnement", "result", "%", 1, "up", 0, 100, "semester", "Personnes accompagnées", "Personnes isolées repérées", "CCAS"),
    ("Nombre de consultations avancées réalisées", "process", "consultations", 0, "up", 0, None, "month", "", "", "Établissements de santé"),
    ("Taux de satisfaction des participants", "result", "%", 0, "up", 0, 100, "quarter", "Participants satisfaits", "Participants interrogés", "Questionnaires"),
    ("Nombre de structures engagées dans la démarche", "process", "structures", 0, "up", 0, None, "semester", "", "", "Coordination du contrat"),
    ("Nombre de jeunes sensibilisés aux conduites addictives", "process", "jeunes", 0, "up", 0, None, "month", "", "", "Établissements scolaires"),
    ("Taux de mortalité prématurée évitable", "impact", "pour 100 000", 1, "down", 0, 1000, "year", "", "", "Inserm CépiDc"),
    ("Nombre de situations examinées par le CLSM", "process", "situations", 0, "up", 0, None, "month", "", "", "Conseil local de santé mentale"),
    ("Part des actions du contrat engagées", "process", "%", 0, "up", 0, 100, "quarter", "Actions engagées", "Actions du contrat", "Coordination du contrat"),
    ("Nombre de bénéficiaires du transport solidaire", "process", "personnes", 0, "up", 0, None, "month", "", "", "Associations"),
    ("Nombre de diagnostics de la qualité de l'air intérieur", "process", "diagnostics", 0, "up", 0, None, "semester", "", "", "Conseillers médicaux en environnement intérieur"),
    ("Nombre de séances d'activité physique adaptée", "process", "séances", 0, "up", 0, None, "month", "", "", "Associations sportives"),
    ("Délai moyen d'obtention d'un rendez-vous de spécialiste", "result", "jours", 0, "down", 0, 365, "quarter", "", "", "Enquête auprès des patients"),
    ("Nombre d'aidants accompagnés", "process", "aidants", 0, "up", 0, None, "quarter", "", "", "Plateformes de répit"),
)  # fmt: skip
# The catalogue holds each definition twice: as measured on the contract's territory and, with
# its own code, commune by commune.
GEOGRAPHIC_VARIANTS = (
    (GeographicLevel.TERRITORY, ""),
    (GeographicLevel.COMMUNE, " (échelle communale)"),
)


@dataclass(frozen=True)
class DatasetSize:
    """How many rows of each kind to generate."""

    contracts: int = DEFAULT_SIZE["contracts"]
    actions: int = DEFAULT_SIZE["actions"]
    indicators: int = DEFAULT_SIZE["indicators"]
    values: int = DEFAULT_SIZE["values"]
    users: int = DEFAULT_USERS


Log = Callable[[str], None]
# An account's post: its organisation, its role there and its job title.
Post = tuple[Organisation, str, str]


def _silent(message: str) -> None:
    pass


# ---------------------------------------------------------------------------------------------
# Finding and deleting synthetic data
# ---------------------------------------------------------------------------------------------


def synthetic_email(*, local_part: str) -> str:
    return f"{local_part}@{EMAIL_DOMAIN}"


def dataset_exists() -> bool:
    """Whether a synthetic dataset (or part of one) is in the database."""
    return (
        Contract.objects.filter(title__startswith=TITLE_PREFIX).exists()
        or User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists()
        or Organisation.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists()
    )


def _purge(queryset: models.QuerySet, counts: Counter, stack: tuple = ()) -> None:
    """Delete the rows of `queryset` and, first, what cascades from them, in plain SQL.

    `QuerySet.delete()` would load every row to send the signals django-simple-history listens
    to (and write a "deleted" history row for each): minutes for 200,000 values. Here each
    table is emptied by one DELETE whose rows are chosen by a subquery. Relations that protect
    their target are left to the database: its foreign keys are checked at commit, so a real
    row still pointing at a synthetic one makes the whole reset fail instead of losing data.
    """
    model = queryset.model
    stack = (*stack, model)
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        related = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__in": queryset.values("pk")}
        )
        if relation.on_delete is models.CASCADE:
            # A tree (objectives under objectives) is deleted with the query of its root.
            if relation.related_model not in stack:
                _purge(related, counts, stack)
        elif relation.on_delete is models.SET_NULL:
            related.update(**{relation.field.name: None})
    deleted = queryset._raw_delete(queryset.db)
    if deleted:
        counts[model._meta.verbose_name_plural] += deleted


@transaction.atomic
def dataset_reset() -> Counter:
    """Delete every synthetic row, leaving real data and the referential untouched.

    Returns the number of rows deleted per model (verbose plural name).
    """
    counts = Counter()
    email_suffix = f"@{EMAIL_DOMAIN}"
    _purge(Contract.objects.filter(title__startswith=TITLE_PREFIX), counts)
    # A definition some real indicator uses stays: its code is the only synthetic thing left.
    _purge(
        IndicatorDefinition.objects.filter(code__startswith=CODE_PREFIX, indicators__isnull=True),
        counts,
    )
    _purge(
        Territory.objects.filter(description=TERRITORY_DESCRIPTION, contracts__isnull=True),
        counts,
    )
    _purge(User.objects.filter(email__endswith=email_suffix), counts)
    _purge(Person.objects.filter(email__endswith=email_suffix), counts)
    _purge(Organisation.objects.filter(email__endswith=email_suffix), counts)
    return counts


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _insert(model: type[models.Model], rows: Iterable) -> int:
    """Insert rows (streamed, so that 200,000 values are never all in memory at once)."""
    total = 0
    for chunk in _chunks(rows, BATCH_SIZE):
        model.objects.bulk_create(chunk, batch_size=BATCH_SIZE)
        total += len(chunk)
    return total


def _insert_links(manager_field, pairs: Iterable[tuple[int, object]]) -> int:
    """Insert the rows of a many-to-many table from (source id, target id) pairs."""
    relation = manager_field.field
    through = relation.remote_field.through
    source, target = f"{relation.m2m_field_name()}_id", f"{relation.m2m_reverse_field_name()}_id"
    return _insert(through, (through(**{source: a, target: b}) for a, b in pairs))


def apportion(*, total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """Split `total` in whole parts proportional to `weights`, none above its cap.

    Largest remainders, repeated while some parts hit their cap. Gives less than `total` only
    when the caps add up to less.
    """
    counts = [0] * len(weights)
    caps = caps if caps is not None else [total] * len(weights)
    remaining = total
    while remaining > 0:
        open_parts = [i for i, w in enumerate(weights) if w > 0 and counts[i] < caps[i]]
        if not open_parts:
            break
        weight_sum = sum(weights[i] for i in open_parts)
        shares = {i: remaining * weights[i] / weight_sum for i in open_parts}
        parts = {i: min(int(shares[i]), caps[i] - counts[i]) for i in open_parts}
        left = remaining - sum(parts.values())
        for i in sorted(open_parts, key=lambda i: (-(shares[i] % 1), i)):
            if left and parts[i] == int(shares[i]) and counts[i] + parts[i] < caps[i]:
                parts[i] += 1
                left -= 1
        for i, part in parts.items():
            counts[i] += part
        # What capped parts could not take goes round again to the others.
        remaining = left
    return counts


def spread(*, total: int, capacities: list[int]) -> list[int]:
    """Split `total` as evenly as possible, none above its capacity (water filling)."""
    counts = [0] * len(capacities)
    order = sorted(range(len(capacities)), key=lambda i: (capacities[i], i))
    remaining = total
    for rank, i in enumerate(order):
        counts[i] = min(capacities[i], remaining // (len(order) - rank))
        remaining -= counts[i]
    for i in reversed(order):
        if remaining == 0:
            break
        extra = min(remaining, capacities[i] - counts[i])
        counts[i] += extra
        remaining -= extra
    return counts


def _weighted_sample(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    """`k` distinct items drawn with the given weights (Efraimidis–Spirakis keys)."""
    keyed = sorted(
        ((rng.random() ** (1 / w), index) for index, w in enumerate(weights)), reverse=True
    )
    return [items[index] for _key, index in keyed[:k]]


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _add_years(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year + years)


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 10, tzinfo=datetime.UTC)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _quantize(number: float, decimals: int) -> Decimal:
    return Decimal(f"{number:.{decimals}f}")


# ---------------------------------------------------------------------------------------------
# The plan: what to generate, computed in Python before any write
# ---------------------------------------------------------------------------------------------


@dataclass
class _EpciInfo:
    siren: str
    name: str
    region: str
    departement: str
    population: int
    communes: list[str]


@dataclass
class _ContractPlan:
    index: int
    epci: _EpciInfo
    generation: int
    status: str
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    signed_on: datetime.date | None = None
    scoping_started_on: datetime.date | None = None
    diagnosis_on: datetime.date | None = None
    predecessor: "_ContractPlan | None" = None
    contract: Contract | None = None
    coordinator_user: int | None = None
    leads: list[int] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @property
    def has_term(self) -> bool:
        return self.starts_on is not None and self.ends_on is not None


def _coordination_term(plan: _ContractPlan) -> tuple[datetime.date, datetime.date | None]:
    """When the contract's coordination started and, if it is over, ended."""
    if plan.status in ENDED_STATUSES:
        return plan.scoping_started_on, plan.ends_on
    if plan.status == ContractStatus.ABANDONED:
        return plan.scoping_started_on, plan.scoping_started_on + datetime.timedelta(days=365)
    return plan.scoping_started_on, None


class _Generator:
    """Builds the dataset step by step; each step writes one kind of rows in bulk."""

    def __init__(self, *, size: DatasetSize, seed: int, log: Log):
        self.size = size
        self.rng = random.Random(seed)
        self.log = log
        self.counts: dict[str, int] = {}
        self.largest_plan: _ContractPlan | None = None
        self.started = time.perf_counter()

    def step(self, label: str, count: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + count
        elapsed = time.perf_counter() - self.started
        self.log(f"  {label} : {count} ({elapsed:.1f} s)".replace(".", ","))

    def run(self) -> dict[str, int]:
        self.load_referential()
        self.plan_contracts()
        self.create_territories()
        self.create_organisations()
        self.create_users()
        self.create_contracts()
        self.create_contract_parties()
        self.create_governance()
        self.create_axes()
        self.create_actions()
        self.create_indicators()
        return self.counts

    # -- referential ------------------------------------------------------------------------

    def load_referential(self) -> None:
        if not Commune.objects.exists():
            self.log("Référentiel absent : chargement des territoires…")
            referential_load()
        self.ars = {ars.region_id: ars for ars in ars_ensure_all()}
        self.departement_names = dict(Departement.objects.values_list("code", "name"))
        self.region_population = Counter()
        members = defaultdict(list)
        for code, epci, region, departement, population in Commune.objects.order_by(
            "code"
        ).values_list("code", "epci_id", "region_id", "departement_id", "population"):
            self.region_population[region] += population
            if epci:
                members[epci].append((code, region, departement, population))
        self.epcis = []
        for siren, name in Epci.objects.order_by("siren").values_list("siren", "name"):
            communes = members.get(siren)
            if not communes:
                continue
            # An EPCI across a border belongs to where most of its people live.
            by_region, by_departement = Counter(), Counter()
            for _code, region, departement, population in communes:
                by_region[region] += population + 1
                by_departement[departement] += population + 1
            self.epcis.append(
                _EpciInfo(
                    siren=siren,
                    name=name,
                    region=by_region.most_common(1)[0][0],
                    departement=by_departement.most_common(1)[0][0],
                    population=sum(c[3] for c in communes),
                    communes=[c[0] for c in communes],
                )
            )
        self.themes = list(Theme.objects.order_by("order").values_list("code", flat=True))
        self.target_groups = list(
            TargetGroup.objects.order_by("order").values_list("code", flat=True)
        )
        self.determinants = list(
            Determinant.objects.order_by("order").values_list("code", flat=True)
        )
        self.log(
            f"Référentiel : {len(self.region_population)} régions, {len(self.epcis)} EPCI "
            f"avec communes."
        )

    # -- contracts' plan --------------------------------------------------------------------

    def plan_contracts(self) -> None:
        epcis_by_region = defaultdict(list)
        for epci in self.epcis:
            if epci.region in self.ars:
                epcis_by_region[epci.region].append(epci)
        regions = sorted(epcis_by_region)
        if self.size.contracts and not regions:
            raise ValueError("Aucun EPCI avec des communes : chargez d'abord le référentiel.")
        generations = max(MIN_GENERATIONS, math.ceil(self.size.contracts / max(len(self.epcis), 1)))
        caps = [len(epcis_by_region[r]) * generations for r in regions]
        # Every région gets a contract when there are enough, then the rest by population.
        floor = [1 if self.size.contracts >= len(regions) else 0 for _ in regions]
        quotas = apportion(
            total=self.size.contracts - sum(floor),
            weights=[self.region_population[r] + 1 for r in regions],
            caps=[cap - f for cap, f in zip(caps, floor, strict=True)],
        )
        self.plans: list[_ContractPlan] = []
        for region, quota, extra in zip(regions, quotas, floor, strict=True):
            quota += extra
            candidates = self.rng.sample(
                epcis_by_region[region], min(quota, len(epcis_by_region[region]))
            )
            chain_lengths = apportion(total=quota, weights=[1] * len(candidates))
            for epci, length in zip(candidates, chain_lengths, strict=True):
                self.plan_chain(epci=epci, length=length)
        self.rng.shuffle(self.plans)
        # Titles are numbered in a shuffled order so that numbers say nothing about regions.
        for index, plan in enumerate(self.plans):
            plan.index = index

    def plan_chain(self, *, epci: _EpciInfo, length: int) -> None:
        """Plan the contracts on one EPCI: renewed generations, then the current one."""
        predecessor = None
        for generation in range(1, length + 1):
            if generation < length:
                status = ContractStatus.RENEWED
                start_year = min(FIRST_YEAR + 3 * (generation - 1), LAST_YEAR - 3)
            else:
                weights = CONTRACT_STATUS_WEIGHTS
                if length > 1:
                    weights = {s: w for s, w in weights.items() if s != ContractStatus.CLOSED}
                status = _pick(self.rng, weights)
                start_year = FIRST_YEAR + 3 * (generation - 1) if length > 1 else None
            plan = _ContractPlan(index=0, epci=epci, generation=generation, status=status)
            plan.predecessor = predecessor
            self.plan_dates(plan=plan, min_year=start_year)
            self.plans.append(plan)
            predecessor = plan

    def plan_dates(self, *, plan: _ContractPlan, min_year: int | None) -> None:
        rng = self.rng
        status = plan.status
        first_year, years = {
            ContractStatus.CLOSED: (rng.choice([2019, 2020]), 3),
            ContractStatus.RENEWED: (min_year, 3),
            ContractStatus.EVALUATION: (rng.randint(2020, 2022), rng.choice([4, 5])),
            ContractStatus.IMPLEMENTATION: (rng.randint(2021, 2025), rng.choice([3, 4, 5])),
            ContractStatus.SIGNED: (rng.randint(2025, 2026), rng.choice([3, 4, 5])),
            ContractStatus.ELABORATION: (2027, rng.choice([3, 4, 5])),
        }.get(status, (None, None))
        if first_year is not None and min_year is not None and status != ContractStatus.RENEWED:
            first_year = min(max(first_year, min_year), LAST_YEAR - 3)
        if first_year is None:
            # Scoping, diagnosis or abandoned: no term, only the start of the process.
            year = {ContractStatus.SCOPING: 2026, ContractStatus.DIAGNOSIS: 2025}.get(status)
            year = year or rng.randint(2020, 2023)
            last = min(datetime.date(year, 12, 31), AS_OF)
            plan.scoping_started_on = _day(rng, datetime.date(year, 1, 1), last)
            return
        # An ended generation runs whole calendar years, so that its successor follows it.
        month = 1 if status in ENDED_STATUSES else rng.choice([1, 1, 1, 4, 7, 10])
        plan.starts_on = datetime.date(first_year, month, 1)
        ends = _add_years(plan.starts_on, years) - datetime.timedelta(days=1)
        plan.ends_on = min(ends, datetime.date(LAST_YEAR, 12, 31))
        plan.scoping_started_on = plan.starts_on - datetime.timedelta(days=rng.randint(360, 720))
        plan.diagnosis_on = plan.scoping_started_on + datetime.timedelta(days=rng.randint(180, 300))
        if status in SIGNED_STATUSES:
            plan.signed_on = plan.starts_on - datetime.timedelta(days=rng.randint(0, 45))

    # -- territories and organisations ------------------------------------------------------

    def create_territories(self) -> None:
        epcis = {plan.epci.siren: plan.epci for plan in self.plans}
        self.territories = {
            siren: Territory(
                name=epci.name,
                kind=TerritoryKind.EPCI,
                epci_id=siren,
                # Summed here rather than by refresh_population(): one query per row is too slow.
                population=epci.population,
                description=TERRITORY_DESCRIPTION,
            )
            for siren, epci in sorted(epcis.items())
        }
        self.step("territoires", _insert(Territory, self.territories.values()))
        links = _insert_links(
            Territory.communes,
            (
                (self.territories[siren].pk, code)
                for siren, epci in sorted(epcis.items())
                for code in epci.communes
            ),
        )
        self.step("communes des territoires", links)

    def create_organisations(self) -> None:
        used_names = set()

        def organisation(*, name: str, kind: str, email: str, **fields) -> Organisation:
            # Two EPCI share a name ("CC des Quatre Rivières"): the SIREN tells them apart.
            full_name = f"{name}{ORGANISATION_SUFFIX}"
            if full_name.lower() in used_names:
                full_name = f"{name} {fields.get('epci_id', email)}{ORGANISATION_SUFFIX}"
            used_names.add(full_name.lower())
            return Organisation(name=full_name, kind=kind, email=email, **fields)

        self.epci_organisations = {}
        departements = set()
        for plan in sorted(self.plans, key=lambda plan: plan.epci.siren):
            epci = plan.epci
            departements.add((epci.departement, epci.region))
            if epci.siren not in self.epci_organisations:
                self.epci_organisations[epci.siren] = organisation(
                    name=epci.name,
                    kind=OrganisationKind.EPCI,
                    email=synthetic_email(local_part=f"epci.{epci.siren}"),
                    siren=epci.siren,
                    epci_id=epci.siren,
                    region_id=epci.region,
                    departement_id=epci.departement,
                )
        # Partners of every département where a contract is signed: the funders and leads
        # that recur in real contracts.
        self.partners = defaultdict(dict)
        for departement, region in sorted(departements):
            name = self.departement_names[departement]
            for kind, label in (
                (OrganisationKind.CPAM, "CPAM"),
                (OrganisationKind.HOSPITAL, "Centre hospitalier"),
                (OrganisationKind.ASSOCIATION, "Association de promotion de la santé"),
            ):
                self.partners[departement][kind] = organisation(
                    name=f"{label} — {name}",
                    kind=kind,
                    email=synthetic_email(local_part=f"{kind}.{departement.lower()}"),
                    region_id=region,
                    departement_id=departement,
                )
        rows = list(self.epci_organisations.values()) + [
            org for by_kind in self.partners.values() for org in by_kind.values()
        ]
        self.step("organisations", _insert(Organisation, rows))

    # -- accounts, people, memberships ------------------------------------------------------

    def create_users(self) -> None:
        posts = self.plan_posts()
        users = self.create_accounts(posts)
        self.create_memberships(users, posts)

    def plan_posts(self) -> list[Post]:
        """The post of each account, in the order of their numbers: ARS staff first, then
        coordinators, action leads and members of collectivités."""
        total = self.size.users
        # Most contracts have a coordinator; those without one are the ones that stall.
        wanted = [plan for plan in self.plans if self.rng.random() < 0.88]
        ars_count = min(total, max(len(self.ars), round(total * 0.1)))
        coordinator_count = min(total - ars_count, len(wanted))
        lead_count = round((total - ars_count - coordinator_count) * 0.6) if self.plans else 0
        posts = self.ars_posts(ars_count)
        posts += self.coordinator_posts(wanted, first=len(posts), count=coordinator_count)
        posts += self.lead_posts(first=len(posts), count=lead_count)
        posts += self.member_posts(count=total - len(posts))
        return posts

    def ars_posts(self, count: int) -> list[Post]:
        regions = sorted(self.ars)
        self.ars_users = defaultdict(list)
        posts = []
        for i in range(count):
            region = regions[i % len(regions)]
            self.ars_users[region].append(i)
            job = "Chargé·e de mission CLS, délégation départementale"
            posts.append((self.ars[region], MembershipRole.ARS_STAFF, job))
        return posts

    def coordinator_posts(
        self, wanted: list[_ContractPlan], *, first: int, count: int
    ) -> list[Post]:
        """The coordinators of the `wanted` contracts, numbered from `first`."""
        posts = [
            (
                self.epci_organisations[plan.epci.siren],
                MembershipRole.MEMBER,
                "Coordonnateur·rice du CLS",
            )
            for plan in wanted[:count]
        ]
        # With fewer accounts than contracts, a coordinator looks after several contracts.
        for i, plan in enumerate(wanted):
            plan.coordinator_user = first + i % count if count else None
        return posts

    def lead_posts(self, *, first: int, count: int) -> list[Post]:
        """Action leads, numbered from `first`, at the collectivité or a partner of each
        contract in turn."""
        posts = []
        for i in range(count):
            plan = self.plans[i % len(self.plans)]
            plan.leads.append(first + i)
            organisation = self.rng.choice(
                [
                    self.epci_organisations[plan.epci.siren],
                    *self.partners[plan.epci.departement].values(),
                ]
            )
            posts.append((organisation, MembershipRole.MEMBER, "Référent·e d'actions"))
        return posts

    def member_posts(self, *, count: int) -> list[Post]:
        """Elected members of each contract's collectivité in turn; ARS agents without any."""
        regions = sorted(self.ars)
        posts = []
        for i in range(count):
            if self.plans:
                organisation = self.epci_organisations[self.plans[i % len(self.plans)].epci.siren]
                posts.append((organisation, MembershipRole.MEMBER, "Élu·e délégué·e à la santé"))
            else:
                organisation = self.ars[regions[i % len(regions)]]
                posts.append((organisation, MembershipRole.ARS_STAFF, "Agent de l'ARS"))
        return posts

    def create_accounts(self, posts: list[Post]) -> list[User]:
        """One account and its person for each post."""
        width = max(4, len(str(self.size.users)))
        password = make_password(PASSWORD)  # hashed once: 5,000 hashes would take minutes
        users, people = [], []
        for number, (organisation, _role, job) in enumerate(posts, start=1):
            first_name, last_name = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            email = synthetic_email(local_part=f"agent{number:0{width}d}")
            users.append(
                User(email=email, first_name=first_name, last_name=last_name, password=password)
            )
            people.append(
                Person(
                    first_name=first_name,
                    last_name=last_name,
                    job_title=job,
                    organisation=organisation,
                    email=email,
                )
            )
        self.step("utilisateurs", _insert(User, users))
        for person, user in zip(people, users, strict=True):
            person.user_id = user.pk
        self.step("personnes", _insert(Person, people))
        self.users, self.people = users, people
        return users

    def create_memberships(self, users: list[User], posts: list[Post]) -> None:
        rng = self.rng
        memberships = []
        for user, (organisation, role, _job) in zip(users, posts, strict=True):
            started_on = _day(rng, datetime.date(2018, 1, 1), datetime.date(2025, 12, 31))
            memberships.append(
                Membership(user=user, organisation=organisation, role=role, started_on=started_on)
            )
            if role == MembershipRole.ARS_STAFF and rng.random() < 0.05:
                # Turnover: a former post stays on record.
                memberships.append(
                    Membership(
                        user=user,
                        organisation=organisation,
                        role=role,
                        started_on=started_on - datetime.timedelta(days=rng.randint(400, 1500)),
                        ended_on=started_on - datetime.timedelta(days=1),
                    )
                )
        self.step("appartenances", _insert(Membership, memberships))

    # -- contracts --------------------------------------------------------------------------

    def create_contracts(self) -> None:
        rng = self.rng
        width = max(4, len(str(len(self.plans))))
        for plan in self.plans:
            epci = plan.epci
            generation = f" ({plan.generation}e génération)" if plan.generation > 1 else ""
            plan.contract = Contract(
                title=f"{TITLE_PREFIX} n° {plan.index + 1:0{width}d} — {epci.name}{generation}",
                kind=ContractKind.CLSM if rng.random() < 0.1 else ContractKind.CLS,
                generation=plan.generation,
                territory=self.territories[epci.siren],
                ars=self.ars[epci.region],
                status=plan.status,
                scoping_started_on=plan.scoping_started_on,
                diagnosis_on=plan.diagnosis_on,
                signed_on=plan.signed_on,
                starts_on=plan.starts_on,
                ends_on=plan.ends_on,
                summary=(
                    f"Contrat local de santé du territoire {epci.name} "
                    f"({epci.population} habitants), données synthétiques."
                ),
                linked_schemes=sorted(rng.sample(["contrat_de_ville", "cpts", "prs", "ptsm"], 2)),
                is_public=rng.random() < 0.9,
            )
        # A renewal points at its predecessor, which must be inserted first.
        created = 0
        for generation in sorted({plan.generation for plan in self.plans}):
            batch = [plan for plan in self.plans if plan.generation == generation]
            for plan in batch:
                if plan.predecessor is not None:
                    plan.contract.predecessor = plan.predecessor.contract
            created += _insert(Contract, (plan.contract for plan in batch))
        self.plan_by_contract = {plan.contract.pk: plan for plan in self.plans}
        self.step("contrats", created)

    def create_contract_parties(self) -> None:
        signatories, former_coordinators, assignments = [], [], []
        for plan in self.plans:
            signatories += self.signatories_of(plan)
            if plan.coordinator_user is not None:
                formers, coordination = self.coordination_of(plan)
                former_coordinators += formers
                assignments += coordination
        self.step("anciens coordonnateurs", _insert(Person, former_coordinators))
        self.step("signataires", _insert(Signatory, signatories))
        self.step("coordinations", _insert(CoordinatorAssignment, assignments))
        self.link_coordination_funders(assignments)

    def signatories_of(self, plan: _ContractPlan) -> list[Signatory]:
        """The ARS and the collectivité, and the CPAM as an associated party for half of them."""
        contract, signed_on = plan.contract, plan.signed_on
        deliberation_on = (
            signed_on - datetime.timedelta(days=self.rng.randint(20, 60)) if signed_on else None
        )
        signatories = [
            Signatory(contract=contract, organisation=contract.ars, signed_on=signed_on, order=1),
            Signatory(
                contract=contract,
                organisation=self.epci_organisations[plan.epci.siren],
                signed_on=signed_on,
                deliberation_on=deliberation_on,
                order=2,
            ),
        ]
        if self.rng.random() < 0.5:
            signatories.append(
                Signatory(
                    contract=contract,
                    organisation=self.partners[plan.epci.departement][OrganisationKind.CPAM],
                    role=SignatoryRole.ASSOCIATED,
                    signed_on=signed_on,
                    order=3,
                )
            )
        return signatories

    def coordination_of(
        self, plan: _ContractPlan
    ) -> tuple[list[Person], list[CoordinatorAssignment]]:
        """The coordinator's assignment and, for a quarter of the signed contracts, the former
        coordinator (a person of its own) who handed over midway and stays on record."""
        rng = self.rng
        started_on, ended_on = _coordination_term(plan)
        formers, assignments = [], []
        if plan.status in SIGNED_STATUSES and rng.random() < 0.25:
            first = started_on + datetime.timedelta(days=90)
            handover = _day(rng, first, min(plan.ends_on, AS_OF))
            former = self.former_coordinator(plan)
            formers.append(former)
            assignments.append(
                CoordinatorAssignment(
                    contract=plan.contract,
                    person=former,
                    started_on=started_on,
                    ended_on=handover - datetime.timedelta(days=1),
                    fte=Decimal("0.50"),
                )
            )
            started_on = handover
        assignments.append(
            CoordinatorAssignment(
                contract=plan.contract,
                person=self.people[plan.coordinator_user],
                started_on=started_on,
                ended_on=max(ended_on, started_on) if ended_on else None,
                fte=rng.choice([Decimal("0.50"), Decimal("0.80"), Decimal("1.00")]),
                funding_notes="Poste cofinancé par l'ARS (FIR) et la collectivité.",
            )
        )
        return formers, assignments

    def former_coordinator(self, plan: _ContractPlan) -> Person:
        return Person(
            first_name=self.rng.choice(FIRST_NAMES),
            last_name=self.rng.choice(LAST_NAMES),
            job_title="Ancien·ne coordonnateur·rice du CLS",
            organisation=self.epci_organisations[plan.epci.siren],
            email=synthetic_email(local_part=f"ancien.coordinateur.{plan.index + 1}"),
        )

    def link_coordination_funders(self, assignments: list[CoordinatorAssignment]) -> None:
        # The post is funded by the ARS and the collectivité, as most are.
        funders = []
        for assignment in assignments:
            plan = self.plan_by_contract[assignment.contract.pk]
            funders.append((assignment.pk, assignment.contract.ars_id))
            funders.append((assignment.pk, self.epci_organisations[plan.epci.siren].pk))
        _insert_links(CoordinatorAssignment.funders, funders)

    def create_governance(self) -> None:
        rng = self.rng
        bodies, meetings = [], []
        for plan in self.plans:
            copil = GovernanceBody(
                contract=plan.contract,
                kind=BodyKind.COPIL,
                name="Comité de pilotage",
                description="ARS, collectivité signataire et partenaires associés.",
            )
            bodies.append(copil)
            if rng.random() < 0.5:
                bodies.append(
                    GovernanceBody(
                        contract=plan.contract, kind=BodyKind.COTECH, name="Comité technique"
                    )
                )
            if plan.signed_on:
                first, last = plan.signed_on, min(plan.ends_on, AS_OF)
            else:
                first = plan.scoping_started_on + datetime.timedelta(days=60)
                last = first + datetime.timedelta(days=180)
            for day in sorted(_day(rng, first, last) for _ in range(rng.randint(1, 3))):
                meetings.append(
                    Meeting(
                        contract=plan.contract,
                        body=copil,
                        held_on=day,
                        title=f"COPIL {day.year}",
                        location="Siège de la collectivité",
                        agenda="Bilan des actions, point sur les indicateurs, perspectives.",
                        decisions="Le bilan est approuvé.",
                    )
                )
        self.step("instances", _insert(GovernanceBody, bodies))
        self.step("réunions", _insert(Meeting, meetings))
        members = []
        for body in bodies:
            if body.kind == BodyKind.COPIL:
                plan = self.plan_by_contract[body.contract.pk]
                members.append((body.pk, body.contract.ars_id))
                members.append((body.pk, self.epci_organisations[plan.epci.siren].pk))
        _insert_links(GovernanceBody.member_organisations, members)
        attending = []
        for meeting in meetings:
            attending.append((meeting.pk, meeting.contract.ars_id))
        _insert_links(Meeting.attending_organisations, attending)

    # -- axes, objectives, actions ----------------------------------------------------------

    def create_axes(self) -> None:
        rng = self.rng
        self.axes, axes, themes = {}, [], []
        for plan in self.plans:
            chosen = rng.sample(AXIS_TITLES, rng.randint(3, 6))
            self.axes[plan.index] = [
                Axis(contract=plan.contract, number=number, title=title, order=number)
                for number, (title, _theme) in enumerate(chosen, start=1)
            ]
            axes.extend(self.axes[plan.index])
            themes.extend(theme for _title, theme in chosen)
        self.step("axes", _insert(Axis, axes))
        # Each action is filed under its axis's theme (and sometimes another one).
        self.axis_theme = {axis.pk: theme for axis, theme in zip(axes, themes, strict=True)}
        generals = [
            Objective(
                axis=axis,
                level=ObjectiveLevel.GENERAL,
                number=f"{axis.number}",
                title=f"Objectif général : {axis.title.lower()}",
                order=0,
            )
            for axis in axes
        ]
        _insert(Objective, generals)
        specifics = []
        self.objectives = {}
        for general in generals:
            children = [
                Objective(
                    axis=general.axis,
                    parent=general,
                    level=ObjectiveLevel.SPECIFIC,
                    number=f"{general.number}.{k}",
                    title=f"Objectif spécifique {general.number}.{k}",
                    order=k,
                )
                for k in range(1, rng.randint(1, 3) + 1)
            ]
            specifics.extend(children)
            self.objectives[general.axis.pk] = children
        _insert(Objective, specifics)
        self.step("objectifs", len(generals) + len(specifics))

    def plan_action_counts(self) -> list[int]:
        total, count = self.size.actions, len(self.plans)
        if not count:
            return []
        rng = self.rng
        weights = [rng.uniform(0.3, 1.7) for _ in self.plans]
        implementing = [p.index for p in self.plans if p.status == ContractStatus.IMPLEMENTATION]
        largest = rng.choice(implementing or [p.index for p in self.plans])
        largest_count = min(total, round(LARGEST_CONTRACT_FACTOR * total / count))
        if count == 1:
            largest_count = total
        weights[largest] = 0
        counts = apportion(total=total - largest_count, weights=weights)
        counts[largest] = largest_count
        self.largest_plan = self.plans[largest]
        return counts

    def create_actions(self) -> None:
        rng = self.rng
        counts = self.plan_action_counts()
        actions = []
        for plan, count in zip(self.plans, counts, strict=True):
            axes = self.axes[plan.index]
            per_axis = Counter(rng.randrange(len(axes)) for _ in range(count))
            lead_people = [self.people[i] for i in plan.leads]
            partners = list(self.partners[plan.epci.departement].values())
            lead_orgs = [self.epci_organisations[plan.epci.siren], *partners]
            for axis_index, axis in enumerate(axes):
                for n in range(1, per_axis[axis_index] + 1):
                    action = self.build_action(plan=plan, axis=axis, number=n)
                    if lead_people and rng.random() < 0.8:
                        action.lead_person = rng.choice(lead_people)
                        action.lead_organisation = action.lead_person.organisation
                    else:
                        action.lead_organisation = rng.choice(lead_orgs)
                    plan.actions.append(action)
                    actions.append(action)
        self.step("fiches actions", _insert(Action, actions))
        self.create_action_links(actions)
        self.create_funding(actions)

    def build_action(self, *, plan: _ContractPlan, axis: Axis, number: int) -> Action:
        rng = self.rng
        status, starts_on, planned_end_on, ended_on = ActionStatus.PLANNED, None, None, None
        if plan.has_term:
            term = (plan.ends_on - plan.starts_on).days
            starts_on = plan.starts_on + datetime.timedelta(days=rng.randint(0, int(term * 0.6)))
            planned_end_on = min(
                starts_on + datetime.timedelta(days=rng.randint(180, 900)), plan.ends_on
            )
            status, ended_on = self.action_status(
                plan=plan, starts_on=starts_on, planned_end_on=planned_end_on
            )
        elif plan.status == ContractStatus.ABANDONED:
            status = ActionStatus.ABANDONED
        title = rng.choice(ACTION_TITLES)
        return Action(
            contract=plan.contract,
            axis=axis,
            number=f"{axis.number}.{number}",
            title=title,
            description=f"{title} sur le territoire, avec les partenaires du contrat.",
            rationale="Constat partagé lors du diagnostic local de santé.",
            expected_results="Amélioration mesurable de la situation des publics visés.",
            citizen_participation=rng.choice(CitizenParticipation.values),
            priority=rng.choices(Priority.values, weights=[3, 5, 2])[0],
            status=status,
            starts_on=starts_on,
            planned_end_on=planned_end_on,
            ended_on=ended_on,
            is_confidential=rng.random() < 0.05,
        )

    def action_status(
        self, *, plan: _ContractPlan, starts_on: datetime.date, planned_end_on: datetime.date
    ) -> tuple[str, datetime.date | None]:
        rng = self.rng
        if plan.status == ContractStatus.ELABORATION:
            return ActionStatus.PLANNED, None
        if plan.status in ENDED_STATUSES:
            status = ActionStatus.DONE if rng.random() < 0.85 else ActionStatus.ABANDONED
        elif starts_on > AS_OF:
            return ActionStatus.PLANNED, None
        elif planned_end_on < AS_OF:
            # Past their planned end: mostly done, but some still running, hence late.
            status = rng.choices(
                [ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED,
                 ActionStatus.PAUSED, ActionStatus.ABANDONED],
                weights=[60, 25, 5, 5, 5],
            )[0]  # fmt: skip
        else:
            status = rng.choices(
                [ActionStatus.IN_PROGRESS, ActionStatus.PLANNED, ActionStatus.PAUSED,
                 ActionStatus.BLOCKED, ActionStatus.DONE],
                weights=[75, 10, 5, 5, 5],
            )[0]  # fmt: skip
        if status not in (ActionStatus.DONE, ActionStatus.ABANDONED):
            return status, None
        last = min(planned_end_on + datetime.timedelta(days=60), AS_OF)
        return status, _day(rng, starts_on, max(last, starts_on))

    def create_action_links(self, actions: list[Action]) -> None:
        rng = self.rng
        themes, objectives, partners, groups, determinants = [], [], [], [], []
        for action in actions:
            axis_theme = self.axis_theme[action.axis.pk]
            chosen = {axis_theme, *rng.sample(self.themes, rng.randint(0, 1))}
            themes.extend((action.pk, code) for code in sorted(chosen))
            objectives.append((action.pk, rng.choice(self.objectives[action.axis.pk]).pk))
            plan = self.plan_by_contract[action.contract.pk]
            candidates = list(self.partners[plan.epci.departement].values())
            partners.extend(
                (action.pk, org.pk) for org in rng.sample(candidates, rng.randint(0, 2))
            )
            groups.extend((action.pk, code) for code in rng.sample(self.target_groups, 2))
            determinants.extend(
                (action.pk, code) for code in rng.sample(self.determinants, rng.randint(1, 2))
            )
        links = _insert_links(Action.themes, themes)
        links += _insert_links(Action.objectives, objectives)
        links += _insert_links(Action.partners, partners)
        links += _insert_links(Action.target_groups, groups)
        links += _insert_links(Action.determinants, determinants)
        self.step("liens des fiches actions", links)

    def create_funding(self, actions: list[Action]) -> None:
        rng = self.rng
        lines = []
        for action in actions:
            roll = rng.random()
            if roll >= 0.4 or action.starts_on is None:
                continue
            plan = self.plan_by_contract[action.contract.pk]
            cpam = self.partners[plan.epci.departement][OrganisationKind.CPAM]
            funders = [
                (action.contract.ars, FundingScheme.FIR),
                (self.epci_organisations[plan.epci.siren], FundingScheme.COLLECTIVITE),
                (cpam, FundingScheme.CPAM),
            ]
            for offset in range(2 if roll < 0.1 else 1):
                funder, scheme = rng.choices(funders, weights=[5, 3, 2])[0]
                year = action.starts_on.year + offset
                planned = Decimal(rng.randint(2, 120) * 500)
                if year < AS_OF.year:
                    status = rng.choices(
                        [FundingStatus.PAID, FundingStatus.GRANTED, FundingStatus.REFUSED],
                        weights=[70, 25, 5],
                    )[0]
                else:
                    status = rng.choice([FundingStatus.PLANNED, FundingStatus.REQUESTED])
                granted = planned if status in (FundingStatus.PAID, FundingStatus.GRANTED) else 0
                paid = planned if status == FundingStatus.PAID else 0
                lines.append(
                    FundingLine(
                        action=action,
                        funder=funder,
                        scheme=scheme,
                        year=year,
                        nature=FundingNature.OPERATING,
                        planned_amount=planned,
                        granted_amount=Decimal(granted),
                        paid_amount=Decimal(paid),
                        status=status,
                        reference=f"SYN-{year}-{action.pk}",
                    )
                )
        self.step("lignes de financement", _insert(FundingLine, lines))

    # -- indicators -------------------------------------------------------------------------

    def create_indicators(self) -> None:
        definitions = self.create_catalogue()
        rng = self.rng
        weights = [PERIODICITY_WEIGHTS[d.periodicity] for d in definitions]
        cumulated = list(accumulate(weights))
        counts = apportion(
            total=self.size.indicators,
            weights=[len(plan.actions) + 2 for plan in self.plans],
            caps=[len(definitions) * (1 + len(plan.actions)) for plan in self.plans],
        )
        indicators = []
        for plan, count in zip(self.plans, counts, strict=True):
            # About 40 % follow the whole contract, the others one action each.
            on_actions = len(definitions) * len(plan.actions)
            on_contract = min(len(definitions), max(math.ceil(count * 0.4), count - on_actions))
            chosen = _weighted_sample(rng, definitions, weights, on_contract)
            pairs = set()
            while len(pairs) < count - on_contract:
                definition = rng.choices(range(len(definitions)), cum_weights=cumulated)[0]
                pairs.add((rng.randrange(len(plan.actions)), definition))
            rows = [(None, definition) for definition in chosen] + [
                (plan.actions[a], definitions[d]) for a, d in sorted(pairs)
            ]
            for action, definition in rows:
                indicators.append(
                    self.build_indicator(plan=plan, action=action, definition=definition)
                )
        self.step("indicateurs", _insert(Indicator, indicators))
        self.create_values(indicators)

    def create_catalogue(self) -> list[IndicatorDefinition]:
        # A definition that a real indicator adopted survives resets: it is used again as is.
        kept = {d.code: d for d in IndicatorDefinition.objects.filter(code__startswith=CODE_PREFIX)}
        definitions = []
        for level, suffix in GEOGRAPHIC_VARIANTS:
            for row in DEFINITIONS:
                name, kind, unit, decimals, direction, low, high, periodicity = row[:8]
                numerator, denominator, source = row[8:]
                definitions.append(
                    IndicatorDefinition(
                        code=f"{CODE_PREFIX}{len(definitions) + 1:03d}",
                        name=f"{name}{suffix}",
                        description="Indicateur du catalogue synthétique.",
                        kind=IndicatorKind(kind),
                        unit=unit,
                        decimals=decimals,
                        direction=Direction(direction),
                        min_value=None if low is None else Decimal(low),
                        max_value=None if high is None else Decimal(high),
                        source=source,
                        geographic_level=level,
                        periodicity=Periodicity(periodicity),
                        numerator_label=numerator,
                        denominator_label=denominator,
                        scope=CatalogueScope.NATIONAL,
                    )
                )
        created = _insert(IndicatorDefinition, (d for d in definitions if d.code not in kept))
        self.step("définitions d'indicateurs", created)
        return [kept.get(definition.code, definition) for definition in definitions]

    def build_indicator(
        self, *, plan: _ContractPlan, action: Action | None, definition: IndicatorDefinition
    ) -> Indicator:
        rng = self.rng
        high = float(definition.max_value) if definition.max_value is not None else None
        baseline = rng.uniform(10, 70) if high is not None else float(rng.randint(0, 200))
        if high is not None:
            baseline = min(baseline, high * 0.8)
        change = max(baseline * rng.uniform(0.1, 0.4), 1)
        target = baseline + change if definition.direction == Direction.UP else baseline - change
        target = max(target, 0)
        if high is not None:
            target = min(target, high)
        responsible = None
        if action is not None and action.lead_person is not None:
            responsible = action.lead_person
        elif plan.coordinator_user is not None:
            responsible = self.people[plan.coordinator_user]
        return Indicator(
            definition=definition,
            contract=plan.contract,
            action=action,
            baseline_value=_quantize(baseline, definition.decimals),
            baseline_on=plan.starts_on - datetime.timedelta(days=1) if plan.starts_on else None,
            target_value=_quantize(target, definition.decimals),
            target_on=plan.ends_on,
            responsible=responsible,
        )

    def create_values(self, indicators: list[Indicator]) -> None:
        plans = self.plan_by_contract
        periods_cache = {}

        def periods(plan: _ContractPlan, periodicity: str) -> tuple[list[Period], int]:
            """The periods wholly inside the contract's term, and how many are past."""
            key = (plan.starts_on, plan.ends_on, periodicity)
            if key not in periods_cache:
                inside = [
                    p
                    for p in periods_between(plan.starts_on, plan.ends_on, periodicity)
                    if p.start >= plan.starts_on and p.end <= plan.ends_on
                ]
                periods_cache[key] = (inside, sum(p.end <= AS_OF for p in inside))
            return periods_cache[key]

        # Values are only measured on signed contracts; past periods are filled first.
        available = []
        for indicator in indicators:
            plan = plans[indicator.contract.pk]
            if plan.has_term and plan.status in SIGNED_STATUSES:
                available.append(periods(plan, indicator.definition.periodicity))
            else:
                available.append(([], 0))
        past = spread(total=self.size.values, capacities=[count for _p, count in available])
        future = spread(
            total=self.size.values - sum(past),
            capacities=[len(p) - count for p, count in available],
        )
        if sum(past) + sum(future) < self.size.values:
            self.log(
                f"  attention : les durées des contrats ne permettent que "
                f"{sum(past) + sum(future)} valeurs."
            )
        rows = (
            value
            for indicator, (indicator_periods, _), n_past, n_future in zip(
                indicators, available, past, future, strict=True
            )
            for value in self.build_values(
                indicator=indicator,
                plan=plans[indicator.contract.pk],
                periods=indicator_periods[: n_past + n_future],
            )
        )
        self.step("valeurs d'indicateurs", _insert(IndicatorValue, rows))

    def build_values(
        self, *, indicator: Indicator, plan: _ContractPlan, periods: list[Period]
    ) -> Iterator[IndicatorValue]:
        rng = self.rng
        definition = indicator.definition
        has_ratio = bool(definition.numerator_label and definition.denominator_label)
        high = float(definition.max_value) if definition.max_value is not None else None
        baseline, target = float(indicator.baseline_value), float(indicator.target_value)
        entered_by = (
            self.users[plan.coordinator_user] if plan.coordinator_user is not None else None
        )
        reviewers = self.ars_users.get(plan.epci.region) or [None]
        for step, period in enumerate(periods):
            progress = (step + 1) / max(len(periods), 1)
            number = max(baseline + (target - baseline) * progress * rng.uniform(0.6, 1.2), 0)
            if high is not None:
                number = min(number, high)
            numerator = denominator = None
            if has_ratio:
                denominator = rng.randint(50, 5000)
                numerator = min(round(denominator * number / 100), denominator)
                number = 100 * numerator / denominator
                numerator, denominator = Decimal(numerator), Decimal(denominator)
            if period.end > AS_OF:
                status = ValueStatus.DRAFT
            else:
                status = rng.choices(
                    [ValueStatus.VALIDATED, ValueStatus.SUBMITTED, ValueStatus.DRAFT, ValueStatus.REJECTED],
                    weights=[65, 15, 12, 8],
                )[0]  # fmt: skip
            reviewed = status in (ValueStatus.VALIDATED, ValueStatus.REJECTED)
            reviewer = rng.choice(reviewers) if reviewed else None
            yield IndicatorValue(
                indicator=indicator,
                contract_id=indicator.contract_id,  # bulk_create does not call save()
                period=period.code,
                period_start=period.start,
                period_end=period.end,
                value=_quantize(number, definition.decimals),
                numerator=numerator,
                denominator=denominator,
                source=definition.source,
                status=status,
                review_comment=(
                    "Valeur incohérente avec la source : merci de vérifier."
                    if status == ValueStatus.REJECTED
                    else ""
                ),
                entered_by=entered_by,
                validated_by=self.users[reviewer] if reviewer is not None else None,
                validated_at=(
                    _moment(period.end + datetime.timedelta(days=rng.randint(20, 90)))
                    if reviewed
                    else None
                ),
            )


@transaction.atomic
def dataset_generate(
    *, size: DatasetSize = DatasetSize(), seed: int = 0, log: Log = _silent
) -> dict[str, int]:
    """Generate a synthetic dataset of the given size on the real referential.

    Loads the referential when the database has no commune, and creates the missing ARS.
    Refuses to run over an existing synthetic dataset (`dataset_reset()` it first): accounts'
    e-mail addresses would collide. Returns the number of rows written per kind.
    """
    if dataset_exists():
        raise ValueError(
            "Des données synthétiques existent déjà : supprimez-les d'abord (option --reset)."
        )
    if size.contracts == 0 and (size.actions or size.indicators or size.values):
        raise ValueError("Des fiches actions ou des indicateurs demandent au moins un contrat.")
    if size.indicators == 0 and size.values:
        raise ValueError("Des valeurs demandent au moins un indicateur.")
    generator = _Generator(size=size, seed=seed, log=log)
    counts = generator.run()
    if (largest := generator.largest_plan) is not None:
        log(
            f"Contrat le plus fourni : « {largest.contract.title} » ({len(largest.actions)} fiches actions)."
        )
    return counts
