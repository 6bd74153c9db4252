"""The report and the meeting summary as a Word document the chair can edit.

The Markdown report is read back as blocks (`blocks`) and written with python-docx as
Word's own headings, paragraphs, lists and tables (header rows repeated on every
page), with the charts as pictures. Styles come from the partnership's own `.docx`
when one is given (its body is left out, its styles, page set-up, headers and footers
kept); otherwise from python-docx's default, set to A4. python-docx is imported only
here, when a Word document is asked for.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from fatheraudit.problems import FatherauditError
from fatheraudit.render.blocks import report_blocks, table_rows
from fatheraudit.render.charts import Chart, png
from fatheraudit.render.optional import library

INSTALL_HINT = "Word output needs python-docx: pip install 'fatheraudit[docx]'"
HEADING_LEVELS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}
CHART_WIDTH_CM = 16.0


def open_document(reference: Path | None) -> Any:
    """A document to write into: the reference `.docx` emptied of its body, or the
    default one on A4 with 2 cm margins. The reference file itself is only read."""
    docx = library("docx", INSTALL_HINT)
    if reference is None:
        document = docx.Document()
        set_a4(document)
        return document
    try:
        document = docx.Document(io.BytesIO(reference.read_bytes()))
    except OSError as error:
        raise FatherauditError(f"{reference}: cannot read ({error.strerror})") from None
    except Exception as error:  # python-docx raises several kinds for a file it cannot open
        raise FatherauditError(
            f"{reference}: not a Word document (.docx) python-docx can open ({error})"
        ) from None
    empty_body(document)
    return document


def set_a4(document: Any) -> None:
    """Every section on A4, portrait, with 2 cm margins."""
    from docx.shared import Cm

    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left", "right", "top", "bottom"):
            setattr(section, f"{side}_margin", Cm(2.0))


def empty_body(document: Any) -> None:
    """Remove the reference document's text and tables; keep its last section settings."""
    from docx.oxml.ns import qn

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def style(document: Any, *names: str) -> Any:
    """The first of the named paragraph or table styles the document has, else None
    (Word's default style)."""
    styles = document.styles
    for name in names:
        try:
            return styles[name]
        except KeyError:
            continue
    return None


def add_runs(paragraph: Any, inline: Token, bold: bool = False) -> None:
    """The inline text of a block as runs, bold and italic where the Markdown marks it."""
    strong, emphasis = bold, False
    for child in inline.children or []:
        if child.type == "strong_open":
            strong = True
        elif child.type == "strong_close":
            strong = bold
        elif child.type == "em_open":
            emphasis = True
        elif child.type == "em_close":
            emphasis = False
        elif child.type in ("text", "code_inline", "html_inline"):
            run = paragraph.add_run(child.content)
            run.bold = strong or None
            run.italic = emphasis or None
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" ")


def write_blocks(
    document: Any, tokens: Sequence[Token], charts: Mapping[str, Chart], small_tables: bool
) -> None:
    """Every block of the report into the document, in order."""
    stream = iter(tokens)
    lists: list[dict[str, Any]] = []
    quoted = False
    for token in stream:
        kind = token.type
        if kind == "heading_open":
            inline = next(stream)
            paragraph = document.add_heading("", level=HEADING_LEVELS.get(token.tag, 3))
            add_runs(paragraph, inline)
        elif kind == "paragraph_open":
            inline = next(stream)
            add_paragraph(document, inline, lists, quoted)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists.append({"ordered": kind == "ordered_list_open", "number": 0})
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open" and lists:
            lists[-1]["number"] += 1
            lists[-1]["first"] = True
        elif kind == "blockquote_open":
            quoted = True
        elif kind == "blockquote_close":
            quoted = False
        elif kind == "table_open":
            add_table(document, table_rows(stream), small_tables)
        elif kind == "chart" and token.info in charts:
            add_chart(document, charts[token.info])


def add_paragraph(document: Any, inline: Token, lists: list[dict[str, Any]], quoted: bool) -> None:
    """A paragraph: in a list item as a list paragraph, in a quote as a quote."""
    if lists:
        current = lists[-1]
        if current["ordered"]:
            paragraph = document.add_paragraph(style=style(document, "List Paragraph"))
            hang(paragraph)
            if current.pop("first", False):
                paragraph.add_run(f"{current['number']}. ")
        else:
            paragraph = document.add_paragraph(style=style(document, "List Bullet"))
    elif quoted:
        paragraph = document.add_paragraph(style=style(document, "Quote"))
    else:
        paragraph = document.add_paragraph()
    add_runs(paragraph, inline)


