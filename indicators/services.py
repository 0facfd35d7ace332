"""Writes on indicator values: recording (idempotent upsert by period), the values grid's
batch, and the review workflow (one value, or many from the ARS's queue); whoever submitted a
rejected value hears of it by e-mail."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from actors.models import Person, User
from actors.services import (
    absolute_url,
    email_compose,
    notification_send_on_commit,
    person_find_or_create,
    person_invite,
)
from contracts.models import Contract
from indicators.enums import CatalogueScope, ValueStatus
from indicators.models import Indicator, IndicatorDefinition, IndicatorValue


def indicator_value_upsert(
    *,
    indicator: Indicator,
    period: str,
    value: Decimal,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    comment: str = "",
    source: str = "",
    by: User | None = None,
    check_current: Callable[[IndicatorValue], None] | None = None,
) -> tuple[IndicatorValue, str]:
    """Create or correct the value of `indicator` for `period`, and tell what was done:
    "created", "updated" or "unchanged" (what partner tools report back to their users).

    Sending the same value again changes nothing; a changed value goes back to draft, since
    what the ARS validated was the previous figure. `check_current`, when given, is called with
    the stored value, locked, before anything changes (the API checks If-Match there).
    `indicator` comes with its definition and contract.
    """
    new_fields = {
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "comment": comment,
        "source": source,
    }
    try:
        return _value_upsert(indicator, period, new_fields, by, check_current)
    except IntegrityError:
        # Two first writes of a period at once: neither found a row to lock, and the second
        # insert failed on the unique period once the first committed. Its transaction (or
        # savepoint) is rolled back; written again, it now corrects the value just created.
        return _value_upsert(indicator, period, new_fields, by, check_current)


@transaction.atomic
def _value_upsert(indicator, period, new_fields, by, check_current):
    record = IndicatorValue(indicator=indicator, period=period)
    record.set_period_or_raise(period)
    # Ordered by id: the default ordering joins the indicator, its contract and its definition,
    # whose rows FOR UPDATE would lock as well.
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(indicator=indicator, period=record.period)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        existing.indicator = indicator
        if check_current is not None:
            check_current(existing)
        if all(getattr(existing, f) == v for f, v in new_fields.items()):
            return existing, "unchanged"
        record = existing
    for name, new_value in new_fields.items():
        setattr(record, name, new_value)
    # A new figure has not been reviewed: the previous review stays in the value's history.
    record.status = ValueStatus.DRAFT
    record.review_comment = ""
    record.validated_by = record.validated_at = None
    record.entered_by = by
    _validate(record)
    record.save()
    return record, "created" if existing is None else "updated"


def indicator_value_record(
    *, indicator: Indicator, period: str, by: User | None = None, **fields
) -> IndicatorValue:
    """Create or correct the value of `indicator` for `period`: `indicator_value_upsert`, for
    callers that need not know what it did."""
    record, _ = indicator_value_upsert(indicator=indicator, period=period, by=by, **fields)
    return record


@dataclass
class CellEntry:
    """What the user typed in one cell of the values grid, parsed: the figures, or why they are
    refused (`error`)."""

    indicator: Indicator
    period: str
    typed: dict
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    error: str = ""


@dataclass
class GridSave:
    """What saving the values grid did: the values recorded, and the entries refused, each
    with its reason."""

    saved: list[IndicatorValue] = field(default_factory=list)
    refused: list[CellEntry] = field(default_factory=list)


def indicator_values_record_grid(*, entries: Iterable[CellEntry], by: User) -> GridSave:
    """Record the values typed in the grid, each in a transaction of its own: a refused one
    does not keep the others from being saved.

    An entry refused when it was read stays refused. The grid has no comment column: a
    corrected value keeps its comment and source. Each entry's indicator comes with its
    definition, its contract and its values.
    """
    result = GridSave()
    for entry in entries:
        if entry.error:
            result.refused.append(entry)
            continue
        try:
            value = indicator_value_record(
                indicator=entry.indicator,
                period=entry.period,
                value=entry.value,
                numerator=entry.numerator,
                denominator=entry.denominator,
                **_kept_notes(entry.indicator, entry.period),
                by=by,
            )
        except ValidationError as error:
            result.refused.append(replace(entry, error=" ".join(error.messages)))
        else:
            result.saved.append(value)
    return result


def _kept_notes(indicator: Indicator, period: str) -> dict:
    existing = next((v for v in indicator.values.all() if v.period == period), None)
    if existing is None:
        return {}
    return {"comment": existing.comment, "source": existing.source}


def _validate(value: IndicatorValue):
    """`full_clean()` without the checks that would cost a query each, guaranteed here: the
    foreign keys are objects the service holds or ids just read from the row; the row of the
    period was looked up under lock (or its period is not changed); `clean()` checks the rules of
    the check constraints. The database checks them all again when the value is saved."""
    value.full_clean(
        exclude=["indicator", "contract", "entered_by", "validated_by"],
        validate_unique=False,
        validate_constraints=False,
    )


def _review(value: IndicatorValue, *, allowed_from, to_status, by, comment=""):
    # Read again, locked: a correction committed since the caller read the value is reviewed
    # as what it now is (a draft), and its new figure is not overwritten with the one read.
    current = IndicatorValue.objects.select_for_update().get(pk=value.pk)
    current.indicator = value.indicator
    if current.status not in allowed_from:
        raise ValidationError(
            f"Une valeur « {current.get_status_display()} » ne peut pas devenir "
            f"« {ValueStatus(to_status).label} »."
        )
    current.status = to_status
    current.review_comment = comment
    # Who submitted is read back from the history when a rejection is announced.
    current._history_user = by
    if to_status in (ValueStatus.VALIDATED, ValueStatus.REJECTED):
        current.validated_by, current.validated_at = by, timezone.now()
    _validate(current)
    current.save()
    return current


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


REJECTION_UNEXPLAINED = "Expliquez le motif du refus."


@transaction.atomic
def indicator_value_reject(*, value: IndicatorValue, by: User, comment: str) -> IndicatorValue:
    """The ARS refuses a value, with the reason; whoever submitted it is told by e-mail, once
    the refusal is committed, with the reason and a link to correct it."""
    if not comment.strip():
        raise ValidationError({"review_comment": REJECTION_UNEXPLAINED})
    rejected = _review(
        value,
        allowed_from=(ValueStatus.SUBMITTED, ValueStatus.VALIDATED),
        to_status=ValueStatus.REJECTED,
        by=by,
        comment=comment,
    )
    _announce_rejection(rejected, by)
    return rejected


def value_submitter(value: IndicatorValue) -> User | None:
    """Who submitted `value` to the ARS: the author of its latest submission in its history,
    or, when the history does not say (values imported or seeded), who entered it."""
    submission = (
        value.history.filter(status=ValueStatus.SUBMITTED)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if submission is not None and submission.history_user is not None:
        return submission.history_user
    return value.entered_by


def value_correction_url(value: IndicatorValue) -> str:
    """The values grid where `value` is corrected, opened on its period: its action's grid
    when the indicator belongs to an action, the contract's otherwise."""
    indicator = value.indicator
    if indicator.action_id is None:
        path = reverse("values_grid", args=[indicator.contract_id])
    else:
        path = reverse("action_values_grid", args=[indicator.contract_id, indicator.action_id])
    return absolute_url(f"{path}?periode={value.period}")


