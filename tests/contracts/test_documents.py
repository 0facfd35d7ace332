"""What a deposited document really is decides how it is stored and served: its name takes
the extension of its format, it is served as that format, and a file that only starts like
an allowed format is refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts.models import Document
from tests.documents import docx_bytes, image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def deposit(client, world, name: str, content: bytes):
    client.force_login(world.coordinator)
    return client.post(
        reverse("document_add", args=[world.contract.pk]),
        {"title": "Pièce", "kind": "other", "file": SimpleUploadedFile(name, content)},
    )


def download(client, world, document):
    client.force_login(world.reader)
    return client.get(reverse("document_download", args=[world.contract.pk, document.pk]))


@pytest.mark.parametrize(
    ("name", "content", "stored", "served"),
    [
        ("polyglotte.html", pdf_bytes(), ".pdf", "application/pdf"),
        ("image.svg", image_bytes("GIF"), ".gif", "image/gif"),
        ("photo.jpeg", image_bytes("JPEG"), ".jpeg", "image/jpeg"),
        (
            "note.txt",
            docx_bytes(),
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_a_document_is_stored_and_served_as_what_it_is_whatever_its_name(
    client, world, name, content, stored, served
):
    deposit(client, world, name, content)

    document = Document.objects.get()
    assert document.file.name.endswith(stored)
    assert document.content_type == served
    response = download(client, world, document)
    assert response["Content-Type"] == served
    assert response["Content-Disposition"].endswith(f'{stored}"')


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # An HTML page that only starts like a PDF.
        ("polyglotte.html", b"%PDF-1.4\n<html><script>alert(1)</script></html>", "endommagé"),
        ("scan.png", image_bytes("PNG")[:40], "endommagé"),
        ("note.docx", b"PK\x03\x04" + b"\x00" * 60, "pas d'un format accepté"),
        ("ancien.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60, ".doc, .xls ou .ppt"),
        ("script.svg", b"<svg onload='alert(1)'/>", "pas d'un format accepté"),
    ],
)
def test_a_file_that_is_not_wholly_an_allowed_format_is_refused_on_the_field(
    client, world, name, content, message
):
    response = deposit(client, world, name, content)

    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Document.objects.exists()
