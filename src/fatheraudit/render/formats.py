"""The report and the meeting summary in each document format, chosen by name.

Markdown is the source: the templates say what a report holds, and HTML, PDF and
Word are made from the Markdown they write, with the charts. The workbook is built
from the audit itself (`render.excel`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fatheraudit.render.markdown import render

TEMPLATES = {"report": "report.md.j2", "summary": "summary.md.j2"}


@dataclass(frozen=True)
class Request:
    """What a document is made from: its kind (report or summary), the template
    context, a folder of the user's templates and a Word reference document."""

    kind: str
    context: dict[str, Any]
    templates: Path | None = None
    reference_docx: Path | None = None

    def markdown(self, charts: bool) -> str:
        """The Markdown the templates write; with chart markers when `charts`."""
        return render(TEMPLATES[self.kind], {**self.context, "charts": charts}, self.templates)

    def title(self) -> str:
        """The document's title."""
        title = str(self.context["meta"]["title"])
        return title if self.kind == "report" else f"Meeting summary: {title}"


def markdown_document(request: Request) -> bytes:
    """Markdown, as the templates write it."""
    return request.markdown(charts=False).encode("utf-8")


def html_page(request: Request) -> str:
    """The self-contained HTML page."""
    from fatheraudit.render.charts import report_charts
    from fatheraudit.render.html import page

    charts = report_charts(request.context)
    text = request.markdown(charts=True)
    return page(request.kind, request.title(), text, charts, request.templates)


def html_document(request: Request) -> bytes:
    """HTML: one file, nothing fetched."""
    return html_page(request).encode("utf-8")


def pdf_document(request: Request) -> bytes:
    """PDF, laid out from the HTML page."""
    from fatheraudit.render.pdf import pdf_bytes

    return pdf_bytes(html_page(request))


def docx_document(request: Request) -> bytes:
    """Word, in the reference document's styles when one is given."""
    from fatheraudit.render.charts import report_charts
    from fatheraudit.render.docx import docx_bytes

    charts = report_charts(request.context)
    text = request.markdown(charts=True)
    compact = request.kind == "summary"
    return docx_bytes(request.title(), text, charts, request.reference_docx, compact)


RENDERERS: dict[str, Callable[[Request], bytes]] = {
    "md": markdown_document,
    "html": html_document,
    "pdf": pdf_document,
    "docx": docx_document,
}
