"""The database refuses inconsistent action sheets and funding lines."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.enums import ActionStatus
from actions.models import Action
from tests.actions.factories import ActionFactory, FundingLineFactory
from tests.contracts.factories import AxisFactory

pytestmark = pytest.mark.django_db


def refused(factory, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)
    return True


def test_two_actions_with_the_same_number_in_a_contract_are_refused():
    action = ActionFactory(number="2.3")
    assert refused(ActionFactory, axis=action.axis, number="2.3")


def test_the_same_action_number_in_two_contracts_is_accepted():
    ActionFactory(number="2.3")
    ActionFactory(number="2.3")


def test_action_without_number_is_refused():
    assert refused(ActionFactory, number="")


def test_action_planned_to_end_before_it_starts_is_refused():
    assert refused(
        ActionFactory,
        starts_on=datetime.date(2025, 6, 1),
        planned_end_on=datetime.date(2025, 1, 1),
    )


def test_action_ended_before_it_started_is_refused():
    assert refused(
        ActionFactory, starts_on=datetime.date(2025, 6, 1), ended_on=datetime.date(2025, 1, 1)
    )


def test_action_under_another_contracts_axis_fails_validation():
    action = ActionFactory.build(axis=AxisFactory(), contract=AxisFactory().contract)
    with pytest.raises(ValidationError, match="autre contrat"):
        action.full_clean()


@pytest.mark.parametrize("field", ["planned_amount", "granted_amount", "paid_amount"])
def test_negative_funding_amount_is_refused(field):
    assert refused(FundingLineFactory, **{field: Decimal("-1")})


def test_funding_year_out_of_range_is_refused():
    assert refused(FundingLineFactory, year=1999)


def test_action_past_its_planned_end_and_in_progress_is_late():
    late = ActionFactory(planned_end_on=datetime.date(2020, 1, 1), starts_on=None)
    ActionFactory(
        planned_end_on=datetime.date(2020, 1, 1), starts_on=None, status=ActionStatus.DONE
    )
    ActionFactory(planned_end_on=datetime.date(2099, 1, 1))
    assert late.is_late
    assert list(Action.objects.late()) == [late]
