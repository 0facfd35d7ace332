"""Updating a plan by importing it again: export → edit → import changes what was edited and
nothing else; the preview says what changes, field by field; what the file no longer holds is
left alone, or removed under guard when the user asks; values travel too."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Action, FundingLine
from contracts.models import Axis, Objective
from indicators.enums import ValueStatus
from indicators.models import Indicator, IndicatorValue
from tests.actions.factories import ActionFactory
from tests.actors.factories import OrganisationFactory
from tests.contracts.factories import ObjectiveFactory
from tests.indicators.factories import (
    IndicatorDefinitionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
)
from tests.indicators.test_spreadsheets import confirm_url, import_url, upload


def _export(client, contract) -> bytes:
    return client.get(reverse("plan_export", args=[contract.pk])).content


def _edited(content: bytes, sheet: str, edits: dict[tuple[int, str], object]) -> bytes:
    """The workbook with cells changed, each named by row and header (stars left out)."""
    book = load_workbook(io.BytesIO(content))
    rows = book[sheet]
    header = [str(cell.value or "").replace(" *", "") for cell in rows[1]]
    for (row, column), value in edits.items():
        rows.cell(row=row, column=header.index(column) + 1).value = value
    return _saved(book)


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _without_rows(content: bytes, sheet: str, numbers: list[int]) -> bytes:
    book = load_workbook(io.BytesIO(content))
    for number in sorted(numbers, reverse=True):
        book[sheet].delete_rows(number)
    return _saved(book)


@pytest.fixture
def plan(world):
    """The world's contract with two axes, objectives, three fiches and an indicator."""
    contract = world.contract
    second = Axis.objects.create(contract=contract, number=2, title="Prévention", order=2)
    ObjectiveFactory(axis=world.axis, number="1", title="Maintenir l'offre")
    ActionFactory(axis=world.axis, number="1.2", title="Maison de santé")
    ActionFactory(axis=second, number="2.1", title="Ateliers d'équilibre")
    return contract


def _row_of(content: bytes, sheet: str, number: str) -> int:
    rows = load_workbook(io.BytesIO(content))[sheet].iter_rows(values_only=True)
    return next(i for i, row in enumerate(rows, 1) if str(row[0]) == number)


def test_changing_a_title_in_the_export_updates_that_fiche_and_nothing_else(client, world, plan):
    client.force_login(world.coordinator)
    exported = _export(client, plan)
    row = _row_of(exported, "Actions", "1.2")
    edited = _edited(
        exported, "Actions", {(row, "Intitulé"): "Maison de santé pluriprofessionnelle"}
    )
    before = {a.number: (a.version, a.updated_at) for a in plan.actions.all()}

    preview = client.post(import_url(plan), {"file": upload(edited)})

    assert preview.status_code == 200
    result = preview.context["result"]
    actions = result.sheet("Actions")
    assert actions.added == [] and actions.unchanged == len(before) - 1
    [changed] = actions.changed
    assert [(c.label, c.before, c.after) for c in changed.changes] == [
        ("Intitulé", "Maison de santé", "Maison de santé pluriprofessionnelle")
    ]
    assert "Maison de santé pluriprofessionnelle" in preview.text
    assert [s.has_changes for s in result.sheets] == [False, False, True, False, False]
    assert plan.actions.get(number="1.2").title == "Maison de santé"  # the preview wrote nothing

    assert client.post(confirm_url(plan)).status_code == 302
    after = {a.number: (a.version, a.updated_at) for a in plan.actions.all()}
    assert plan.actions.get(number="1.2").title == "Maison de santé pluriprofessionnelle"
    assert after["1.2"][0] == before["1.2"][0] + 1
    assert {n: v for n, v in after.items() if n != "1.2"} == {
        n: v for n, v in before.items() if n != "1.2"
    }
    assert plan.actions.get(number="1.2").history.latest().history_user == world.coordinator


