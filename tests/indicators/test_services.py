"""Recording indicator values and reviewing them."""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from indicators.enums import ValueStatus
from indicators.models import Indicator, IndicatorValue
from indicators.services import (
    CellEntry,
    indicator_value_record,
    indicator_value_reject,
    indicator_value_submit,
    indicator_value_upsert,
    indicator_value_validate,
    indicator_values_record_grid,
)
from tests.actors.factories import UserFactory
from tests.indicators.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def test_recording_the_same_value_twice_keeps_one_row_and_its_status():
    indicator, coordinator, agent = IndicatorFactory(), UserFactory(), UserFactory()
    value = indicator_value_record(
        indicator=indicator, period="2025", value=Decimal("42"), by=coordinator
    )
    indicator_value_submit(value=value, by=coordinator)
    indicator_value_validate(value=value, by=agent)

    again = indicator_value_record(
        indicator=indicator, period="2025", value=Decimal("42"), by=coordinator
    )

    assert IndicatorValue.objects.count() == 1
    assert again.status == ValueStatus.VALIDATED


def test_correcting_a_validated_value_sends_it_back_to_draft():
    indicator, user = IndicatorFactory(), UserFactory()
    value = indicator_value_record(indicator=indicator, period="2025", value=Decimal("42"), by=user)
    indicator_value_submit(value=value, by=user)
    indicator_value_validate(value=value, by=user)

    corrected = indicator_value_record(
        indicator=indicator, period="2025", value=Decimal("43"), by=user
    )

    assert corrected.status == ValueStatus.DRAFT
    assert corrected.value == Decimal("43")
    assert corrected.period_start.year == 2025
    assert (corrected.validated_by, corrected.validated_at) == (None, None)
    reviews = corrected.history.filter(status=ValueStatus.VALIDATED)
    assert [review.validated_by for review in reviews] == [user]


def test_a_review_of_a_value_corrected_in_the_meantime_is_refused_and_keeps_the_correction():
    indicator, coordinator, agent = IndicatorFactory(), UserFactory(), UserFactory()
    value = indicator_value_record(indicator=indicator, period="2025", value=Decimal("42"))
    indicator_value_submit(value=value, by=coordinator)
    read_by_the_agent = IndicatorValue.objects.get(pk=value.pk)
    indicator_value_record(indicator=indicator, period="2025", value=Decimal("43"))

    with pytest.raises(ValidationError, match="Brouillon"):
        indicator_value_validate(value=read_by_the_agent, by=agent)

    value.refresh_from_db()
    assert (value.value, value.status) == (Decimal("43"), ValueStatus.DRAFT)


def test_out_of_bounds_value_is_refused_and_nothing_is_written():
    with pytest.raises(ValidationError, match="inférieure ou égale"):
        indicator_value_record(indicator=IndicatorFactory(), period="2025", value=Decimal("250"))
    assert not IndicatorValue.objects.exists()


def test_malformed_period_is_refused():
    with pytest.raises(ValidationError, match="par exemple"):
        indicator_value_record(indicator=IndicatorFactory(), period="2025-S1", value=Decimal("5"))


def test_rejection_needs_a_reason():
    user = UserFactory()
    value = indicator_value_record(
        indicator=IndicatorFactory(), period="2025", value=Decimal("5"), by=user
    )
    indicator_value_submit(value=value, by=user)
    with pytest.raises(ValidationError, match="motif"):
        indicator_value_reject(value=value, by=user, comment=" ")
    rejected = indicator_value_reject(value=value, by=user, comment="Source non précisée.")
    assert rejected.status == ValueStatus.REJECTED
    assert rejected.validated_by == user


def test_a_draft_cannot_be_validated_before_it_is_submitted():
    user = UserFactory()
    value = indicator_value_record(
        indicator=IndicatorFactory(), period="2025", value=Decimal("5"), by=user
    )
    with pytest.raises(ValidationError, match="Brouillon"):
        indicator_value_validate(value=value, by=user)


def test_history_keeps_every_change_of_a_value():
    user = UserFactory()
    indicator = IndicatorFactory()
    indicator_value_record(indicator=indicator, period="2025", value=Decimal("5"), by=user)
    value = indicator_value_record(indicator=indicator, period="2025", value=Decimal("6"), by=user)
    assert [h.value for h in value.history.order_by("history_date")] == [Decimal("5"), Decimal("6")]


def test_upsert_tells_whether_it_created_updated_or_left_the_value_unchanged():
    indicator, user = IndicatorFactory(), UserFactory()
    outcomes = [
        indicator_value_upsert(indicator=indicator, period="2025", value=Decimal(v), by=user)[1]
        for v in ("42", "42", "43")
    ]
    assert outcomes == ["created", "unchanged", "updated"]


