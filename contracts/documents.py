"""What an uploaded document really is, judged by its first bytes rather than its name."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

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
        raise ValidationError(
            {
                "file": f"Ce fichier n'est pas d'un format accepté ({ALLOWED_DESCRIPTION}), quel que soit son nom."
            }
        )
    return content_type


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