def test_changed_lists_and_vocabularies_show_before_and_after(client, world, plan):
    client.force_login(world.coordinator)
    plan.actions.filter(number="2.1").update(status="planned", starts_on=None, planned_end_on=None)
    exported = _export(client, plan)
    row = _row_of(exported, "Actions", "2.1")
    edited = _edited(
        exported,
        "Actions",
        {
            (row, "Statut"): "En cours",
            (row, "Partenaires"): "CPAM; Mairie",
            (row, "Début"): "01/02/2027",
        },
    )
    preview = client.post(import_url(plan), {"file": upload(edited)})
    [changed] = preview.context["result"].sheet("Actions").changed
    assert {c.label: (c.before, c.after) for c in changed.changes} == {
        "Partenaires": ("(vide)", "CPAM; Mairie"),
        "Statut": ("Prévue", "En cours"),
        "Début": ("(vide)", "01/02/2027"),
    }
    client.post(confirm_url(plan))
    action = plan.actions.get(number="2.1")
    assert action.status == "in_progress"
    assert {p.name for p in action.partners.all()} == {"CPAM", "Mairie"}


def test_every_error_of_every_row_is_listed(client, world, plan):
    client.force_login(world.coordinator)
    exported = _export(client, plan)
    row = _row_of(exported, "Actions", "1.2")
    edited = _edited(
        exported,
        "Actions",
        {(row, "Statut"): "Fini", (row, "Début"): "bientôt", (row, "Priorité"): "Urgente"},
    )
    response = client.post(import_url(plan), {"file": upload(edited)})
    assert response.status_code == 422
    problems = [p for p in response.context["result"].problems if p.row == row]
    assert sorted(p.column.split(" (")[1].rstrip(")") for p in problems) == [
        "Début",
        "Priorité",
        "Statut",
    ]
    assert "« bientôt » n&#x27;est pas une date : écrivez-la jj/mm/aaaa." in response.text
    assert "« Fini » n&#x27;est pas une valeur reconnue" in response.text
    assert plan.actions.get(number="1.2").title == "Maison de santé"


def test_what_the_file_no_longer_holds_is_left_alone_by_default(client, world, plan):
    client.force_login(world.coordinator)
    exported = _export(client, plan)
    without = _without_rows(exported, "Actions", [_row_of(exported, "Actions", "2.1")])
    preview = client.post(import_url(plan), {"file": upload(without)})
    assert preview.context["result"].sheet("Actions").missing == ["2.1 — Ateliers d'équilibre"]
    assert "laissés tels quels" in preview.text
    client.post(confirm_url(plan))
    assert plan.actions.filter(number="2.1").exists()


def test_ticking_remove_removes_what_the_file_no_longer_holds(client, world, plan):
    client.force_login(world.coordinator)
    exported = _export(client, plan)
    without = _without_rows(exported, "Actions", [_row_of(exported, "Actions", "2.1")])
    without = _without_rows(without, "Axes", [_row_of(without, "Axes", "2")])
    preview = client.post(import_url(plan), {"file": upload(without), "remove_missing": "on"})
    assert preview.status_code == 200, [str(p) for p in preview.context["result"].problems]
    result = preview.context["result"]
    assert result.sheet("Actions").removed == ["2.1 — Ateliers d'équilibre"]
    assert result.sheet("Axes").removed == ["Axe 2 — Prévention"]
    assert plan.actions.filter(number="2.1").exists()  # not before the confirmation
    client.post(confirm_url(plan))
    assert not plan.actions.filter(number="2.1").exists()
    assert not plan.axes.filter(number=2).exists()


