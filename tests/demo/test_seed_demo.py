"""The demo seed: real places and institutions, fictional people, working accounts, idempotence.

The seed runs once for the module, on top of the referential, inside the module's rolled-back
transaction; each test reads it from its own savepoint. The dashboard situations are checked
on the demo's reference date, since they are written relative to it.
"""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import F

from actions.models import Action, FundingLine
from actors.enums import MembershipRole, OrganisationKind
from actors.models import Membership, Organisation, Person, User
from contracts.enums import ContractStatus
from contracts.models import Contract, CoordinatorAssignment
from demo.content import ACCOUNTS, DEMO_PASSWORD
from demo.seed import DemoDisabled, demo_counts, demo_seed
from indicators.enums import ValueStatus
from indicators.models import IndicatorValue
from tests.clock import TODAY, travel_to_now

BELLE_ILE_COMMUNES = {"56009", "56114", "56152", "56241"}
# Surnames of the people the source documents name: none may appear in the demo.
NAMES_IN_DOCUMENTS = {
    "ABRIAL", "ARTH", "BLANDEL", "BONNAND", "CARRE", "CHEVALLIER", "DALIBON", "DEPINOY",
    "DINDAUD", "FALQUERHO", "FIZELIER", "FLAGEUL", "GALIPOT", "GAUFFENY", "GENDRY", "GHAZALLI",
    "GUIARD", "LEGARS", "MACKE", "OSBERY", "PARISOT", "PETITJEAN", "PINARD", "PIQUET",
    "PLANTEVIN", "QUENEAU", "RAGOT", "ROSSINOT", "ROY", "SAUVION", "SCHOENE", "SENEJOUX",
    "SUIRE", "VARROUD-VIAL", "WAQUET",
}  # fmt: skip


@pytest.fixture(scope="module")
def seeded(referential, django_db_blocker):
    with django_db_blocker.unblock(), travel_to_now():
        return demo_seed()


def contract(title: str) -> Contract:
    return Contract.objects.select_related("ars__region", "territory").get(title=title)


def epci_sirens(contract: Contract) -> set[str]:
    return set(contract.territory.communes.values_list("epci_id", flat=True))


def all_model_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_belle_ile_is_its_four_communes_under_ars_bretagne(seeded):
    for title in ("CLS de Belle-Île-en-Mer 2013-2015", "CLS de Belle-Île-en-Mer 2024-2028"):
        belle_ile = contract(title)
        communes = belle_ile.territory.communes.all()
        assert belle_ile.ars.name == "ARS Bretagne"
        assert belle_ile.ars.region.code == "53"
        assert {commune.code for commune in communes} == BELLE_ILE_COMMUNES
        assert belle_ile.territory.population == sum(commune.population for commune in communes)
        assert belle_ile.signatories.filter(organisation__name__icontains="Morbihan").exists()


@pytest.mark.django_db
def test_the_five_places_have_their_ars_and_their_communautes(seeded):
    expected = {
        "CLS de Craon-Renazé 2012-2015": ("ARS Pays de la Loire", {"200048551"}),
        "CLS du Pays de Craon 2027-2031": ("ARS Pays de la Loire", {"200048551"}),
        "CLS du Pays de Morlaix 2023-2027": (
            "ARS Bretagne",
            {"242900835", "200067072", "242900751"},
        ),
        "CLS du Pays Terres de Lorraine 2024-2028": (
            "ARS Grand Est",
            {"200070563", "245400171", "200035772", "245400510"},
        ),
        "CLS du Pays Ruffécois 2022-2026": ("ARS Nouvelle-Aquitaine", {"200043016", "200072023"}),
    }
    for title, (ars, sirens) in expected.items():
        found = contract(title)
        assert found.ars.name == ars, title
        assert epci_sirens(found) == sirens, title


@pytest.mark.django_db
def test_the_ruffecois_has_about_36000_inhabitants(seeded):
    assert 35_000 <= contract("CLS du Pays Ruffécois 2022-2026").territory.population <= 37_000


@pytest.mark.django_db
def test_the_2012_craon_contract_leaves_out_the_former_cosse_le_vivien_communes(seeded):
    craon_2012 = contract("CLS de Craon-Renazé 2012-2015").territory
    craon_today = contract("CLS du Pays de Craon 2027-2031").territory
    assert craon_2012.communes.filter(code__in=["53084", "53188"]).count() == 2
    assert not craon_2012.communes.filter(code="53077").exists()
    assert craon_2012.communes.count() < craon_today.communes.count()


@pytest.mark.django_db
def test_every_region_has_its_ars(seeded):
    assert Organisation.objects.ars().count() == 18
    assert Organisation.objects.get(kind=OrganisationKind.ARS, region="94").name == "ARS de Corse"


@pytest.mark.django_db
def test_renewals_follow_their_predecessor(seeded):
    renewal = contract("CLS de Belle-Île-en-Mer 2024-2028")
    assert renewal.generation == 2
    assert renewal.predecessor.title == "CLS de Belle-Île-en-Mer 2013-2015"
    assert renewal.predecessor.status == ContractStatus.CLOSED
    assert Contract.objects.filter(predecessor__isnull=False).count() == 5


@pytest.mark.django_db
def test_the_historical_belle_ile_contract_never_had_a_coordinator(seeded):
    first = contract("CLS de Belle-Île-en-Mer 2013-2015")
    assert not CoordinatorAssignment.objects.filter(contract=first).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda account: account["email"])
