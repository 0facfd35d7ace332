"""From a frozen snapshot to a PDF: an HTML template per kind, then WeasyPrint.

The HTML is made from the snapshot alone (never from the live database), so a document can be
rendered again from its snapshot and look the same. Fonts are the DSFR's Marianne, shipped with
django-dsfr; WeasyPrint may read those files and nothing else (no network, no other file).
"""

import datetime
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from reports.enums import KINDS_WITH_TOC, ReportKind

TEMPLATES = {
    ReportKind.SUMMARY: "reports/pdf/summary.html",
    ReportKind.ACTION_BOOK: "reports/pdf/action_book.html",
    ReportKind.ANNUAL_REVIEW: "reports/pdf/annual_review.html",
    ReportKind.MID_TERM: "reports/pdf/evaluation.html",
    ReportKind.FINAL: "reports/pdf/evaluation.html",
}
FONT_FILES = {
    (400, "normal"): "Marianne-Regular.woff",
    (400, "italic"): "Marianne-Regular_Italic.woff",
    (700, "normal"): "Marianne-Bold.woff",
    (700, "italic"): "Marianne-Bold_Italic.woff",
}


def font_faces() -> list[dict]:
    """The Marianne faces found in the static files, as file URIs (absent ones are skipped)."""
    faces = []
    for (weight, style), name in FONT_FILES.items():
        path = finders.find(f"dsfr/dist/fonts/{name}")
        if path:
            faces.append({"weight": weight, "style": style, "url": Path(path).as_uri()})
    return faces


def document_html(
    *,
    snapshot: dict,
    title: str,
    generated_at: datetime.datetime | None = None,
    data_as_of: datetime.datetime | None = None,
) -> str:
    """The HTML of a document, ready for WeasyPrint."""
    generated_at = generated_at or timezone.now()
    return render_to_string(
        TEMPLATES[snapshot["kind"]],
        {
            "s": snapshot,
            "title": title,
            "kind": snapshot["kind"],
            "has_toc": snapshot["kind"] in KINDS_WITH_TOC,
            "generated_at": timezone.localtime(generated_at),
            "data_as_of": timezone.localtime(data_as_of or generated_at),
            "fonts": font_faces(),
        },
    )


def pdf_from_html(html: str) -> bytes:
    """WeasyPrint's own work: lay out the HTML and write the PDF."""
    # Imported here: loading Pango is slow and only PDF makers need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class FontsOnlyFetcher(URLFetcher):
        """Fetches the font files and nothing else: text typed by users can never make the
        renderer read a local file or call a server."""

        allowed = {face["url"] for face in font_faces()}

        def fetch(self, url, headers=None):
            if url not in self.allowed and not url.startswith("data:"):
                raise ValueError(f"Ressource refusée dans un document : {url}")
            return super().fetch(url, headers)

    fetcher = FontsOnlyFetcher(allowed_protocols=("file", "data"))
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
