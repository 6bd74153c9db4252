"""The report and the meeting summary as PDF: the HTML page, laid out by WeasyPrint.

WeasyPrint is imported only here, when a PDF is asked for. It needs the Pango text
library from the system (Debian: libpango-1.0-0 and libpangoft2-1.0-0); when it is
missing the user is told so, with no traceback. Nothing is fetched while laying out:
every URL is refused.
"""

from __future__ import annotations

import logging
from typing import Any

from fatheraudit.render.optional import library

INSTALL_HINT = (
    "PDF output needs WeasyPrint and the Pango library: pip install 'fatheraudit[pdf]', "
    "and on Debian or Ubuntu apt install libpango-1.0-0 libpangoft2-1.0-0 "
    "(on macOS: brew install pango; on Windows see WeasyPrint's install notes)"
)


def weasyprint_module() -> Any:
    """WeasyPrint, or a clear error saying how to install it and what it needs."""
    weasyprint = library("weasyprint", INSTALL_HINT)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint


def layout(page_html: str) -> Any:
    """The HTML page laid out in pages (a WeasyPrint document), with no resource fetched."""
    weasyprint = weasyprint_module()

    class NoFetching(weasyprint.URLFetcher):  # type: ignore[misc,name-defined]
        """Refuses every URL, so laying out the page reads nothing but the page."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            del headers
            raise ValueError(f"not fetched: {url[:80]}")

    return weasyprint.HTML(string=page_html, url_fetcher=NoFetching(), base_url=None).render()


def pdf_bytes(page_html: str) -> bytes:
    """The PDF of an HTML page."""
    data: bytes = layout(page_html).write_pdf()
    return data
