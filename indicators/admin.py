"""Admin of the indicator catalogue, indicators and values."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator, IndicatorDefinition, IndicatorValue


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
    list_filter = ["definition__kind", "contract__ars__region"]
    search_fields = ["definition__name", "definition__code", "contract__title"]
    autocomplete_fields = ["definition", "contract", "action", "responsible"]
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "value", "status", "entered_by", "updated_at"]
    list_filter = ["status", "indicator__definition__periodicity"]
    search_fields = ["indicator__definition__name", "indicator__contract__title", "period"]
    autocomplete_fields = ["indicator"]
    readonly_fields = [
        "period_start",
        "period_end",
        "entered_by",
        "entered_at",
        "validated_by",
        "validated_at",
    ]

    def save_model(self, request, obj, form, change):
        # The admin form runs full_clean(), which parses the period and stores its bounds.
        obj.entered_by = obj.entered_by or request.user
        super().save_model(request, obj, form, change)