def hang(paragraph: Any) -> None:
    """A hanging indent, so a numbered item's lines start under its text."""
    from docx.shared import Cm

    paragraph.paragraph_format.left_indent = Cm(1.1)
    paragraph.paragraph_format.first_line_indent = Cm(-0.5)


def add_table(document: Any, rows: list[tuple[bool, list[Token]]], small: bool) -> None:
    """A table with a grid, columns as wide as their text needs, each row kept on one
    page and the header rows bold and repeated on every page; `small` sets 9 pt type."""
    from docx.shared import Pt

    if not rows:
        return
    width = max(len(cells) for _, cells in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = style(document, "Table Grid")
    table.autofit = False
    for row, (header, cells) in zip(table.rows, rows, strict=True):
        row_property(row, "w:cantSplit")
        if header:
            row_property(row, "w:tblHeader")
        for cell, inline in zip(row.cells, cells, strict=False):
            add_runs(cell.paragraphs[0], inline, bold=header)
            for run in cell.paragraphs[0].runs if small else []:
                run.font.size = Pt(9)
    set_widths(document, table, column_needs(rows, width))
    document.add_paragraph()


def column_needs(rows: list[tuple[bool, list[Token]]], width: int) -> list[tuple[int, int]]:
    """Each column's (longest word, longest text within bounds), in characters: no
    column narrower than its longest word, and the rest of the width shared by how
    much text each holds, so a column of questions gets more than one of counts."""
    needs = [(1, 1)] * width
    for _, cells in rows:
        for index, inline in enumerate(cells):
            word = max((len(w) for w in inline.content.split()), default=1)
            longest, text = needs[index]
            needs[index] = (max(longest, word), max(text, min(len(inline.content), 70)))
    return needs


CHARACTER_CM = 0.19  # a character of 9-10 pt type, with room to spare
CELL_PADDING_CM = 0.4


def set_widths(document: Any, table: Any, needs: list[tuple[int, int]]) -> None:
    """Column widths from `column_needs` (in the grid for LibreOffice and on every cell
    for Word)."""
    from docx.shared import Cm

    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    least = [int(Cm(word * CHARACTER_CM + CELL_PADDING_CM)) for word, _ in needs]
    spare = max(text_width - sum(least), 0)
    total = sum(text for _, text in needs)
    widths = [low + int(spare * text / total) for low, (_, text) in zip(least, needs, strict=True)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def row_property(row: Any, name: str) -> None:
    """Switch on a row property: `w:tblHeader` (repeat at the top of each page) or
    `w:cantSplit` (keep the row on one page)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement(name)
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def add_chart(document: Any, chart: Chart) -> None:
    """A chart as a picture the width of the text, its title as the picture's text."""
    from docx.shared import Cm

    document.add_picture(io.BytesIO(png(chart)), width=Cm(CHART_WIDTH_CM))
    picture = document.inline_shapes[-1]
    picture._inline.docPr.set("descr", chart.title)


def docx_bytes(
    title: str,
    markdown_text: str,
    charts: Mapping[str, Chart],
    reference: Path | None = None,
    compact: bool = False,
) -> bytes:
    """The Word document of a report. `compact` (the meeting summary) narrows the
    margins and the type of the default style, so the summary keeps to one page;
    a reference document's own styles are left as they are."""
    document = open_document(reference)
    if compact and reference is None:
        make_compact(document)
    properties = document.core_properties
    properties.title = title
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    write_blocks(document, report_blocks(markdown_text), charts, reference is None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_compact(document: Any) -> None:
    """Smaller type and margins for a page that must fit on one sheet."""
    from docx.shared import Cm, Pt

    for section in document.sections:
        for side in ("left", "right", "top", "bottom"):
            setattr(section, f"{side}_margin", Cm(1.4))
    sizes = {"Normal": 8.5, "Title": 15, "Heading 1": 11, "List Bullet": 8.5}
    for name, size in sizes.items():
        found = style(document, name)
        if found is not None:
            found.font.size = Pt(size)
    for name in ("Normal", "Heading 1", "List Bullet", "List Paragraph"):
        found = style(document, name)
        if found is not None:
            found.paragraph_format.space_before = Pt(4 if name == "Heading 1" else 0)
            found.paragraph_format.space_after = Pt(2)
