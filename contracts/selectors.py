"""Reads of contracts with what their pages need, in a fixed number of queries."""

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet

from actors.models import Organisation, Person
from contracts.models import Contract, CoordinatorAssignment, Meeting, Signatory

CONTRACT_HEADER_RELATED = ("territory", "ars__region", "predecessor", "successor")


def contract_for_summary() -> QuerySet[Contract]:
    return Contract.objects.select_related(*CONTRACT_HEADER_RELATED).prefetch_related(
        Prefetch(
            "signatories",
            queryset=Signatory.objects.select_related("organisation", "person").order_by(
                "order", "id"
            ),
        ),
        Prefetch(
            "coordinator_assignments",
            queryset=CoordinatorAssignment.objects.select_related(
                "person__organisation", "person__user"
            ).order_by("-started_on"),
        ),
        "amendments",
    )


def contract_meetings(contract: Contract) -> QuerySet[Meeting]:
    return (
        contract.meetings.select_related("body", "minutes")
        .prefetch_related("attending_organisations")
        .order_by("-held_on")
    )


def _reached_from(model, contract: Contract, *paths: str) -> QuerySet:
    """The `model` objects linked to `contract` by any of `paths`: one subquery per path (joining
    every path at once multiplied the rows into the millions on a large contract)."""
    linked = Q()
    for path in paths:
        linked |= Q(pk__in=model.objects.filter(**{path: contract}).values("pk"))
    return model.objects.filter(linked)


def contract_people(contract: Contract) -> QuerySet:
    """People linked to a contract: coordinators, leads, signatories, body members and the staff
    of its signatory organisations."""
    return _reached_from(
        Person,
        contract,
        "coordinator_assignments__contract",
        "led_actions__contract",
        "signatures__contract",
        "bodies__contract",
        "organisation__signatures__contract",
        "meetings__contract",
    ).order_by("last_name", "first_name")


def contract_organisations(contract: Contract) -> QuerySet:
    """Organisations taking part in a contract: its ARS, signatories, pilots and partners."""
    return _reached_from(
        Organisation,
        contract,
        "ars_contracts",
        "signatures__contract",
        "led_actions__contract",
        "partner_actions__contract",
        "bodies__contract",
    ).order_by("name")


def organisations_offered(contract: Contract, keep: Iterable[int] = ()) -> QuerySet[Organisation]:
    """The organisations a form of `contract` offers to choose from: those of its région,
    national ones (of no région), those already taking part in it, and the ids in `keep`
    (already chosen). A national platform holds a thousand more."""
    region = Organisation.objects.filter(pk=contract.ars_id).values("region_id")
    return Organisation.objects.filter(
        Q(region_id__in=region)
        | Q(region__isnull=True)
        | Q(pk__in=contract_organisations(contract).values("pk"))
        | Q(pk__in=[pk for pk in keep if pk])
    ).order_by("name")


def people_offered(contract: Contract, keep: Iterable[int] = ()) -> QuerySet[Person]:
    """The people a form of `contract` offers: those linked to it, the staff of the
    organisations taking part in it, and the ids in `keep` (already chosen). Someone else is
    typed in as a new person: a coordinator need not see every name of the région."""
    return (
        Person.objects.filter(
            Q(organisation__in=contract_organisations(contract).values("pk"))
            | Q(pk__in=contract_people(contract).values("pk"))
            | Q(pk__in=[pk for pk in keep if pk])
        )
        .only("first_name", "last_name")  # what a choice shows
        .order_by("last_name", "first_name")
    )
