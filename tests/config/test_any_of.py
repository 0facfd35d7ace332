"""`__any_of`: the authorisation scope's membership test, on every database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.fastpaths.any_of import AnyOf
from contracts.models import Contract
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contracts():
    return ContractFactory.create_batch(4)


def test_any_of_finds_the_rows_whose_key_is_in_the_set(contracts):
    wanted = {contracts[0].pk, contracts[2].pk, 10**12}

    found = Contract.objects.filter(pk__any_of=wanted)

    assert set(found.values_list("pk", flat=True)) == {contracts[0].pk, contracts[2].pk}


def test_any_of_an_empty_set_finds_nothing_without_asking_the_database(contracts):
    with CaptureQueriesContext(connection) as queries:
        assert list(Contract.objects.filter(pk__any_of=frozenset())) == []
    assert len(queries) == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="arrays exist on PostgreSQL only")
def test_whole_numbers_are_bound_as_one_array_text(contracts):
    keys = {contracts[1].pk, contracts[3].pk}
    sql, params = Contract.objects.filter(pk__any_of=keys).query.sql_with_params()

    assert "= ANY(%s::bigint[])" in sql
    assert params == ("{" + ",".join(str(key) for key in sorted(keys)) + "}",)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="arrays exist on PostgreSQL only")
def test_other_values_are_bound_as_a_list(contracts):
    lookup = AnyOf(Contract._meta.get_field("title").get_col("contracts_contract"), {"b", "a"})
    compiler = Contract.objects.all().query.get_compiler(connection=connection)

    assert lookup.as_sql(compiler, connection) == (
        '"contracts_contract"."title" = ANY(%s)',
        [["a", "b"]],
    )
