"""The alerts on contracts that need attention (ending soon, without a coordinator, without a
COPIL for a year, with late actions or overdue values): on the dashboard and the contract
list, in the annual review and in the weekly e-mail to ARS staff and coordinators.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from actions.models import Action
from contracts.models import Contract, Meeting
from indicators.enums import Periodicity
from indicators.models import Indicator, IndicatorValue
from indicators.periods import Period

ENDING_SOON_DAYS = 183
COPIL_MAX_GAP_DAYS = 365


def contracts_ending_soon(contracts: QuerySet[Contract], on: datetime.date) -> QuerySet[Contract]:
    return contracts.ending_within(ENDING_SOON_DAYS, on)


def contracts_without_coordinator(
    contracts: QuerySet[Contract], on: datetime.date
) -> QuerySet[Contract]:
    return contracts.flagged_without_coordinator(on)


def contracts_without_recent_copil(
    contracts: QuerySet[Contract], on: datetime.date
) -> QuerySet[Contract]:
    """Contracts in force for a year or more whose COPIL has not met for 12 months."""
    since = on - datetime.timedelta(days=COPIL_MAX_GAP_DAYS)
    recent_copil = Meeting.objects.copil().since(since).filter(contract=OuterRef("pk"))
    return (
        contracts.active(on)
        .filter(Q(starts_on__lte=since) | Q(starts_on__isnull=True, signed_on__lte=since))
        .exclude(Exists(recent_copil))
    )


def contracts_with_late_actions(
    contracts: QuerySet[Contract], on: datetime.date
) -> QuerySet[Contract]:
    return contracts.filter(Exists(Action.objects.late(on).filter(contract=OuterRef("pk"))))


def overdue_indicators(on: datetime.date) -> QuerySet[Indicator]:
    """Indicators of contracts in force with no value for their last completed period."""
    missing = Q()
    for periodicity in Periodicity:
        last = Period.containing(on, periodicity).previous()
        has_value = IndicatorValue.objects.filter(indicator=OuterRef("pk"), period=last.code)
        missing |= (
            Q(definition__periodicity=periodicity)
            & Q(contract__starts_on__lte=last.end)
            & ~Q(contract__ends_on__lt=last.start)
            & ~Exists(has_value)
        )
    return Indicator.objects.filter(contract__in=Contract.objects.active(on)).filter(missing)


def contracts_with_overdue_values(
    contracts: QuerySet[Contract], on: datetime.date
) -> QuerySet[Contract]:
    # The scope's indicators only, not the nation's.
    overdue = overdue_indicators(on).filter(contract__in=contracts.values("pk"))
    return contracts.filter(pk__in=overdue.values("contract_id"))


@dataclass(frozen=True)
class AlertKind:
    key: str
    label: str
    select: callable


# Each alert of the dashboard, also a filter of the contract list (`?alert=<key>`).
ALERTS = {
    alert.key: alert
    for alert in (
        AlertKind(
            "ending_soon", "Contrats arrivant à échéance dans les 6 mois", contracts_ending_soon
        ),
        AlertKind(
            "no_coordinator", "Contrats sans coordonnateur en poste", contracts_without_coordinator
        ),
        AlertKind("no_copil", "Pas de COPIL réuni depuis 12 mois", contracts_without_recent_copil),
        AlertKind(
            "late_actions", "Contrats avec des actions en retard", contracts_with_late_actions
        ),
        AlertKind(
            "overdue_values",
            "Valeurs d'indicateurs en attente pour la dernière période",
            contracts_with_overdue_values,
        ),
    )
}
