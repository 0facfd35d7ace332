"""The French administrative referential and the territories contracts are signed on.

Régions, départements, EPCI and communes come from the official geographic code (INSEE, DGCL)
and are loaded by `load_territories`; their INSEE or SIREN code is their primary key.
A `Territory` is a named set of communes whose population is derived from its communes.
"""

from django.db import models
from django.db.models import Sum
from django.urls import reverse

from territories.enums import EpciKind, TerritoryKind


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        verbose_name_plural = "régions"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("region_detail", args=[self.code])


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(
        Region, verbose_name="région", on_delete=models.PROTECT, related_name="departements"
    )

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def get_absolute_url(self):
        return reverse("departement_detail", args=[self.code])


class Epci(models.Model):
    """An établissement public de coopération intercommunale à fiscalité propre."""

    siren = models.CharField("SIREN", max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature juridique", max_length=10, choices=EpciKind.choices)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("epci_detail", args=[self.siren])


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=100)
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, related_name="communes"
    )
    # Kept beside the département so that scoping a query by région needs no extra join.
    region = models.ForeignKey(
        Region, verbose_name="région", on_delete=models.PROTECT, related_name="communes"
    )
    epci = models.ForeignKey(
        Epci,
        verbose_name="EPCI",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communes",
    )
    population = models.PositiveIntegerField("population municipale", default=0)

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["name", "code"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def get_absolute_url(self):
        return reverse("commune_detail", args=[self.code])


class TerritoryQuerySet(models.QuerySet):
    def in_region(self, region):
        return self.filter(communes__region=region).distinct()


class Territory(models.Model):
    """A named set of communes: one commune, an EPCI, a pays, a département, a custom area."""

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=TerritoryKind.choices)
    communes = models.ManyToManyField(
        Commune, verbose_name="communes", related_name="territories", blank=True
    )
    # What the territory was built from, when it mirrors an administrative unit.
    epci = models.ForeignKey(
        Epci, verbose_name="EPCI d'origine", on_delete=models.PROTECT, null=True, blank=True
    )
    departement = models.ForeignKey(
        Departement,
        verbose_name="département d'origine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    # Derived from the communes by `refresh_population()`; stored because lists and dashboards
    # sum it over thousands of territories.
    population = models.PositiveIntegerField("population", default=0, editable=False)
    description = models.TextField("description", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = "territoire"
        verbose_name_plural = "territoires"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def compute_population(self) -> int:
        return self.communes.aggregate(total=Sum("population"))["total"] or 0

    def refresh_population(self):
        self.population = self.compute_population()
        self.save(update_fields=["population", "updated_at"])
