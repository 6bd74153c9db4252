"""The report and the meeting summary in each document format, chosen by name.

Markdown is the source: the templates say what a report holds, and HTML, PDF and
Word are made from the Markdown they write, with the charts. The report workbook is
built from the audit itself (`render.excel`), the summary's one-page workbook from the
summary's Markdown (`render.excel_page`).

`RENDERERS` is the one table of formats: each takes a `Request` and returns the
document's bytes; warnings (text cut to fit a cell) are added to `request.warnings`.
`document` picks from it by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fatheraudit.problems import Problem
from fatheraudit.render.markdown import render

if TYPE_CHECKING:
    from fatheraudit.core import AuditResult

TEMPLATES = {"report": "report.md.j2", "summary": "summary.md.j2"}


@dataclass(frozen=True)
class Request:
    """What a document is made from: its kind (report or summary), the template
    context, a folder of the user's templates and a Word reference document; for the
    report workbook, the audit itself and the smallest count it may show."""

    kind: str
    context: dict[str, Any]
    templates: Path | None = None
    reference_docx: Path | None = None
    audit: AuditResult | None = None
    suppress_below: int | None = None
    warnings: list[Problem] = field(default_factory=list)

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


def xlsx_document(request: Request) -> bytes:
    """Excel: the report's workbook of sheets, or the summary on one sheet and page."""
    if request.kind == "summary":
        from fatheraudit.render.excel_page import summary_page_workbook

        data, warnings = summary_page_workbook(request.title(), request.markdown(charts=False))
    else:
        from fatheraudit.render.excel import audit_workbook

        if request.audit is None:
            raise ValueError("the report workbook is built from the audit: give Request.audit")
        below = request.suppress_below
        data, warnings = audit_workbook(request.audit, detail=below is None, suppress_below=below)
    request.warnings.extend(warnings)
    return data


RENDERERS: dict[str, Callable[[Request], bytes]] = {
    "md": markdown_document,
    "html": html_document,
    "pdf": pdf_document,
    "docx": docx_document,
    "xlsx": xlsx_document,
}


def audit_request(
    kind: str,
    audit: AuditResult,
    suppress_below: int | None = None,
    templates: Path | None = None,
    reference_docx: Path | None = None,
) -> Request:
    """The request for an audit's report or summary."""
    from fatheraudit.render.context import audit_context

    context = audit_context(audit, suppress_below)
    return Request(kind, context, templates, reference_docx, audit, suppress_below)


def document(output_format: str, request: Request) -> tuple[bytes, list[Problem]]:
    """The document in the format named, and any warnings from writing it."""
    if output_format not in RENDERERS:
        raise ValueError(f"no renderer for {output_format!r}; formats: {', '.join(RENDERERS)}")
    data = RENDERERS[output_format](request)
    return data, list(request.warnings)
