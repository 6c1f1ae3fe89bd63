"""HTML to PDF with WeasyPrint, fetching nothing but the service's own static files.

WeasyPrint's default fetcher follows any address in the document (file:, http:, data:),
so one unescaped value in a template would let a record's text read local files or make
requests from the server. This fetcher answers only for addresses under STATIC_URL, read
from our static files on disk, and refuses every other one (docs/security.md).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# Relative addresses in our templates ({% static %} gives /static/...) resolve against this;
# the host is reserved (RFC 2606) and never contacted.
BASE_URL = "https://static.invalid/"


class RefusedURL(ValueError):
    pass


def static_file(url: str) -> Path | None:
    """The file on disk a static address names, or None for anything else."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or parts.query:
        return None
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL):
        return None
    relative = path.removeprefix(settings.STATIC_URL)
    if not relative or ".." in Path(relative).parts or "\\" in relative:
        return None
    found = finders.find(relative)
    if isinstance(found, str) and Path(found).is_file():
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / relative
    return collected if collected.is_file() else None


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("https",), allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            found = static_file(url)
            if found is None:
                raise RefusedURL("only the service's own static files are fetched")
            content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=found.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticFilesOnly()


def url_fetcher() -> Any:
    """A fetcher for WeasyPrint that refuses everything but our static files."""
    return _fetcher()


# PDF/UA-1 (ISO 14289-1): a tagged PDF whose structure tree follows the HTML (headings,
# paragraphs, tables with their header cells, lists), with the document's language, its
# title shown in place of the file name, and the PDF/UA identifier in its metadata, so a
# screen reader can read an export as it reads the page.
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF/UA-1 file from our own HTML. The HTML must name its language
    (`<html lang="en-GB">`) and have a `<title>`: PDF/UA asks for both."""
    # WeasyPrint takes half a second to import and loads Pango: only PDF exports pay it.
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher())
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf
