"""What an uploaded document really is, judged by its content rather than its name: its first
bytes say its format, the whole file must read as that format, and the name it is stored under
takes that format's extension, so that it is served as what it is."""

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

# Signatures of the formats users may upload: PDF, office files, images.
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    # Legacy Word, Excel and PowerPoint files share the OLE compound file header.
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
]
ZIP_SIGNATURE = b"PK\x03\x04"
OPEN_DOCUMENT_PREFIX = "application/vnd.oasis.opendocument."
ALLOWED_DESCRIPTION = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG ou GIF"


def detect_content_type(uploaded_file) -> str | None:
    """The content type of an allowed document, or None if the content is not one."""
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head.startswith(ZIP_SIGNATURE):
        return _office_zip_type(uploaded_file)
    return None


def checked_content_type(uploaded_file) -> str:
    """The content type of an upload within the size limit and of an allowed format, by content.

    Raises a ValidationError on the `file` field otherwise.
    """
    if uploaded_file.size > settings.DOCUMENT_MAX_SIZE:
        raise ValidationError(
            {
                "file": f"Le fichier dépasse la taille maximale de {filesizeformat(settings.DOCUMENT_MAX_SIZE)}."
            }
        )
    content_type = detect_content_type(uploaded_file)
    if content_type is None:
        raise ValidationError({"file": _refusal()})
    return content_type


@dataclass(frozen=True)
class Identified:
    content_type: str  # what the file is, and what it is served as
    name: str  # its name, with that format's extension


# The extensions allowed for each format, the first being the one a misnamed file takes.
EXTENSIONS = {
    "application/pdf": [".pdf"],
    "image/png": [".png"],
    "image/jpeg": [".jpg", ".jpeg"],
    "image/gif": [".gif"],
    "image/webp": [".webp"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": [".pptx"],
    "application/vnd.oasis.opendocument.text": [".odt"],
    "application/vnd.oasis.opendocument.spreadsheet": [".ods"],
    "application/vnd.oasis.opendocument.presentation": [".odp"],
    "application/msword": [".doc"],
    "application/vnd.ms-excel": [".xls"],
    "application/vnd.ms-powerpoint": [".ppt"],
}
# Office Open XML files say what they are by the part at their heart.
OFFICE_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
# Legacy office files share one header: their extension tells which they are.
LEGACY_OFFICE = {".doc": "application/msword", ".xls": "application/vnd.ms-excel"}
LEGACY_OFFICE[".ppt"] = "application/vnd.ms-powerpoint"
LEGACY_NAME = (
    "Un fichier Word, Excel ou PowerPoint ancien doit porter l'extension .doc, .xls ou .ppt."
)
UNREADABLE = (
    "Ce fichier est endommagé ou n'est pas entièrement un fichier {}: il ne peut être déposé."
)


def identified_document(uploaded_file) -> Identified:
    """What an upload within the size limit really is, once read whole as that format, and the
    name to store it under; a ValidationError on the `file` field otherwise."""
    detected = checked_content_type(uploaded_file)
    content_type = _precise_type(uploaded_file, detected)
    if content_type is None and detected == "application/x-ole-storage":
        raise ValidationError({"file": LEGACY_NAME})
    if content_type is None:
        raise ValidationError({"file": _refusal()})
    _check_readable(uploaded_file, content_type)
    return Identified(content_type, _named_as(uploaded_file.name, content_type))


def _precise_type(uploaded_file, content_type: str) -> str | None:
    """The format of a zip or legacy office file, which the first bytes leave open."""
    suffix = PurePosixPath(uploaded_file.name or "").suffix.lower()
    if content_type == "application/x-ole-storage":
        return LEGACY_OFFICE.get(suffix)
    if content_type != "application/vnd.openxmlformats-officedocument":
        return content_type
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
    finally:
        uploaded_file.seek(0)
    return next((type_ for part, type_ in OFFICE_PARTS.items() if part in names), None)


def _check_readable(uploaded_file, content_type: str) -> None:
    """The whole file reads as its format: a PDF's pages, an image's data, an archive's
    members; a file that only starts like one is refused."""
    try:
        if content_type == "application/pdf":
            if not PdfReader(uploaded_file).pages:
                raise PyPdfError("aucune page")
        elif content_type.startswith("image/"):
            with Image.open(uploaded_file) as image:
                image.verify()
        elif content_type not in LEGACY_OFFICE.values():  # a zip: office or OpenDocument
            with zipfile.ZipFile(uploaded_file) as archive:
                if archive.testzip() is not None:
                    raise zipfile.BadZipFile("membre endommagé")
    except (PyPdfError, UnidentifiedImageError, zipfile.BadZipFile, OSError, ValueError) as error:
        kind = "PDF" if content_type == "application/pdf" else "de ce format"
        raise ValidationError({"file": UNREADABLE.format(kind)}) from error
    finally:
        uploaded_file.seek(0)


def _named_as(name: str, content_type: str) -> str:
    """`name`, with the extension of `content_type` unless it already has one of them."""
    path = PurePosixPath(name or "document")
    allowed = EXTENSIONS[content_type]
    if path.suffix.lower() in allowed:
        return path.name
    return f"{path.stem or 'document'}{allowed[0]}"


def _refusal() -> str:
    return (
        f"Ce fichier n'est pas d'un format accepté ({ALLOWED_DESCRIPTION}), quel que soit son nom."
    )


def _office_zip_type(uploaded_file) -> str | None:
    """Office Open XML and OpenDocument files are zip archives with a telltale member."""
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                return "application/vnd.openxmlformats-officedocument"
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype.startswith(OPEN_DOCUMENT_PREFIX) else None
    except zipfile.BadZipFile:
        return None
    finally:
        uploaded_file.seek(0)
    return None
