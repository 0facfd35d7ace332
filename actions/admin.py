"""Admin of action sheets."""

from django.contrib import admin
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from actions.models import (
    Action,
    ActionDocument,
    ActionUpdate,
    Determinant,
    FundingLine,
    Milestone,
    TargetGroup,
)
from actions.selectors import ACTION_SEARCH_VECTOR
from contracts.models import Contract


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class ActionUpdateInline(admin.StackedInline):
    model = ActionUpdate
    extra = 0
    autocomplete_fields = ["author"]


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0
    autocomplete_fields = ["funder"]


class ActionDocumentInline(admin.TabularInline):
    model = ActionDocument
    extra = 0
    readonly_fields = ["content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "contract", "status", "priority", "planned_end_on"]
    # Latest changes first, read down the updated_at index: the model's order sorts 50,000
    # actions by their contract's title.
    ordering = ["-updated_at"]
    list_select_related = ["contract"]
    list_filter = ["status", "priority", "is_confidential", "themes", "contract__ars__region"]
    search_fields = ["number", "title", "contract__title"]
    autocomplete_fields = [
        "contract",
        "axis",
        "objectives",
        "lead_organisation",
        "lead_person",
        "partners",
        "intervention_communes",
        "reviewed_in",
    ]
    search_help_text = "Mots du titre, de la description ou des résultats, numéro exact, contrat."
    filter_horizontal = ["target_groups", "determinants", "themes"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [MilestoneInline, FundingLineInline, ActionUpdateInline, ActionDocumentInline]

    def get_search_results(self, request, queryset, search_term):
        """On PostgreSQL, words as the action search finds them, through the index of the
        texts: looking for a piece of text in 50,000 titles read every action twice (150 ms).
        Also an action's exact number, or the actions of the contracts whose title contains
        the words."""
        term = search_term.strip()
        if connection.vendor != "postgresql" or not term:
            return super().get_search_results(request, queryset, search_term)
        words = SearchQuery(term, config="french", search_type="websearch")
        # Each condition is its own subquery, so that the words go through their index.
        found = Action.objects.annotate(search=ACTION_SEARCH_VECTOR).filter(search=words)
        contracts = Contract.objects.filter(title__icontains=term)
        matches = queryset.filter(
            Q(pk__in=found.values("pk")) | Q(number=term) | Q(contract__in=contracts)
        )
        return matches, False


@admin.register(FundingLine)
class FundingLineAdmin(SimpleHistoryAdmin):
    list_display = [
        "action",
        "funder",
        "scheme",
        "year",
        "planned_amount",
        "granted_amount",
        "paid_amount",
    ]
    ordering = ["-id"]
    list_select_related = ["action", "funder"]
    list_filter = ["scheme", "nature", "year", "status"]
    search_fields = ["action__title", "funder__name", "reference"]
    autocomplete_fields = ["action", "funder"]


@admin.register(TargetGroup, Determinant)
class VocabularyTermAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "order"]