def _announce_rejection(value: IndicatorValue, by: User) -> None:
    submitter = value_submitter(value)
    if submitter is None:
        return
    indicator = value.indicator
    notification_send_on_commit(
        user=submitter,
        # One e-mail per refusal: a value corrected and refused again is announced again.
        key=f"value-rejected:{value.pk}:{value.validated_at:%Y%m%d%H%M%S%f}",
        subject=f"Plateforme CLS : valeur refusée pour « {indicator.definition.name} »"[:255],
        **email_compose(
            "indicators/email/value_rejected",
            user=submitter,
            value=value,
            indicator=indicator,
            contract=indicator.contract,
            reviewer=by,
            url=value_correction_url(value),
        ),
    )


@dataclass
class Review:
    """What a decision on many values did: the values reviewed, and those refused, each with
    its reason (reviewed meanwhile, corrected since it was read)."""

    done: list[IndicatorValue] = field(default_factory=list)
    refused: list[tuple[IndicatorValue, str]] = field(default_factory=list)


def _review_each(values: Iterable[IndicatorValue], decide: Callable) -> Review:
    # Each value in a transaction of its own: one that changed since it was read does not
    # keep the others from being reviewed.
    result = Review()
    for value in values:
        try:
            result.done.append(decide(value))
        except ValidationError as error:
            result.refused.append((value, " ".join(error.messages)))
    return result


