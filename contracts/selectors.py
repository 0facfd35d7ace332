"""Reads of contracts with what their pages need, in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

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
            queryset=CoordinatorAssignment.objects.select_related("person__organisation").order_by(
                "-started_on"
            ),
        ),
        "amendments",
    )


def contract_meetings(contract: Contract) -> QuerySet[Meeting]:
    return (
        contract.meetings.select_related("body", "minutes")
        .prefetch_related("attending_organisations")
        .order_by("-held_on")
    )