def test_each_demo_account_logs_in_with_the_demo_password(seeded, client, account):
    assert client.login(username=account["email"], password=DEMO_PASSWORD)


@pytest.mark.django_db
def test_only_the_national_administrator_is_staff(seeded):
    admin = User.objects.get(email="admin@demo.cls")
    assert admin.is_superuser and admin.is_staff
    others = User.objects.filter(email__in=[a["email"] for a in ACCOUNTS]).exclude(pk=admin.pk)
    assert not others.filter(is_staff=True).exists()


@pytest.mark.django_db
def test_ars_agents_belong_to_their_ars(seeded):
    for email, region in (("ars.bretagne@demo.cls", "53"), ("ars.paysdelaloire@demo.cls", "52")):
        membership = Membership.objects.current(TODAY).get(user__email=email)
        assert membership.role == MembershipRole.ARS_STAFF
        assert membership.organisation.kind == OrganisationKind.ARS
        assert membership.organisation.region_id == region


@pytest.mark.django_db
def test_the_belle_ile_coordinator_coordinates_the_current_contract(seeded):
    current = contract("CLS de Belle-Île-en-Mer 2024-2028")
    coordinators = current.current_coordinators(TODAY)
    assert [a.person.user.email for a in coordinators] == ["coordination.belle-ile@demo.cls"]


@pytest.mark.django_db
def test_the_pilot_leads_one_belle_ile_action_for_its_lead_organisation(seeded):
    person = Person.objects.get(user__email="pilote.belle-ile@demo.cls")
    action = Action.objects.get(lead_person=person)
    assert action.contract.title == "CLS de Belle-Île-en-Mer 2024-2028"
    assert person.organisation == action.lead_organisation
    assert Membership.objects.filter(
        user__email="pilote.belle-ile@demo.cls", organisation=action.lead_organisation
    ).exists()


@pytest.mark.django_db
def test_the_elected_official_belongs_to_a_signatory_collectivite(seeded):
    membership = Membership.objects.get(user__email="elu.belle-ile@demo.cls")
    assert membership.role == MembershipRole.MEMBER
    assert membership.organisation.signatures.filter(
        contract__title="CLS de Belle-Île-en-Mer 2024-2028", role="signatory"
    ).exists()


@pytest.mark.django_db
def test_the_partner_belongs_to_a_breton_partner_organisation(seeded):
    membership = Membership.objects.get(user__email="partenaire@demo.cls")
    assert membership.role == MembershipRole.PARTNER
    assert membership.organisation.name == "Observatoire régional de la santé Bretagne"


@pytest.mark.django_db
def test_people_are_fictional(seeded):
    surnames = {name.upper() for name in Person.objects.values_list("last_name", flat=True)}
    assert not surnames & NAMES_IN_DOCUMENTS


@pytest.mark.django_db
def test_the_dashboard_situations_are_all_represented(seeded):
    active = Contract.objects.active(TODAY)
    # Morlaix's coordinator left in June 2026 and its COPIL last met in June 2025.
    morlaix = contract("CLS du Pays de Morlaix 2023-2027")
    assert list(active.without_current_coordinator(TODAY)) == [morlaix]
    assert not morlaix.meetings.copil().since(TODAY - datetime.timedelta(days=365)).exists()
    assert list(Contract.objects.ending_within(183, TODAY)) == [
        contract("CLS du Pays Ruffécois 2022-2026")
    ]
    for current in active.exclude(actions=None):
        assert Action.objects.filter(contract=current).late(TODAY).exists(), current
        assert current.actions.filter(is_confidential=True).exists(), current
    rejected = IndicatorValue.objects.get(status=ValueStatus.REJECTED)
    assert rejected.review_comment
    assert not IndicatorValue.objects.filter(
        indicator__contract=morlaix, indicator__definition__code="CLS-R03", period="2025"
    ).exists()


@pytest.mark.django_db
def test_craon_is_drafting_its_renewal_without_actions(seeded):
    renewal = contract("CLS du Pays de Craon 2027-2031")
    assert renewal.status == ContractStatus.ELABORATION
    assert renewal.diagnosis.findings.exists()
    assert renewal.axes.count() == 4
    assert not renewal.actions.exists()


@pytest.mark.django_db
def test_funding_amounts_never_exceed_what_precedes_them(seeded):
    lines = FundingLine.objects.all()
    assert lines.exists()
    assert not lines.filter(granted_amount__gt=F("planned_amount")).exists()
    assert not lines.filter(paid_amount__gt=F("granted_amount")).exists()
    assert lines.filter(paid_amount__gt=Decimal(0)).exists()


@pytest.mark.django_db
def test_a_second_run_changes_nothing(seeded):
    before = all_model_counts()
    assert demo_seed() == seeded
    assert all_model_counts() == before


@pytest.mark.django_db
def test_the_command_summarises_in_french(seeded, capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert "0 lignes ajoutées" in output
    assert "admin@demo.cls" in output
    assert demo_counts() == seeded


@pytest.mark.django_db
def test_the_seed_refuses_to_run_when_the_demo_is_disabled(referential, settings):
    settings.DEMO_ENABLED = False
    before = all_model_counts()
    with pytest.raises(CommandError, match="désactivées"):
        call_command("seed_demo")
    with pytest.raises(DemoDisabled):
        demo_seed()
    assert all_model_counts() == before
