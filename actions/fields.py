"""The fields of a fiche action its editors write, declared once.

The sheet's form, the API's serializers, the spreadsheet's Actions sheet, the service that keeps
the lists' history and the documents' snapshots take their fields from here; what kind of
value each field holds, its label (`verbose_name`) and whether it is required come from the
model.
"""

from django.db import models
from django.utils.text import capfirst

from actions.models import Action

# In the order the form shows them and the API writes them (its keys, and the JSON PostgreSQL
# builds from them, config/fastpaths/json_rows.py, keep this order).
EDITED_FIELDS = (
    "axis",
    "objectives",
    "number",
    "title",
    "description",
    "rationale",
    "expected_results",
    "lead_organisation",
    "lead_person",
    "partners",
    "target_groups",
    "determinants",
    "themes",
    "intervention_communes",
    "citizen_participation",
    "priority",
    "status",
    "starts_on",
    "planned_end_on",
    "ended_on",
    "is_confidential",
)


def model_field(name: str) -> models.Field:
    return Action._meta.get_field(name)


def label(name: str) -> str:
    """The field's label as the interface writes it: `Contexte et justification`."""
    return capfirst(model_field(name).verbose_name)


# The lists (many-to-many relations) and the long texts, in the same order.
LIST_FIELDS = tuple(name for name in EDITED_FIELDS if model_field(name).many_to_many)
TEXT_FIELDS = tuple(
    name for name in EDITED_FIELDS if isinstance(model_field(name), models.TextField)
)