def test_removal_refuses_what_would_lose_work_and_says_the_way_out(client, world, plan):
    funded = plan.actions.get(number="2.1")
    FundingLine.objects.create(
        action=funded, funder=OrganisationFactory(), scheme="fir", year=2026, planned_amount=10
    )
    validated = IndicatorFactory(contract=plan, action=None)
    IndicatorValueFactory(indicator=validated, period="2025", status=ValueStatus.VALIDATED)
    client.force_login(world.coordinator)
    exported = _export(client, plan)
    without = _without_rows(exported, "Actions", [_row_of(exported, "Actions", "2.1")])
    book = load_workbook(io.BytesIO(without))
    book.remove(book["Indicateurs"])
    book.create_sheet("Indicateurs").append(["Intitulé"])
    without = _without_rows(_saved(book), "Axes", [3])

    response = client.post(import_url(plan), {"file": upload(without), "remove_missing": "on"})

    assert response.status_code == 422
    text = response.text
    assert (
        "« 2.1 — Ateliers d&#x27;équilibre » n&#x27;est plus dans le fichier mais elle a des lignes de financement"
        in text
    )
    assert "ses valeurs validées par l&#x27;ARS le gardent" in text
    assert "décochez « supprimer ce qui n&#x27;est plus dans le fichier »" in text
    assert "il a encore des fiches actions (2.1)" in text
    assert plan.actions.filter(number="2.1").exists()
    assert Indicator.objects.filter(pk=validated.pk).exists()


def test_an_objective_with_sub_objectives_is_not_removed_alone(client, world, plan):
    general = Objective.objects.get(axis=world.axis, number="1")
    ObjectiveFactory(axis=world.axis, number="1.1", level="specific", parent=general, title="Sous")
    client.force_login(world.coordinator)
    exported = _export(client, plan)
    without = _without_rows(exported, "Objectifs", [_row_of(exported, "Objectifs", "1")])
    response = client.post(import_url(plan), {"file": upload(without), "remove_missing": "on"})
    assert response.status_code == 422
    assert "il a des sous-objectifs gardés" in response.text


def test_values_are_upserted_with_the_grids_checks(client, world, plan):
    definition = IndicatorDefinitionFactory(code="NAT-09", max_value=Decimal(100))
    indicator = IndicatorFactory(contract=plan, definition=definition)
    kept = IndicatorValueFactory(
        indicator=indicator, period="2025", value=Decimal(40), status=ValueStatus.VALIDATED
    )
    client.force_login(world.coordinator)
    exported = _export(client, plan)
    book = load_workbook(io.BytesIO(exported))
    values = book["Valeurs"]
    values.cell(row=2, column=5).value = 45
    values.append(["", definition.name, "NAT-09", "2026", "50,5", None, None, "", "Relevé"])
    values.append(["", definition.name, "NAT-09", "2027", 150, None, None, "", ""])
    values.append(["", definition.name, "NAT-09", "2026-S1", 10, None, None, "", ""])

    response = client.post(import_url(plan), {"file": upload(_saved(book))})

    assert response.status_code == 422
    messages = {(p.row, p.message) for p in response.context["result"].problems}
    assert (4, "La valeur doit être inférieure ou égale à 100.") in messages
    assert any(row == 5 and "période" in message.lower() for row, message in messages)

    values.delete_rows(4, 2)
    response = client.post(import_url(plan), {"file": upload(_saved(book))})
    assert response.status_code == 200, [str(p) for p in response.context["result"].problems]
    report = response.context["result"].sheet("Valeurs")
    assert report.added == [f"{definition.name} — 2026"]
    [changed] = report.changed
    assert {c.label: (c.before, c.after) for c in changed.changes} == {
        "Valeur": ("40", "45"),
        "État": ("Validée", "Brouillon"),
    }
    client.post(confirm_url(plan))
    kept.refresh_from_db()
    assert (kept.value, kept.status) == (Decimal(45), ValueStatus.DRAFT)
    new = IndicatorValue.objects.get(indicator=indicator, period="2026")
    assert (new.value, new.comment, new.entered_by) == (
        Decimal("50.5"),
        "Relevé",
        world.coordinator,
    )


def test_duplicated_numbers_are_named_with_their_rows(client, world, plan):
    client.force_login(world.coordinator)
    exported = _export(client, plan)
    book = load_workbook(io.BytesIO(exported))
    book["Axes"].append([2, "Encore la prévention", ""])
    response = client.post(import_url(plan), {"file": upload(_saved(book))})
    assert response.status_code == 422
    assert "Cet axe figure déjà à la ligne 3 du fichier." in response.text
    assert not Action.objects.filter(title="Encore la prévention").exists()
