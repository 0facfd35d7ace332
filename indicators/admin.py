"""Admin of the indicator catalogue, indicators and values."""

import re

from django.contrib import admin
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from contracts.models import Contract
from indicators.models import (
    Indicator,
    IndicatorDefinition,
    IndicatorValue,
    PlanImport,
    PlanImportMapping,
)

# What a word must look like to be part of a period as stored: 2025, 2025-S1, 2025-Q3, 2025-03.
PERIOD_FRAGMENT = re.compile(r"[0-9SQ-]+", re.IGNORECASE)


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "unit", "periodicity", "scope"]
    list_filter = ["kind", "scope", "periodicity", "geographic_level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["region", "contract"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ["period", "value", "numerator", "denominator", "status", "comment"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["definition", "contract", "action", "baseline_value", "target_value"]
    ordering = ["-updated_at"]
    list_select_related = ["definition", "contract", "action"]
    list_filter = ["definition__kind", "contract__ars__region"]
    search_fields = ["definition__name", "definition__code", "contract__title"]
    autocomplete_fields = ["definition", "contract", "action", "responsible"]
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "value", "status", "entered_by", "updated_at"]
    ordering = ["-updated_at"]
    list_select_related = ["indicator__definition", "entered_by"]
    list_filter = ["status", "indicator__definition__periodicity"]
    search_fields = ["indicator__definition__name", "indicator__contract__title", "period"]
    search_help_text = "Nom de l'indicateur, intitulé du contrat ou période."
    # One count of 200,000 values is enough.
    show_full_result_count = False
    autocomplete_fields = ["indicator"]
    readonly_fields = [
        "period_start",
        "period_end",
        "entered_by",
        "entered_at",
        "validated_by",
        "validated_at",
    ]

    def get_search_results(self, request, queryset, search_term):
        # Names and titles are looked for among the few definitions and contracts, whose
        # indicators' values are then found by index. A period is looked for only with a word
        # that can be part of one: otherwise each of the 200,000 values would be read.
        for word in search_term.split():
            indicators = Indicator.objects.filter(
                Q(definition__in=IndicatorDefinition.objects.filter(name__icontains=word))
                | Q(contract__in=Contract.objects.filter(title__icontains=word))
            )
            found = Q(indicator__in=indicators)
            if PERIOD_FRAGMENT.fullmatch(word):
                found |= Q(period__icontains=word)
            queryset = queryset.filter(found)
        return queryset, False

    def save_model(self, request, obj, form, change):
        # The admin form runs full_clean(), which parses the period and stores its bounds.
        obj.entered_by = obj.entered_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    """Support sees how a contract's imports went (a stuck one is marked failed here)."""

    list_display = ["contract", "requested_by", "status", "rows_total", "requested_at"]
    list_filter = ["status"]
    list_select_related = ["contract", "requested_by"]
    search_fields = ["contract__title", "file_name"]
    autocomplete_fields = ["contract", "requested_by"]
    readonly_fields = ["requested_at", "finished_at"]


@admin.register(PlanImportMapping)
class PlanImportMappingAdmin(admin.ModelAdmin):
    list_display = ["contract", "sheet", "header_row", "updated_at"]
    list_select_related = ["contract"]
    search_fields = ["contract__title"]
    autocomplete_fields = ["contract"]
