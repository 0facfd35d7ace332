"""Factories for organisations, people, accounts and memberships."""

import factory
from factory.django import DjangoModelFactory

from actors.enums import MembershipRole, OrganisationKind
from actors.models import Membership, Organisation, Person, User
from tests.territories.factories import RegionFactory

PASSWORD = "mot-de-passe-de-test"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)

    class Params:
        national_admin = factory.Trait(is_superuser=True, is_staff=True)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.ASSOCIATION

    class Params:
        ars = factory.Trait(
            kind=OrganisationKind.ARS,
            region=factory.SubFactory(RegionFactory),
            name=factory.LazyAttribute(lambda org: f"ARS {org.region.name} {org.region.code}"),
        )
        collectivite = factory.Trait(kind=OrganisationKind.EPCI)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    job_title = factory.Faker("job", locale="fr_FR")
    organisation = factory.SubFactory(OrganisationFactory)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.MEMBER
