"""Reading generated PDFs back in tests."""

import io
import re
import unicodedata

from pypdf import PdfReader


def pdf_text(data: bytes) -> tuple[str, int]:
    """The text of a PDF on one line, ligatures undone, and its number of pages."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text), len(reader.pages)
