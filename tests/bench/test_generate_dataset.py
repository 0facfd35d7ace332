"""The synthetic dataset for benchmarks: `generate_dataset`, its sizes, constraints and reset."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F, Q

from actions.models import Action, FundingLine
from actors.enums import MembershipRole
from actors.models import Membership, Organisation, Person, User
from actors.services import ars_ensure_all
from bench.dataset import (
    CODE_PREFIX,
    EMAIL_DOMAIN,
    TITLE_PREFIX,
    apportion,
    dataset_exists,
    spread,
)
from contracts.models import (
    Axis,
    Contract,
    CoordinatorAssignment,
    Meeting,
    Objective,
    Signatory,
)
from indicators.models import Indicator, IndicatorDefinition, IndicatorValue
from territories.models import Region, Territory
from tests.actions.factories import ActionFactory
from tests.actors.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.contracts.factories import AxisFactory
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referential")]

SMALL = ["--contracts", "5", "--actions", "60", "--indicators", "20", "--values", "100"]
SMALL += ["--users", "30", "--seed", "3"]


def generate(*arguments: str) -> str:
    out = StringIO()
    call_command("generate_dataset", *SMALL, *arguments, stdout=out)
    return out.getvalue()


def synthetic_contracts():
    return Contract.objects.filter(title__startswith=TITLE_PREFIX)


def synthetic_users():
    return User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")


def fingerprint() -> dict[str, list]:
    """What the dataset says, without primary keys or timestamps, to compare two runs."""
    return {
        "contracts": sorted(
            synthetic_contracts().values_list(
                "title", "status", "generation", "starts_on", "ends_on", "territory__name"
            )
        ),
        "actions": sorted(
            Action.objects.filter(contract__title__startswith=TITLE_PREFIX).values_list(
                "contract__title", "number", "title", "status", "starts_on", "planned_end_on"
            )
        ),
        "values": sorted(
            IndicatorValue.objects.filter(
                indicator__contract__title__startswith=TITLE_PREFIX
            ).values_list(
                "indicator__contract__title",
                "indicator__definition__code",
                "indicator__action__number",
                "period",
                "value",
                "status",
            ),
            key=str,
        ),
        "users": sorted(synthetic_users().values_list("email", "first_name", "last_name")),
    }


@pytest.fixture
def real_data():
    """A contract, an account and a value entered by hand, which the dataset must not touch.

    The ARS exist beforehand, as they do once the demo is seeded: the dataset shares them.
    """
    ars_ensure_all()
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(contract=AxisFactory().contract), value=Decimal("42")
    )
    contract = value.indicator.contract
    ActionFactory(axis=contract.axes.get(), title="Action réelle")
    user = UserFactory(email="agent@ars.sante.fr")
    MembershipFactory(user=user, organisation=OrganisationFactory(name="Mairie réelle"))
    return contract


def real_rows() -> dict[str, list]:
    return {
        "contracts": list(
            Contract.objects.exclude(title__startswith=TITLE_PREFIX).values().order_by("pk")
        ),
        "actions": list(Action.objects.exclude(contract__title__startswith=TITLE_PREFIX).values()),
        "values": list(
            IndicatorValue.objects.exclude(
                indicator__contract__title__startswith=TITLE_PREFIX
            ).values()
        ),
        "users": list(User.objects.exclude(email__endswith=f"@{EMAIL_DOMAIN}").values()),
        "memberships": list(
            Membership.objects.exclude(user__email__endswith=f"@{EMAIL_DOMAIN}").values()
        ),
        "organisations": list(
            Organisation.objects.exclude(email__endswith=f"@{EMAIL_DOMAIN}").values().order_by("pk")
        ),
        "territories": list(
            Territory.objects.exclude(contracts__title__startswith=TITLE_PREFIX).values()
        ),
    }


def test_it_generates_exactly_the_sizes_asked_for():
    output = generate()

    assert synthetic_contracts().count() == 5
    assert Action.objects.filter(contract__in=synthetic_contracts()).count() == 60
    assert Indicator.objects.filter(contract__in=synthetic_contracts()).count() == 20
    assert (
        IndicatorValue.objects.filter(indicator__contract__in=synthetic_contracts()).count() == 100
    )
    assert synthetic_users().count() == 30
    assert IndicatorDefinition.objects.filter(code__startswith=CODE_PREFIX).count() == 50
    assert "Jeu de données synthétique généré en" in output
    assert "5 contrats" in output and "60 fiches actions" in output


def test_generated_rows_pass_every_model_validation():
    generate()

    contracts = synthetic_contracts()
    rows = [
        *contracts,
        *Signatory.objects.filter(contract__in=contracts),
        *CoordinatorAssignment.objects.filter(contract__in=contracts),
        *Meeting.objects.filter(contract__in=contracts),
        *Axis.objects.filter(contract__in=contracts),
        *Objective.objects.filter(axis__contract__in=contracts),
        *Action.objects.filter(contract__in=contracts),
        *FundingLine.objects.filter(action__contract__in=contracts),
        *IndicatorDefinition.objects.filter(code__startswith=CODE_PREFIX),
        *Indicator.objects.filter(contract__in=contracts),
        *IndicatorValue.objects.filter(indicator__contract__in=contracts),
        *Membership.objects.filter(user__in=synthetic_users()),
        *Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}"),
        *Organisation.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}"),
        *synthetic_users(),
    ]
    for row in rows:
        row.full_clean()


def test_contracts_stand_on_real_epci_with_their_ars_and_population():
    generate()

    for contract in synthetic_contracts().select_related("territory__epci", "ars"):
        territory = contract.territory
        assert territory.epci is not None
        assert set(territory.communes.all()) == set(territory.epci.communes.all())
        assert territory.population == territory.compute_population() > 0
        assert contract.ars.kind == "ars"
        assert contract.ars.region.communes.filter(epci=territory.epci).exists()
        assert contract.signatories.filter(organisation=contract.ars).exists()
        assert contract.signatories.filter(organisation__epci=territory.epci).exists()
        assert contract.bodies.filter(kind="copil").exists()
        assert 1 <= contract.meetings.count() <= 3
        assert 3 <= contract.axes.count() <= 6


def test_every_region_gets_a_contract_when_there_are_enough():
    call_command(
        "generate_dataset",
        *["--contracts", "20", "--actions", "100", "--indicators", "30"],
        *["--values", "200", "--users", "40"],
        stdout=StringIO(),
    )

    regions = synthetic_contracts().values_list("ars__region", flat=True).distinct()
    assert set(regions) == set(Region.objects.values_list("code", flat=True))
    # A few dozen ARS agents per région at full size; here at least one each.
    ars_staff = Membership.objects.filter(user__in=synthetic_users(), role=MembershipRole.ARS_STAFF)
    assert ars_staff.values("organisation__region").distinct().count() == 18


def test_actions_are_numbered_by_axis_and_dated_within_the_term():
    generate()

    for action in Action.objects.filter(contract__in=synthetic_contracts()).select_related(
        "axis", "contract"
    ):
        assert action.axis.contract_id == action.contract_id
        assert action.number.startswith(f"{action.axis.number}.")
        if action.starts_on:
            assert action.contract.starts_on <= action.starts_on
            assert action.planned_end_on <= action.contract.ends_on
        assert action.objectives.filter(axis=action.axis).exists()
        assert action.themes.exists() and action.target_groups.count() == 2


def test_the_largest_contract_has_three_times_the_average_number_of_actions():
    generate()

    counts = synthetic_contracts().annotate(n=Count("actions")).values_list("n", flat=True)
    assert max(counts) == 36  # 3 × 60 actions / 5 contracts


def test_values_lie_within_their_contract_term_one_per_period():
    generate()

    values = IndicatorValue.objects.filter(indicator__contract__in=synthetic_contracts())
    outside = values.filter(
        Q(period_start__lt=F("indicator__contract__starts_on"))
        | Q(period_end__gt=F("indicator__contract__ends_on"))
    )
    assert not outside.exists()
    assert values.values("indicator", "period").distinct().count() == 100
    assert not values.filter(numerator__gt=F("denominator")).exists()
    assert not values.filter(status="rejected", review_comment="").exists()
    # Values are only measured on signed contracts.
    assert not values.filter(indicator__contract__signed_on__isnull=True).exists()


def test_most_contracts_have_a_current_coordinator_with_an_account():
    generate()

    coordinated = synthetic_contracts().with_current_coordinator(datetime.date(2026, 9, 30))
    assert coordinated.exists()
    for contract in coordinated:
        (assignment,) = contract.current_coordinators(datetime.date(2026, 9, 30))
        assert assignment.person.user.email.endswith(f"@{EMAIL_DOMAIN}")


def test_the_same_seed_gives_the_same_dataset_after_a_reset():
    generate()
    first = fingerprint()

    output = generate("--reset")

    assert "Suppression des données synthétiques" in output
    assert fingerprint() == first


def test_another_seed_gives_another_dataset():
    generate()
    first = fingerprint()

    generate("--reset", "--seed", "4")

    assert fingerprint()["contracts"] != first["contracts"]


def test_it_refuses_to_generate_over_an_existing_dataset():
    generate()

    with pytest.raises(CommandError, match="--reset"):
        generate()

    assert synthetic_contracts().count() == 5


def test_generation_and_reset_leave_real_data_untouched(real_data):
    before = real_rows()

    generate()
    assert real_rows() == before

    call_command("generate_dataset", "--delete", stdout=StringIO())
    # Foreign keys are checked at commit, which a test never reaches: check them now.
    connection.check_constraints()

    assert not dataset_exists()
    assert real_rows() == before
    assert not Territory.objects.filter(contracts__isnull=True, epci__isnull=False).exists()
    assert not Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists()


def test_apportion_splits_by_largest_remainders_within_caps():
    assert apportion(total=10, weights=[1, 1, 2]) == [3, 2, 5]
    assert apportion(total=10, weights=[1, 1, 8], caps=[5, 5, 2]) == [4, 4, 2]
    assert apportion(total=10, weights=[1, 1], caps=[3, 3]) == [3, 3]


def test_spread_fills_evenly_up_to_capacities():
    assert spread(total=10, capacities=[1, 20, 20]) == [1, 4, 5]
    assert spread(total=100, capacities=[3, 4]) == [3, 4]


def test_a_definition_adopted_by_a_real_contract_survives_a_reset_and_is_reused(real_data):
    generate()
    adopted = IndicatorDefinition.objects.get(code=f"{CODE_PREFIX}001")
    IndicatorFactory(contract=real_data, definition=adopted)

    generate("--reset")

    assert IndicatorDefinition.objects.filter(code__startswith=CODE_PREFIX).count() == 50
    assert IndicatorDefinition.objects.get(code=f"{CODE_PREFIX}001") == adopted
    assert synthetic_contracts().count() == 5