def test_upsert_checks_the_current_value_before_changing_it():
    indicator = IndicatorFactory()
    indicator_value_record(indicator=indicator, period="2025", value=Decimal("42"))
    seen = []

    def refuse(current):
        seen.append(current.value)
        raise ValidationError("Modifiée depuis votre lecture.")

    with pytest.raises(ValidationError):
        indicator_value_upsert(
            indicator=indicator, period="2025", value=Decimal("43"), check_current=refuse
        )
    assert seen == [Decimal("42")]
    assert IndicatorValue.objects.get().value == Decimal("42")


def test_inconsistent_figures_are_refused_before_reaching_the_database():
    with pytest.raises(ValidationError, match="strictement positif"):
        indicator_value_record(
            indicator=IndicatorFactory(),
            period="2025",
            value=Decimal("5"),
            numerator=Decimal("0"),
            denominator=Decimal("0"),
        )
    assert not IndicatorValue.objects.exists()


def entry(indicator, period, typed, **parsed):
    """A grid cell as the grid reads it: what was typed, and the figure parsed from it."""
    return CellEntry(indicator=indicator, period=period, typed={"value": typed}, **parsed)


def test_grid_save_records_each_entry_and_refuses_the_out_of_bounds_one_with_its_reason():
    indicator, coordinator = IndicatorFactory(), UserFactory()

    result = indicator_values_record_grid(
        entries=[
            entry(indicator, "2024", "12", value=Decimal("12")),
            entry(indicator, "2025", "250", value=Decimal("250")),
        ],
        by=coordinator,
    )

    assert [(v.period, v.value, v.entered_by) for v in result.saved] == [
        ("2024", Decimal("12"), coordinator)
    ]
    [refused] = result.refused
    assert (refused.period, refused.typed) == ("2025", {"value": "250"})
    assert "inférieure ou égale" in refused.error
    assert list(IndicatorValue.objects.values_list("period", flat=True)) == ["2024"]


def test_grid_save_leaves_an_entry_refused_when_read_refused_and_writes_nothing():
    unreadable = entry(IndicatorFactory(), "2025", "douze", error="« douze » n'est pas un nombre.")

    result = indicator_values_record_grid(entries=[unreadable], by=UserFactory())

    assert (result.saved, result.refused) == ([], [unreadable])
    assert not IndicatorValue.objects.exists()


def test_grid_save_keeps_the_comment_and_source_of_a_corrected_value():
    indicator = IndicatorFactory()
    indicator_value_record(
        indicator=indicator,
        period="2025",
        value=Decimal("42"),
        comment="Chiffre provisoire.",
        source="CPAM",
    )
    indicator = Indicator.objects.prefetch_related("values").get(pk=indicator.pk)

    result = indicator_values_record_grid(
        entries=[entry(indicator, "2025", "43", value=Decimal("43"))], by=UserFactory()
    )

    [corrected] = result.saved
    assert (corrected.value, corrected.comment, corrected.source) == (
        Decimal("43"),
        "Chiffre provisoire.",
        "CPAM",
    )
    assert corrected.status == ValueStatus.DRAFT


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two real transactions at once need PostgreSQL"
)
def test_two_first_writes_of_a_period_at_once_both_succeed():
    """The second insert waits for the first transaction, fails on the unique period once it
    commits, and is written again as a correction instead of a server error."""
    indicator = IndicatorFactory()
    first_inserted, outcomes, errors = threading.Event(), {}, []

    def write(name, figure, hold_until_the_other_waits):
        try:
            loaded = Indicator.objects.select_related("definition", "contract").get(pk=indicator.pk)
            with transaction.atomic():
                _, outcomes[name] = indicator_value_upsert(
                    indicator=loaded, period="2025", value=Decimal(figure)
                )
                if hold_until_the_other_waits:
                    first_inserted.set()
                    _wait_for_a_blocked_session()
        except Exception as error:  # reported to the test's own thread
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=write, args=("first", 10, True))
    first.start()
    assert first_inserted.wait(timeout=10)
    second = threading.Thread(target=write, args=("second", 20, False))
    second.start()
    first.join(timeout=20)
    second.join(timeout=20)

    assert errors == []
    assert outcomes == {"first": "created", "second": "updated"}
    assert list(IndicatorValue.objects.values_list("value", flat=True)) == [Decimal("20")]


def _wait_for_a_blocked_session(timeout=10.0):
    """Until another session waits for a lock held by this one (the second insert)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("La seconde écriture n'a jamais attendu la première.")