def indicator_values_validate(*, values: Iterable[IndicatorValue], by: User) -> Review:
    """Validate many submitted values at once (the ARS's queue). Each value comes with its
    indicator, the indicator's definition and contract."""
    return _review_each(values, lambda value: indicator_value_validate(value=value, by=by))


def indicator_values_reject(*, values: Iterable[IndicatorValue], by: User, comment: str) -> Review:
    """Refuse many values at once for the same reason, which is required: without it nothing
    is refused. Each submitter is told by e-mail. Values come as for `indicator_values_validate`."""
    if not comment.strip():
        raise ValidationError({"review_comment": REJECTION_UNEXPLAINED})
    return _review_each(
        values, lambda value: indicator_value_reject(value=value, by=by, comment=comment)
    )


@transaction.atomic
def indicator_definition_create_for_contract(
    *, contract: Contract, name: str, code: str = "", **fields
) -> IndicatorDefinition:
    """An indicator of the contract's own (scope "contract"), when the catalogue has none fit.

    Without a code, it takes the next free one of the contract, such as `CLS12-3`.
    """
    if not code:
        prefix = f"CLS{contract.pk}-"
        taken = set(
            IndicatorDefinition.objects.filter(code__startswith=prefix).values_list(
                "code", flat=True
            )
        )
        number = len(taken) + 1
        while f"{prefix}{number}" in taken:
            number += 1
        code = f"{prefix}{number}"
    definition = IndicatorDefinition(
        code=code, name=name, scope=CatalogueScope.CONTRACT, contract=contract, **fields
    )
    definition.full_clean()
    definition.save()
    return definition


@transaction.atomic
def indicator_create(
    *,
    contract: Contract,
    definition: IndicatorDefinition,
    action: Action | None = None,
    by: User | None = None,
    responsible_name: str = "",
    responsible_email: str = "",
    **fields,
) -> Indicator:
    """Follow `definition` on the contract (or one of its actions), with baseline and target;
    a responsible person named with an e-mail address is invited to it."""
    if not definition.is_available_to(contract):
        raise ValidationError(
            {"definition": "Cet indicateur n'appartient pas au catalogue de ce contrat."}
        )
    if responsible_name.strip():
        fields["responsible"] = responsible_named(responsible_name, responsible_email)
    indicator = Indicator(contract=contract, definition=definition, action=action, **fields)
    indicator._history_user = by
    indicator.full_clean()
    indicator.save()
    responsible_invite(indicator, by)
    return indicator


def _on_responsible_email(error: ValidationError) -> ValidationError:
    messages = error.message_dict.get("email") if hasattr(error, "error_dict") else None
    return ValidationError({"responsible_email": messages}) if messages else error


def responsible_named(name: str, email: str) -> Person:
    """The person typed in as responsible: the person (and account) of their address if there
    is one, else a new person."""
    first_name, _, last_name = name.strip().partition(" ")
    try:
        return person_find_or_create(
            first_name=first_name, last_name=last_name or first_name, email=email
        )
    except ValidationError as error:
        raise _on_responsible_email(error) from error


def responsible_invite(indicator: Indicator, by: User | None) -> None:
    """The responsible person named with an e-mail address is invited, landing on the
    indicator (or told by e-mail, if they have an account); nothing is kept on a refusal."""
    if indicator.responsible is None:
        return
    try:
        person_invite(
            person=indicator.responsible,
            by=by,
            about=f"indicator:{indicator.pk}",
            purpose=f"suivre l'indicateur « {indicator.definition.name} » du contrat "
            f"« {indicator.contract.title} »"[:255],
            landing_url=reverse("indicator_detail", args=[indicator.contract_id, indicator.pk]),
        )
    except ValidationError as error:
        raise _on_responsible_email(error) from error


@transaction.atomic
def indicator_values_submit(*, values, by: User) -> int:
    """Submit every draft among `values` to the ARS; how many were submitted."""
    count = 0
    for value in values:
        if value.status == ValueStatus.DRAFT:
            indicator_value_submit(value=value, by=by)
            count += 1
    return count
