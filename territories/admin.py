"""Admin of the referential (read-mostly, kept up to date by `load_territories`) and territories."""

from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from territories.models import Commune, Departement, Epci, Region, Territory
from territories.services import NO_COMMUNE_MESSAGE


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "=code"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "=code"]
    autocomplete_fields = ["region"]


# Read-only: membership comes from the DGCL file, and an edit here would be undone by the next load.
class EpciCommuneInline(admin.TabularInline):
    model = Commune
    fields = ["code", "name", "population"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["name", "siren", "kind", "communes_count"]
    list_filter = ["kind"]
    search_fields = ["name", "=siren"]
    inlines = [EpciCommuneInline]

    def get_queryset(self, request):
        # A subquery, run for the rows shown only: a join counted every commune of France,
        # for the page and again for each count of the list.
        communes = (
            Commune.objects.filter(epci=OuterRef("pk"))
            .order_by()
            .values("epci")
            .annotate(count=Count("*"))
            .values("count")
        )
        return (
            super().get_queryset(request).annotate(communes_count=Coalesce(Subquery(communes), 0))
        )

    @admin.display(description="communes", ordering="communes_count")
    def communes_count(self, epci):
        return epci.communes_count


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "departement", "epci", "population"]
    list_filter = ["region"]
    list_select_related = ["departement", "epci"]
    search_fields = ["name", "^code"]
    autocomplete_fields = ["departement", "region", "epci"]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "population", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["communes", "epci", "departement"]
    readonly_fields = ["population", "created_at", "updated_at"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "communes":
            # The model allows an empty set only so that communes can be added after the insert.
            kwargs["required"] = True
            kwargs["error_messages"] = {"required": NO_COMMUNE_MESSAGE}
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The communes are saved only now, after the territory itself: refresh what derives from them.
        form.instance.refresh_population()
