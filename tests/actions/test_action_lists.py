"""The « Axes et actions » tab as lists that filter and show: who sees which fiches, each
filter, the four views, the chosen columns, the exports and the progress of the plan."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.enums import ActionStatus, Priority
from actions.exports import csv_cell, rows_csv, rows_xlsx
from contracts.models import Theme
from tests.actions.factories import ActionFactory, ActionUpdateFactory, MilestoneFactory
from tests.actors.factories import OrganisationFactory, PersonFactory
from tests.contracts.factories import AxisFactory

VIEWS = ["tree", "table", "board", "timeline"]


def tab_url(world) -> str:
    return reverse("contract_actions", args=[world.contract.pk])


def export_url(world, file_format: str) -> str:
    return reverse("action_list_export", args=[world.contract.pk, file_format])


@pytest.fixture
def plan(world):
    """Besides the world's 1.1 (in progress, led by `lead`): a fiche done, one late, one
    abandoned and a confidential one, on two axes."""
    prevention = AxisFactory(contract=world.contract, number=2, title="Prévention")
    done = ActionFactory(
        axis=world.axis,
        number="1.2",
        title="Maison de santé de Le Palais",
        status=ActionStatus.DONE,
        priority=Priority.HIGH,
        lead_organisation=OrganisationFactory(name="Mairie du Palais"),
    )
    late = ActionFactory(
        axis=prevention,
        number="2.1",
        title="Télémédecine dans les EHPAD",
        planned_end_on=datetime.date(2026, 6, 30),
        lead_person=PersonFactory(first_name="Anne", last_name="Le Gall"),
    )
    abandoned = ActionFactory(
        axis=prevention, number="2.2", title="Dépistage itinérant", status=ActionStatus.ABANDONED
    )
    secret = ActionFactory(
        axis=prevention, number="2.3", title="Repérage confidentiel", is_confidential=True
    )
    return {"done": done, "late": late, "abandoned": abandoned, "secret": secret}


def listed(client, world, **params) -> list[str]:
    """The numbers of the fiches the table view lists, in order."""
    response = client.get(tab_url(world), {"view": "table", **params})
    assert response.status_code == 200
    return [action.number for action, _ in response.context["rows"]]


def exported_rows(response, file_format: str) -> list[list]:
    if file_format == "csv":
        content = io.StringIO(response.content.decode("utf-8-sig"))
        return list(csv.reader(content, delimiter=";"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# --- Who sees what -------------------------------------------------------------------------------

PERSONAS_SEEING_CONFIDENTIAL = ["agent", "coordinator", "admin"]
PERSONAS_NOT_SEEING_CONFIDENTIAL = ["lead", "reader"]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("persona", PERSONAS_SEEING_CONFIDENTIAL)
def test_ars_coordination_and_administrators_see_confidential_fiches_in_every_view(
    client, world, plan, persona, view
):
    client.force_login(getattr(world, persona))
    response = client.get(tab_url(world), {"view": view})
    assert response.status_code == 200
    assert "Repérage confidentiel" in response.text


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("persona", PERSONAS_NOT_SEEING_CONFIDENTIAL)
def test_readers_and_leads_see_no_confidential_fiche_in_any_view(
    client, world, plan, persona, view
):
    client.force_login(getattr(world, persona))
    response = client.get(tab_url(world), {"view": view})
    assert response.status_code == 200
    assert "Télémédecine dans les EHPAD" in response.text
    assert "Repérage confidentiel" not in response.text


def test_lead_sees_the_confidential_fiche_they_lead(client, world, plan):
    plan["secret"].lead_person = world.lead_action.lead_person
    plan["secret"].save()
    client.force_login(world.lead)
    assert "2.3" in listed(client, world)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("persona", "sees_secret"),
    [("agent", True), ("coordinator", True), ("admin", True), ("lead", False), ("reader", False)],
)
def test_exports_hold_the_fiches_each_persona_sees(
    client, world, plan, persona, sees_secret, file_format
):
    client.force_login(getattr(world, persona))
    response = client.get(export_url(world, file_format))
    assert response.status_code == 200
    titles = [row[1] for row in exported_rows(response, file_format)[1:]]
    assert "Télémédecine dans les EHPAD" in titles
    assert ("Repérage confidentiel" in titles) is sees_secret


@pytest.mark.parametrize("url", [tab_url, lambda world: export_url(world, "csv")])
def test_agent_of_another_region_gets_a_404(client, world, plan, url):
    client.force_login(world.other_agent)
    assert client.get(url(world)).status_code == 404


def test_filters_offer_only_the_leads_of_the_fiches_the_user_sees(client, world, plan):
    plan["secret"].lead_organisation = OrganisationFactory(name="Cellule confidentielle")
    plan["secret"].save()
    client.force_login(world.reader)
    text = client.get(tab_url(world)).text
    assert "Mairie du Palais" in text
    assert "Cellule confidentielle" not in text


# --- Filters -------------------------------------------------------------------------------------


def test_each_filter_narrows_the_list(client, world, plan):
    theme = Theme.objects.get(code="prevention")
    plan["late"].themes.add(theme)
    plan["done"].target_groups.add("older_people")
    client.force_login(world.coordinator)
    assert listed(client, world) == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    assert listed(client, world, axis=plan["late"].axis_id) == ["2.1", "2.2", "2.3"]
    assert listed(client, world, status="done") == ["1.2"]
    assert listed(client, world, late="on") == ["2.1"]
    assert listed(client, world, priority="high") == ["1.2"]
    organisation = plan["done"].lead_organisation_id
    assert listed(client, world, lead_organisation=organisation) == ["1.2"]
    assert listed(client, world, lead_person=plan["late"].lead_person_id) == ["2.1"]
    assert listed(client, world, theme="prevention") == ["2.1"]
    assert listed(client, world, target_group="older_people") == ["1.2"]
    assert listed(client, world, status="in_progress", axis=plan["late"].axis_id) == ["2.1", "2.3"]


@pytest.mark.parametrize(
    ("words", "numbers"),
    [("telemedecine", ["2.1"]), ("MAISON santé", ["1.2"]), ("2.2", ["2.2"]), ("ehpad", ["2.1"])],
)
def test_the_text_filter_ignores_accents_and_capitals(client, world, plan, words, numbers):
    client.force_login(world.coordinator)
    assert listed(client, world, q=words) == numbers


def test_active_filters_are_shown_each_with_a_link_that_removes_it(client, world, plan):
    client.force_login(world.coordinator)
    response = client.get(tab_url(world), {"view": "board", "status": "done", "priority": "high"})
    active = {filter.text: filter.removed for filter in response.context["active_filters"]}
    assert active == {
        "Statut : Réalisée": "view=board&priority=high",
        "Priorité : Haute": "view=board&status=done",
    }
    assert 'href="?view=board&amp;priority=high"' in response.text


def test_a_filter_matching_nothing_says_so_and_offers_to_clear_the_filters(client, world, plan):
    client.force_login(world.coordinator)
    response = client.get(tab_url(world), {"view": "timeline", "q": "vaccination"})
    assert "Aucune fiche action ne correspond à ces filtres" in response.text
    assert response.context["cleared"] == "view=timeline"
    assert 'href="?view=timeline">Retirer tous les filtres' in response.text


def test_an_invalid_filter_is_reported_on_its_field_and_the_others_still_apply(client, world, plan):
    client.force_login(world.coordinator)
    response = client.get(tab_url(world), {"view": "table", "status": "done", "axis": "999999"})
    assert [action.number for action, _ in response.context["rows"]] == ["1.2"]
    assert "fr-select-group--error" in response.text


# --- Views and columns ---------------------------------------------------------------------------


def test_an_unknown_view_or_column_in_a_shared_address_falls_back_to_the_defaults(
    client, world, plan
):
    client.force_login(world.coordinator)
    response = client.get(tab_url(world), {"view": "gantt", "columns": ["budget"]})
    assert response.context["view"] == "tree"
    response = client.get(tab_url(world), {"view": "table", "columns": ["budget", "priority"]})
    assert [column.key for column in response.context["columns"]] == ["priority"]


def test_the_table_shows_the_chosen_columns_in_their_order(client, world, plan):
    plan["late"].themes.add(Theme.objects.get(code="prevention"))
    plan["late"].target_groups.add("older_people", "carers")
    ActionUpdateFactory(action=plan["late"], written_on=datetime.date(2026, 10, 5))
    ActionUpdateFactory(action=plan["late"], written_on=datetime.date(2026, 11, 2))
    client.force_login(world.coordinator)
    columns = ["last_note_on", "themes", "number", "target_groups"]
    response = client.get(tab_url(world), {"view": "table", "columns": columns, "q": "EHPAD"})
    headers = [column.label for column in response.context["columns"]]
    assert headers == ["N°", "Thématiques", "Publics cibles", "Dernière note de suivi"]
    ((_, cells),) = response.context["rows"]
    assert [value for _, value in cells] == [
        "2.1",
        "Prévention et promotion de la santé",
        "Personnes âgées, Aidants",
        datetime.date(2026, 11, 2),
    ]
    assert "02/11/2026" in response.text


def test_the_board_has_a_column_per_status_with_its_fiches(client, world, plan):
    client.force_login(world.coordinator)
    board = client.get(tab_url(world), {"view": "board"}).context["board"]
    columns = {status: [action.number for action in actions] for status, _, actions in board}
    assert list(columns) == [status for status, _ in ActionStatus.choices]
    assert columns["in_progress"] == ["1.1", "2.1", "2.3"]
    assert columns["done"] == ["1.2"]
    assert columns["planned"] == []


def test_the_timeline_draws_each_fiche_its_milestones_and_today(client, world, plan):
    MilestoneFactory(action=plan["late"], title="Équipement", due_on=datetime.date(2025, 9, 1))
    plan["abandoned"].starts_on = None
    plan["abandoned"].save()
    client.force_login(world.coordinator)
    response = client.get(tab_url(world), {"view": "timeline"})
    timeline = response.context["timeline"]
    assert [row.action.number for row in timeline.rows] == ["1.1", "1.2", "2.1", "2.3"]
    assert [action.number for action in timeline.undated] == ["2.2"]
    assert [tick.year for tick in timeline.ticks] == [2024, 2025, 2026, 2027]
    late_row = timeline.rows[2]
    # Today lies between the late fiche's end and the others' end.
    assert (
        late_row.x + late_row.width < timeline.today_x < timeline.rows[0].x + timeline.rows[0].width
    )
    assert late_row.milestones[0].title == "Équipement"
    assert "timeline__bar--late" in response.text
    assert 'role="img"' in response.text
    assert "Le calendrier sous forme de tableau" in response.text  # the same, as a table
    assert "Équipement : 01/09/2025" in response.text
    assert 'x="' in response.text and ',5"' not in response.text  # coordinates, not French numbers


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_is_shared_by_its_address(client, world, plan, view):
    client.force_login(world.coordinator)
    response = client.get(tab_url(world), {"view": view, "status": "in_progress"})
    links = {link.view: link for link in response.context["view_links"]}
    assert links[view].is_current
    assert links["table"].query == "status=in_progress&view=table"
    export = f"{export_url(world, 'csv')}?view={view}&amp;status=in_progress"
    assert export in response.text


# --- Exports -------------------------------------------------------------------------------------


def test_the_csv_export_holds_the_filtered_rows_and_the_chosen_columns(client, world, plan):
    client.force_login(world.coordinator)
    response = client.get(
        export_url(world, "csv"),
        {"view": "board", "axis": plan["late"].axis_id, "columns": ["number", "title", "status"]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="fiches-actions-contrat-' in response["Content-Disposition"]
    assert exported_rows(response, "csv") == [
        ["N°", "Intitulé", "Statut"],
        ["2.1", "Télémédecine dans les EHPAD", "En cours"],
        ["2.2", "Dépistage itinérant", "Abandonnée"],
        ["2.3", "Repérage confidentiel", "En cours"],
    ]


def test_the_xlsx_export_writes_dates_as_dates_and_typed_text_as_text(client, world, plan):
    plan["late"].title = '=HYPERLINK("http://exemple.fr";"Voir")'
    plan["late"].save()
    client.force_login(world.coordinator)
    response = client.get(
        export_url(world, "xlsx"), {"q": "2.1", "columns": ["title", "planned_end_on"]}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    title, end = sheet["A2"], sheet["B2"]
    assert (title.value, title.data_type, title.quotePrefix) == (plan["late"].title, "s", True)
    assert end.value.date() == datetime.date(2026, 6, 30)
    assert sheet.max_row == 2


def test_an_unknown_export_format_is_a_404(client, world, plan):
    client.force_login(world.coordinator)
    assert client.get(export_url(world, "pdf")).status_code == 404


@pytest.mark.parametrize("text", ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_csv_cell_that_a_spreadsheet_would_run_is_neutralised(text):
    assert csv_cell(text) == f"'{text}"
    content = rows_csv(["Intitulé"], [[text]]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(content), delimiter=";"))[1] == [f"'{text}"]


@pytest.mark.parametrize("text", ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_an_xlsx_cell_that_a_spreadsheet_would_run_stays_text(text):
    sheet = load_workbook(io.BytesIO(rows_xlsx(["Intitulé"], [[text]], title="Fiches"))).active
    assert sheet["A2"].data_type == "s"


def test_plain_values_are_written_as_they_are():
    assert csv_cell("Accès aux soins") == "Accès aux soins"
    assert csv_cell(None) == ""
    assert csv_cell(datetime.date(2026, 6, 30)) == "30/06/2026"


# --- Progress ------------------------------------------------------------------------------------


def test_progress_rolls_up_by_axis_and_for_the_contract_abandoned_fiches_aside(client, world, plan):
    client.force_login(world.coordinator)
    response = client.get(tab_url(world))
    # Axis 1: 1.2 done of 1.1 and 1.2; axis 2: none done of 2.1 and 2.3 (2.2 is abandoned).
    progress = {axis.number: axis.progress for axis in response.context["axes"]}
    assert (progress[1].done, progress[1].counted, progress[1].percent) == (1, 2, 50)
    assert (progress[2].done, progress[2].counted, progress[2].percent) == (0, 2, 0)
    contract = response.context["progress"]
    assert (contract.done, contract.counted, contract.percent) == (1, 4, 25)
    assert "Avancement du contrat : 25 %" in response.text
    assert "les fiches abandonnées ne sont pas comptées" in response.text
    assert '<progress class="progress-bar"' in response.text


def test_progress_counts_only_the_fiches_the_reader_sees(client, world, plan):
    client.force_login(world.reader)
    assert client.get(tab_url(world)).context["progress"].counted == 3


def test_progress_of_a_contract_without_fiches_is_zero(client, world):
    world.lead_action.delete()
    client.force_login(world.coordinator)
    response = client.get(tab_url(world))
    assert response.context["progress"].percent == 0
    assert "Aucune fiche action dans cet axe." in response.text


# --- Query counts --------------------------------------------------------------------------------

ALL_COLUMNS = ["number", "title", "axis", "lead_person", "themes", "target_groups", "last_note_on"]


def _more_fiches(world, rows: int):
    theme = Theme.objects.first()
    for index in range(rows):
        action = ActionFactory(
            axis=world.axis,
            number=f"1.{index + 20}",
            lead_organisation=OrganisationFactory(),
            lead_person=PersonFactory(),
        )
        action.themes.add(theme)
        action.target_groups.add("carers")
        MilestoneFactory(action=action)
        ActionUpdateFactory(action=action)


# The first queries of every view: 1-2 session and user; 3 roles and contract scope; 4 the
# contract; 5 the progress of each axis.
# The last ones: the coordinator's rights (header buttons); the choices of the axis, lead
# organisation, lead person, theme and target group filters.
VIEW_QUERIES = {
    # 6 axes; 7 their objectives; 8 their fiches with pilots.
    "tree": 3,
    # 6 the fiches with axis, leads and last note; 7 their themes; 8 their target groups.
    "table": 3,
    # 6 the fiches with axis and pilot.
    "board": 1,
    # 6 the fiches; 7 their milestones.
    "timeline": 2,
}


@pytest.mark.parametrize("rows", [1, 6])
@pytest.mark.parametrize("view", VIEWS)
def test_each_view_query_count_does_not_grow_with_the_fiches(
    client, world, django_assert_num_queries, view, rows
):
    _more_fiches(world, rows)
    client.force_login(world.coordinator)
    with django_assert_num_queries(5 + VIEW_QUERIES[view] + 6):
        client.get(tab_url(world), {"view": view, "columns": ALL_COLUMNS})


@pytest.mark.parametrize("rows", [1, 6])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_the_fiches(
    client, world, django_assert_num_queries, file_format, rows
):
    _more_fiches(world, rows)
    client.force_login(world.coordinator)
    with django_assert_num_queries(7):
        # 1-2 session and user; 3 roles and contract scope; 4 the contract; 5 the fiches with
        # axis, leads and last note; 6 their themes; 7 their target groups.
        client.get(export_url(world, file_format), {"columns": ALL_COLUMNS})
