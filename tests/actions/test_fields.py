"""The fields of a fiche action are declared once (actions/fields.py): the form, the API and the
spreadsheet show them all, in that order where they have one."""

from actions.api import ActionInputSerializer, ActionSerializer
from actions.fields import EDITED_FIELDS
from actions.forms import ActionForm
from indicators.spreadsheets import SHEETS


def test_the_form_shows_the_sheet_fields_in_their_declared_order():
    shown = [name for name in ActionForm.base_fields if name in EDITED_FIELDS]
    assert shown == list(EDITED_FIELDS)


def test_the_api_writes_every_field_but_the_lead_person_and_shows_it_by_name():
    written = ActionInputSerializer.Meta.fields
    assert [name for name in written if name in EDITED_FIELDS] == [
        name for name in EDITED_FIELDS if name != "lead_person"
    ]
    assert "lead_person_name" in ActionSerializer.Meta.fields


def test_the_actions_sheet_has_a_column_per_field_named_by_its_label_or_what_it_holds():
    headers = {column.key: column.header for column in SHEETS["Actions"]}
    assert set(headers) == set(EDITED_FIELDS)
    assert headers["rationale"] == "Contexte et justification"
    assert headers["lead_person"] == "Référent (adresse électronique)"
