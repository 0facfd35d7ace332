"""The database and the model refuse inconsistent indicators and values."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from indicators.enums import CatalogueScope, ValueStatus
from indicators.models import VALUE_RULES, Indicator, IndicatorValue
from tests.actions.factories import ActionFactory
from tests.contracts.factories import ContractFactory
from tests.indicators.factories import (
    IndicatorDefinitionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
)

pytestmark = pytest.mark.django_db


def refused(factory, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)
    return True


def test_two_values_for_the_same_indicator_and_period_are_refused():
    value = IndicatorValueFactory(period="2025")
    assert refused(IndicatorValueFactory, indicator=value.indicator, period="2025")


def test_numerator_above_denominator_is_refused():
    assert refused(IndicatorValueFactory, numerator=Decimal(12), denominator=Decimal(10))


def test_zero_denominator_is_refused():
    assert refused(IndicatorValueFactory, numerator=Decimal(0), denominator=Decimal(0))


def test_rejection_without_comment_is_refused():
    assert refused(IndicatorValueFactory, status=ValueStatus.REJECTED, review_comment="")


def test_definition_with_bounds_in_the_wrong_order_is_refused():
    assert refused(IndicatorDefinitionFactory, min_value=Decimal(10), max_value=Decimal(1))


def test_regional_definition_without_region_is_refused():
    assert refused(IndicatorDefinitionFactory, scope=CatalogueScope.REGIONAL)


def test_same_indicator_twice_on_a_contract_is_refused():
    indicator = IndicatorFactory()
    assert refused(IndicatorFactory, contract=indicator.contract, definition=indicator.definition)


def test_same_indicator_on_the_contract_and_on_one_of_its_actions_is_accepted():
    indicator = IndicatorFactory()
    action = ActionFactory(axis__contract=indicator.contract)
    IndicatorFactory(contract=indicator.contract, definition=indicator.definition, action=action)


def test_baseline_after_target_is_refused():
    assert refused(
        IndicatorFactory,
        baseline_on=datetime.date(2029, 1, 1),
        target_on=datetime.date(2028, 1, 1),
    )


def test_value_above_the_definitions_maximum_fails_validation_in_french():
    value = IndicatorValueFactory.build(indicator=IndicatorFactory(), value=Decimal("100.5"))
    with pytest.raises(ValidationError, match="inférieure ou égale à 100"):
        value.full_clean()


def test_value_outside_the_contract_term_fails_validation():
    value = IndicatorValueFactory.build(indicator=IndicatorFactory(), period="2031")
    with pytest.raises(ValidationError, match="en dehors de la durée du contrat"):
        value.full_clean()


def test_malformed_period_fails_validation_with_an_example():
    value = IndicatorValueFactory.build(indicator=IndicatorFactory(), period="2025")
    value.period = "2025-T1"
    with pytest.raises(ValidationError, match="2025"):
        value.full_clean()


def test_the_figures_and_the_review_are_checked_in_python_without_a_query(
    django_assert_num_queries,
):
    value = IndicatorValueFactory.build(
        indicator=IndicatorFactory(),
        numerator=Decimal(-5),
        denominator=Decimal(0),
        status=ValueStatus.REJECTED,
    )
    with django_assert_num_queries(0), pytest.raises(ValidationError) as error:
        value.clean()
    assert error.value.messages == [
        "Le dénominateur doit être strictement positif.",
        "Le numérateur ne peut pas être négatif.",
        "Un refus doit être motivé.",
    ]


def test_numerator_above_denominator_fails_validation_in_french():
    value = IndicatorValueFactory.build(
        indicator=IndicatorFactory(), numerator=Decimal(12), denominator=Decimal(10)
    )
    with pytest.raises(ValidationError) as error:
        value.full_clean()
    # Once: the database constraint with the same rule is not validated again.
    assert error.value.message_dict == {
        "__all__": ["Le numérateur ne peut pas dépasser le dénominateur."]
    }


def test_a_rejection_with_a_review_comment_passes_validation():
    value = IndicatorValueFactory.build(
        indicator=IndicatorFactory(), status=ValueStatus.REJECTED, review_comment="Source ?"
    )
    value.full_clean()


def test_every_rule_checked_in_python_is_a_database_constraint_with_the_same_message():
    constraints = {c.name: c for c in IndicatorValue._meta.constraints}
    for name, message in VALUE_RULES.items():
        assert constraints[name].violation_error_message == message


def test_a_value_carries_its_indicators_contract():
    value = IndicatorValueFactory()
    assert value.contract_id == value.indicator.contract_id


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="composite foreign key: PostgreSQL only"
)
def test_the_database_keeps_a_values_contract_equal_to_its_indicators():
    value = IndicatorValueFactory()
    other = ContractFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.filter(pk=value.pk).update(contract=other)
        connection.check_constraints()  # the key is deferred to the end of the transaction
    # Moving the indicator carries its values along.
    Indicator.objects.filter(pk=value.indicator_id).update(contract=other)
    value.refresh_from_db()
    assert value.contract_id == other.pk
