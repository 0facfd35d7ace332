"""Filters of the ARS's queue of values to review: by contract, indicator and period."""

import django_filters
from django.db.models import Q, QuerySet

from contracts.models import Contract
from indicators.enums import ValueStatus
from indicators.models import IndicatorDefinition, IndicatorValue
from indicators.periods import period_label


class ReviewQueueFilter(django_filters.FilterSet):
    """Each filter offers what the queue holds (the contracts, indicators and periods of the
    values waiting, never the whole région's), and keeps the choice made even once its values
    have all been reviewed: the queue then says that none is left rather than refuse the choice.

    `reviewable`: every value the user reviews, whatever its status; `queryset`: those waiting.
    """

    contract = django_filters.ModelChoiceFilter(
        label="Contrat", queryset=Contract.objects.none(), empty_label="Tous"
    )
    indicator = django_filters.ModelChoiceFilter(
        label="Indicateur",
        field_name="indicator__definition",
        queryset=IndicatorDefinition.objects.none(),
        empty_label="Tous",
    )
    period = django_filters.ChoiceFilter(label="Période", choices=(), empty_label="Toutes")

    def __init__(self, data, queryset, *, reviewable: QuerySet[IndicatorValue]):
        super().__init__(data, queryset=queryset)
        self.reviewable = reviewable.order_by()
        self.filters["contract"].queryset = Contract.objects.filter(
            pk__in=self._offered("contract_id", "contract_id").values("contract_id")
        ).order_by("title")
        self.filters["indicator"].queryset = IndicatorDefinition.objects.filter(
            pk__in=self._offered("indicator", "indicator__definition_id").values(
                "indicator__definition_id"
            )
        ).order_by("name")
        # Read once here: choices given as a callable would be read again by the validation.
        periods = self._offered("period", "period").order_by("period_start", "period")
        self.filters["period"].extra["choices"] = [
            (code, period_label(code))
            for code in dict.fromkeys(periods.values_list("period", flat=True).distinct())
        ]

    def _offered(self, name: str, lookup: str) -> QuerySet[IndicatorValue]:
        """The values whose `lookup` the filter `name` offers: those waiting, and those of
        the choice made."""
        offered = Q(status=ValueStatus.SUBMITTED)
        chosen = (self.data or {}).get(name)
        if chosen and (name == "period" or chosen.isdigit()):
            offered |= Q(**{lookup: chosen})
        return self.reviewable.filter(offered)
