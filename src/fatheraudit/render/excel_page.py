"""The meeting summary as a one-sheet workbook that prints on one A4 page.

The sheet is laid out from the summary's Markdown blocks (`blocks`), as the Word
document is: headings in bold, paragraphs and list items across the page, tables in
the page's four columns with a shaded header row. Text goes in through `excel.Sheet`,
so it is stored as text, never as a formula.
"""

from __future__ import annotations

import io

from markdown_it.token import Token
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from fatheraudit.problems import Problem
from fatheraudit.render.blocks import report_blocks, table_rows
from fatheraudit.render.excel import Sheet, line_count
from fatheraudit.render.excel_rows import HEADER_FILL

COLUMN_WIDTHS = (36, 19, 30, 17)
PAGE_WIDTH = sum(COLUMN_WIDTHS)
LINE_HEIGHT = 13.0
HEADING_SIZES = {"h1": 15, "h2": 12, "h3": 11}


class Page:
    """A sheet filled from the top, one block after another."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.row = 1

    def line(self, text: str, *, bold: bool = False, size: float = 10, indent: int = 0) -> None:
        """A paragraph across the page's columns, wrapped, its row tall enough."""
        worksheet = self.sheet.sheet
        cell = self.sheet.put(self.row, 1, text)
        cell.font = Font(bold=bold, size=size)
        cell.alignment = Alignment(wrap_text=True, vertical="top", indent=indent)
        last = get_column_letter(len(COLUMN_WIDTHS))
        worksheet.merge_cells(f"A{self.row}:{last}{self.row}")
        lines = line_count(str(cell.value), PAGE_WIDTH * 10 / size)
        worksheet.row_dimensions[self.row].height = (LINE_HEIGHT * size / 10) * lines + 3
        self.row += 1

    def table(self, rows: list[tuple[bool, list[str]]]) -> None:
        """A table in the page's columns; each row as tall as its longest cell."""
        for header, cells in rows:
            lines = 1
            for column, text in enumerate(cells[: len(COLUMN_WIDTHS)], start=1):
                cell = self.sheet.put(self.row, column, text)
                cell.font = Font(bold=header, size=9.5)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if header:
                    cell.fill = HEADER_FILL
                lines = max(lines, line_count(text, COLUMN_WIDTHS[column - 1] * 0.95))
            self.sheet.sheet.row_dimensions[self.row].height = LINE_HEIGHT * lines + 2
            self.row += 1
        self.row += 1


def plain(inline: Token) -> str:
    """The text of an inline token, its emphasis dropped."""
    return "".join(
        child.content if child.type in ("text", "code_inline") else " "
        for child in inline.children or []
        if child.type in ("text", "code_inline", "softbreak", "hardbreak")
    )


def fill(page: Page, tokens: list[Token]) -> None:
    """Every block onto the page, in order."""
    stream = iter(tokens)
    numbers: list[int | None] = []
    for token in stream:
        if token.type == "heading_open":
            page.line(plain(next(stream)), bold=True, size=HEADING_SIZES.get(token.tag, 9))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            numbers.append(0 if token.type == "ordered_list_open" else None)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif token.type == "paragraph_open":
            text = plain(next(stream))
            if numbers and numbers[-1] is not None:
                numbers[-1] += 1
                text = f"{numbers[-1]}. {text}"
            elif numbers:
                text = f"• {text}"
            page.line(text, indent=1 if numbers else 0)
        elif token.type == "table_open":
            page.table([(head, [plain(c) for c in cells]) for head, cells in table_rows(stream)])


def print_on_one_page(worksheet: Worksheet) -> None:
    """A4 portrait, the whole sheet shrunk to one page, the title at the top."""
    setup = worksheet.page_setup
    setup.orientation = "portrait"
    setup.paperSize = worksheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 1
    worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    worksheet.page_margins.left = worksheet.page_margins.right = 0.5
    worksheet.page_margins.top = worksheet.page_margins.bottom = 0.75
    worksheet.page_margins.header = worksheet.page_margins.footer = 0.3


def summary_page_workbook(title: str, markdown_text: str) -> tuple[bytes, list[Problem]]:
    """The meeting summary's one-sheet workbook as bytes, and any warnings."""
    warnings: list[Problem] = []
    book = Workbook()
    worksheet = book.active
    assert isinstance(worksheet, Worksheet)
    worksheet.title = "Meeting summary"
    for column, width in enumerate(COLUMN_WIDTHS, start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = width
    sheet = Sheet(worksheet, warnings)
    fill(Page(sheet), report_blocks(markdown_text))
    print_on_one_page(worksheet)
    sheet.heading(title)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), warnings
