"""Tombstones: every deletion of an object the API publishes leaves a trace in `Tombstone`.

Recorded on `post_delete` rather than in each service because objects are also deleted by the
admin and by cascades (a deleted contract takes its actions and values with it), and a partner
tool must learn of those too. Models of later apps are named by label, not imported, so the
dependency chain holds; the resource names are those of the API (/api/v1/<resource>/).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete

from contracts.models import Tombstone


def _contract(obj):
    return obj.contract_id, False


def _action_part(action):
    return action.contract_id, action.is_confidential


def _indicator_part(indicator):
    confidential = indicator.action_id is not None and indicator.action.is_confidential
    return indicator.contract_id, confidential


# Resource name, and how to find the contract and the confidentiality of a deleted object.
TRACED = {
    "contracts.Contract": ("contracts", lambda contract: (contract.pk, False)),
    "contracts.Signatory": ("signatories", _contract),
    "contracts.Amendment": ("amendments", _contract),
    "contracts.Axis": ("axes", _contract),
    "contracts.Objective": ("objectives", lambda objective: (objective.axis.contract_id, False)),
    "contracts.GovernanceBody": ("governance-bodies", _contract),
    "contracts.Meeting": ("meetings", _contract),
    "actions.Action": ("actions", _action_part),
    "actions.ActionUpdate": ("action-notes", lambda note: _action_part(note.action)),
    "indicators.Indicator": ("indicators", _indicator_part),
    "indicators.IndicatorValue": (
        "indicator-values",
        lambda value: _indicator_part(value.indicator),
    ),
    "reports.EvaluationReport": ("reports", _contract),
    "actors.Organisation": ("organisations", lambda organisation: (None, False)),
    "territories.Territory": ("territories", lambda territory: (None, False)),
}


def _record(sender, instance, **kwargs):
    resource, locate = TRACED[sender._meta.label]
    try:
        contract_id, confidential = locate(instance)
    except ObjectDoesNotExist:
        # The parent went first: shown to administrators only, the parent's own tombstone tells.
        contract_id, confidential = None, True
    region_code = instance.ars.region_id if resource == "contracts" else ""
    Tombstone.objects.create(
        resource=resource,
        object_id=str(instance.pk),
        contract_id=contract_id,
        region_code=region_code or "",
        is_confidential=confidential,
    )


def connect():
    for label in TRACED:
        post_delete.connect(_record, sender=label, weak=False, dispatch_uid=f"tombstone-{label}")
