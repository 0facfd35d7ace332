"""Admin of action sheets."""

from django.contrib import admin
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
from actions.selectors import actions_matching
from actors.models import Organisation
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
    # A filtered list counts its own rows, not the 50,000 actions as well.
    show_full_result_count = False
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
        # Each condition is its own subquery, so that the words go through their index.
        contracts = Contract.objects.filter(title__icontains=term)
        matches = queryset.filter(
            Q(pk__in=actions_matching(term).values("pk"))
            | Q(number=term)
            | Q(contract__in=contracts)
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
    show_full_result_count = False
    list_filter = ["scheme", "nature", "year", "status"]
    search_fields = ["action__title", "funder__name", "reference"]
    autocomplete_fields = ["action", "funder"]

    def get_search_results(self, request, queryset, search_term):
        # Actions (by the words of their texts) and funders are looked for on their own, then
        # their lines found by index, rather than by joining every line to its action and
        # funder.
        term = search_term.strip()
        if not term:
            return queryset, False
        funders = Organisation.objects.filter(name__icontains=term)
        matches = queryset.filter(
            Q(reference__icontains=term)
            | Q(action__in=actions_matching(term).values("pk"))
            | Q(funder__in=funders)
        )
        return matches, False


@admin.register(TargetGroup, Determinant)
class VocabularyTermAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "order"]
