"""Who sees and changes which contract: every role of DESIGN.md §5."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from actors.enums import MembershipRole
from contracts import access
from contracts.enums import ContractStatus, SignatoryRole
from contracts.models import Contract
from tests.actions.factories import ActionFactory
from tests.actors.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.contracts.factories import (
    ContractFactory,
    CoordinatorAssignmentFactory,
    SignatoryFactory,
)
from tests.indicators.factories import IndicatorFactory
from tests.reports.factories import EvaluationReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract():
    return ContractFactory()


@pytest.fixture
def other_contract():
    """A contract of another région, signed by other organisations."""
    return ContractFactory()


@pytest.fixture
def ars_agent(contract):
    agent = UserFactory()
    MembershipFactory(user=agent, organisation=contract.ars, role=MembershipRole.ARS_STAFF)
    return agent


@pytest.fixture
def coordinator(contract):
    user = UserFactory()
    CoordinatorAssignmentFactory(contract=contract, person=PersonFactory(user=user))
    return user


@pytest.fixture
def lead(contract):
    user = UserFactory()
    ActionFactory(axis__contract=contract, lead_person=PersonFactory(user=user))
    return user


@pytest.fixture
def reader(contract):
    """An elected official of a collectivité that signed the contract."""
    collectivite = OrganisationFactory(collectivite=True)
    SignatoryFactory(contract=contract, organisation=collectivite)
    user = UserFactory()
    MembershipFactory(user=user, organisation=collectivite, role=MembershipRole.MEMBER)
    return user


def visible(user):
    return set(access.contracts_visible_to(user))


def test_national_admin_sees_every_contract(contract, other_contract):
    assert visible(UserFactory(national_admin=True)) == {contract, other_contract}


def test_ars_agent_sees_the_contracts_of_their_region_only(ars_agent, contract, other_contract):
    assert visible(ars_agent) == {contract}
    assert set(Contract.objects.visible_to(ars_agent)) == {contract}


def test_former_ars_agent_sees_nothing(contract, other_contract):
    former = UserFactory()
    MembershipFactory(
        user=former,
        organisation=contract.ars,
        role=MembershipRole.ARS_STAFF,
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2023, 1, 1),
    )
    assert visible(former) == set()


def test_coordinator_sees_their_contract_only(coordinator, contract, other_contract):
    assert visible(coordinator) == {contract}


def test_action_lead_sees_the_contract_of_their_action(lead, contract, other_contract):
    assert visible(lead) == {contract}


def test_collectivite_member_sees_the_contracts_their_organisation_signed(
    reader, contract, other_contract
):
    assert visible(reader) == {contract}


def test_partner_organisation_member_sees_the_contract(contract, other_contract):
    partner = OrganisationFactory()
    SignatoryFactory(contract=contract, organisation=partner, role=SignatoryRole.PARTNER)
    user = UserFactory()
    MembershipFactory(user=user, organisation=partner, role=MembershipRole.PARTNER)
    assert visible(user) == {contract}


def test_anonymous_visitor_sees_only_the_public_directory(contract):
    ContractFactory(status=ContractStatus.ELABORATION)
    ContractFactory(is_public=False)
    assert visible(AnonymousUser()) == set()
    assert set(access.public_contracts()) == {contract}


def test_only_ars_staff_of_the_region_and_admins_manage(
    contract, ars_agent, coordinator, lead, reader
):
    assert access.can_manage_contract(ars_agent, contract)
    assert access.can_manage_contract(UserFactory(national_admin=True), contract)
    for user in (coordinator, lead, reader, UserFactory()):
        assert not access.can_manage_contract(user, contract)


def test_coordinator_edits_every_action_of_their_contract_only(
    contract, coordinator, other_contract
):
    assert access.can_edit_action(coordinator, ActionFactory(axis__contract=contract))
    assert not access.can_edit_action(coordinator, ActionFactory(axis__contract=other_contract))


def test_lead_edits_their_own_action_only(contract, lead):
    own = contract.actions.get()
    assert access.can_edit_action(lead, own)
    assert not access.can_edit_action(lead, ActionFactory(axis__contract=contract))


def test_reader_edits_nothing(contract, reader):
    assert not access.can_edit_action(reader, ActionFactory(axis__contract=contract))
    assert not access.can_enter_values(reader, IndicatorFactory(contract=contract))


def test_confidential_action_is_hidden_from_readers(contract, reader, coordinator, ars_agent):
    secret = ActionFactory(axis__contract=contract, is_confidential=True)
    assert not access.can_view_action(reader, secret)
    assert access.can_view_action(coordinator, secret)
    assert access.can_view_action(ars_agent, secret)


def test_lead_enters_values_of_their_actions_indicators_only(contract, lead):
    own = IndicatorFactory(contract=contract, action=contract.actions.get())
    assert access.can_enter_values(lead, own)
    assert not access.can_enter_values(lead, IndicatorFactory(contract=contract))


def test_only_ars_validates_values(contract, ars_agent, coordinator):
    assert access.can_validate_values(ars_agent, contract)
    assert not access.can_validate_values(coordinator, contract)


def test_visibility_costs_two_queries_whatever_the_number_of_contracts(
    ars_agent, contract, django_assert_num_queries
):
    ContractFactory.create_batch(3, ars=contract.ars)
    ars_agent = type(ars_agent).objects.get(pk=ars_agent.pk)  # no cached roles
    with django_assert_num_queries(2):
        # 1. the user's current memberships
        # 2. the scoped contracts
        assert len(list(access.contracts_visible_to(ars_agent))) == 4


def test_the_scope_gives_every_role_its_contracts_and_their_confidential_content(
    contract, other_contract, ars_agent, coordinator, lead, reader
):
    """What each role sees (`visible`) and where it sees confidential content too, with former
    roles (an ended membership, an ended coordination) and a user holding several roles."""
    former = UserFactory()
    ended = {"started_on": datetime.date(2020, 1, 1), "ended_on": datetime.date(2023, 1, 1)}
    MembershipFactory(
        user=former, organisation=other_contract.ars, role=MembershipRole.ARS_STAFF, **ended
    )
    CoordinatorAssignmentFactory(
        contract=other_contract, person=PersonFactory(user=former), **ended
    )
    several = UserFactory()
    MembershipFactory(user=several, organisation=other_contract.ars, role=MembershipRole.ARS_STAFF)
    ActionFactory(axis__contract=contract, lead_person=PersonFactory(user=several))
    partner = OrganisationFactory()
    SignatoryFactory(contract=contract, organisation=partner, role=SignatoryRole.PARTNER)
    MembershipFactory(user=several, organisation=partner, role=MembershipRole.PARTNER)
    expected = {
        ars_agent: ({contract}, {contract}),
        coordinator: ({contract}, {contract}),
        lead: ({contract}, set()),
        reader: ({contract}, set()),
        former: (set(), set()),
        several: ({contract, other_contract}, {other_contract}),
        UserFactory(): (set(), set()),
    }
    for user, (sees, sees_all) in expected.items():
        user = type(user).objects.get(pk=user.pk)  # nothing cached
        scope = access.contract_scope(user)
        assert scope.visible == {c.pk for c in sees}, user
        assert scope.confidential == {c.pk for c in sees_all}, user
        assert set(access.contracts_visible_to(user)) == sees


def test_roles_and_scope_cost_one_query(ars_agent, django_assert_num_queries):
    ars_agent = type(ars_agent).objects.get(pk=ars_agent.pk)
    with django_assert_num_queries(1):
        access.roles_of(ars_agent)
        access.contract_scope(ars_agent)


@pytest.mark.parametrize(
    "who", ["admin", "ars_agent", "coordinator", "lead", "reader", "stranger", "anonymous"]
)
def test_one_contract_is_found_exactly_when_the_scope_lists_it(
    request, who, contract, other_contract
):
    users = {
        "admin": lambda: UserFactory(national_admin=True),
        "stranger": UserFactory,
        "anonymous": AnonymousUser,
    }
    user = users[who]() if who in users else request.getfixturevalue(who)
    listed = visible(user)

    for candidate in (contract, other_contract):
        seen = candidate in listed
        assert access.can_view_contract(user, candidate) is seen
        if seen:
            assert access.get_visible_contract_or_404(user, str(candidate.pk)) == candidate
        else:
            with pytest.raises(Http404):
                access.get_visible_contract_or_404(user, candidate.pk)


def test_a_missing_or_malformed_contract_number_is_a_404(contract):
    admin = UserFactory(national_admin=True)
    for pk in (contract.pk + 1000, "abc", None):
        with pytest.raises(Http404):
            access.get_visible_contract_or_404(admin, pk)


def test_a_contract_out_of_the_scope_is_never_read(
    ars_agent, contract, other_contract, django_assert_num_queries
):
    ars_agent = type(ars_agent).objects.get(pk=ars_agent.pk)  # no cached roles
    # 1. roles and scope, and nothing more for a contract out of it
    with django_assert_num_queries(1), pytest.raises(Http404):
        access.get_visible_contract_or_404(ars_agent, other_contract.pk)
    with django_assert_num_queries(1):  # 2. the contract
        assert access.get_visible_contract_or_404(ars_agent, contract.pk) == contract


# --- The helpers every view and API view uses: 404 out of sight, 403 in sight but not allowed


def test_it_gives_a_contract_to_whoever_may_do_what_is_asked(world):
    contract = world.contract
    assert access.contract_for(world.reader, contract.pk) == contract
    assert access.contract_for(world.coordinator, contract.pk, may="coordinate") == contract
    assert access.contract_for(world.agent, str(contract.pk), may="manage") == contract


@pytest.mark.parametrize(
    ("who", "may", "refusal"),
    [
        ("other_agent", "view", Http404),
        ("lead", "coordinate", PermissionDenied),
        ("reader", "coordinate", PermissionDenied),
        ("coordinator", "manage", PermissionDenied),
        ("other_agent", "manage", Http404),
    ],
)
def test_it_refuses_a_contract_with_a_404_out_of_sight_and_a_403_in_sight(world, who, may, refusal):
    with pytest.raises(refusal):
        access.contract_for(getattr(world, who), world.contract.pk, may=may)


@pytest.mark.parametrize("pk", ["abc", None, 0, -1, 2**63, 10**30])
def test_it_answers_404_to_any_malformed_or_impossible_number(world, pk):
    with pytest.raises(Http404):
        access.action_for(world.admin, world.contract, pk)
    with pytest.raises(Http404):
        access.report_for(world.admin, pk)


def test_it_keeps_a_confidential_action_from_readers_as_if_it_did_not_exist(world):
    secret = ActionFactory(axis=world.axis, is_confidential=True)
    with pytest.raises(Http404):
        access.action_for(world.reader, world.contract.pk, secret.pk)
    assert access.action_for(world.coordinator, world.contract.pk, secret.pk) == secret


def test_it_lets_the_lead_edit_their_action_and_refuses_readers_with_a_403(world):
    action = world.lead_action
    assert access.action_for(world.lead, world.contract, action.pk, may="edit") == action
    with pytest.raises(PermissionDenied):
        access.action_for(world.reader, world.contract, action.pk, may="edit")


def test_it_finds_an_action_only_under_its_own_contract(world):
    elsewhere = ActionFactory(axis__contract=world.other_contract)
    with pytest.raises(Http404):
        access.action_for(world.admin, world.contract, elsewhere.pk)


def test_it_gives_a_document_to_whoever_sees_it(world):
    public = EvaluationReportFactory(contract=world.contract)
    confidential = EvaluationReportFactory(contract=world.contract, includes_confidential=True)
    assert access.report_for(world.reader, public.pk) == public
    assert access.report_for(world.coordinator, confidential.pk) == confidential
    for user, report in ((world.reader, confidential), (world.other_agent, public)):
        with pytest.raises(Http404):
            access.report_for(user, report.pk)
