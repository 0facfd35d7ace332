"""Factories for the referential and territories, for small fixtures.

Codes start with "Z" (SIREN with "99"), which no INSEE code or EPCI SIREN does, so that factory
rows never collide with the real referential when a test loads it.
"""

import string

import factory
from factory.django import DjangoModelFactory

from territories.enums import EpciKind, TerritoryKind
from territories.models import Commune, Departement, Epci, Region, Territory

BASE36 = string.digits + string.ascii_uppercase


def fake_code(n: int, length: int) -> str:
    """A "Z" followed by `n` in base 36 over `length - 1` characters, e.g. fake_code(37, 3) == "Z11"."""
    digits = ""
    for _ in range(length - 1):
        n, digit = divmod(n, 36)
        digits = BASE36[digit] + digits
    return "Z" + digits


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: fake_code(n, 3))
    name = factory.Faker("region", locale="fr_FR")


class DepartementFactory(DjangoModelFactory):
    class Meta:
        model = Departement

    code = factory.Sequence(lambda n: fake_code(n, 3))
    name = factory.Faker("department_name", locale="fr_FR")
    region = factory.SubFactory(RegionFactory)


class EpciFactory(DjangoModelFactory):
    class Meta:
        model = Epci

    siren = factory.Sequence(lambda n: f"99{n:07d}")
    name = factory.LazyAttribute(lambda epci: f"{epci.kind} de {epci.city}")
    kind = EpciKind.CC

    class Params:
        city = factory.Faker("city", locale="fr_FR")


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune

    code = factory.Sequence(lambda n: fake_code(n, 5))
    name = factory.Faker("city", locale="fr_FR")
    departement = factory.SubFactory(DepartementFactory)
    region = factory.SelfAttribute("departement.region")
    epci = None
    population = factory.Faker("random_int", min=50, max=50_000)

    class Params:
        in_epci = factory.Trait(epci=factory.SubFactory(EpciFactory))


class TerritoryFactory(DjangoModelFactory):
    """A custom territory; `communes=[...]` sets its communes, otherwise it gets a new one."""

    class Meta:
        model = Territory
        # The post-generation hook saves what it changes: no second save of the whole row.
        skip_postgeneration_save = True

    name = factory.Faker("city", locale="fr_FR")
    kind = TerritoryKind.CUSTOM

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if not create:
            return
        # A territory always has at least one commune, as the services require.
        self.communes.set(extracted if extracted is not None else [CommuneFactory()])
        self.refresh_population()
