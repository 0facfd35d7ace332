"""Writes on indicator values: recording (idempotent upsert by period) and the review workflow."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actors.models import User
from indicators.enums import ValueStatus
from indicators.models import Indicator, IndicatorValue


@transaction.atomic
def indicator_value_record(
    *,
    indicator: Indicator,
    period: str,
    value: Decimal,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    comment: str = "",
    source: str = "",
    by: User | None = None,
) -> IndicatorValue:
    """Create or correct the value of `indicator` for `period`.

    Sending the same value again changes nothing; a changed value goes back to draft, since
    what the ARS validated was the previous figure.
    """
    record = IndicatorValue(indicator=indicator, period=period)
    record.set_period_or_raise(period)
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(indicator=indicator, period=record.period)
        .first()
    )
    if existing is not None:
        record = existing
    new_fields = {
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "comment": comment,
        "source": source,
    }
    if existing is not None and all(getattr(record, f) == v for f, v in new_fields.items()):
        return record
    for field, new_value in new_fields.items():
        setattr(record, field, new_value)
    record.status = ValueStatus.DRAFT
    record.review_comment = ""
    record.entered_by = by
    record.full_clean()
    record.save()
    return record


def _review(value: IndicatorValue, *, allowed_from, to_status, by, comment=""):
    if value.status not in allowed_from:
        raise ValidationError(
            f"Une valeur « {value.get_status_display()} » ne peut pas devenir "
            f"« {ValueStatus(to_status).label} »."
        )
    value.status = to_status
    value.review_comment = comment
    if to_status in (ValueStatus.VALIDATED, ValueStatus.REJECTED):
        value.validated_by, value.validated_at = by, timezone.now()
    value.full_clean()
    value.save()
    return value


@transaction.atomic
def indicator_value_submit(*, value: IndicatorValue, by: User) -> IndicatorValue:
    """The coordinator submits a draft (or a rejected value corrected since) to the ARS."""
    return _review(
        value,
        allowed_from=(ValueStatus.DRAFT, ValueStatus.REJECTED),
        to_status=ValueStatus.SUBMITTED,
        by=by,
    )


@transaction.atomic
def indicator_value_validate(*, value: IndicatorValue, by: User) -> IndicatorValue:
    return _review(
        value, allowed_from=(ValueStatus.SUBMITTED,), to_status=ValueStatus.VALIDATED, by=by
    )


@transaction.atomic
def indicator_value_reject(*, value: IndicatorValue, by: User, comment: str) -> IndicatorValue:
    if not comment.strip():
        raise ValidationError({"review_comment": "Expliquez le motif du refus."})
    return _review(
        value,
        allowed_from=(ValueStatus.SUBMITTED, ValueStatus.VALIDATED),
        to_status=ValueStatus.REJECTED,
        by=by,
        comment=comment,
    )
