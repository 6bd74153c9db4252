"""A blank form as an Excel workbook, for practitioners who work in Excel.

Only the answer cells can be edited; every controlled answer is a dropdown; the tool
and version are recorded on the About sheet, so `fatheraudit import` knows what the
form was filled against.
"""

from __future__ import annotations

import io
import math
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from fatheraudit.form_fields import FormField
from fatheraudit.forms import choices
from fatheraudit.render.blank_form import allowed
from fatheraudit.tools import Tool
from fatheraudit.workbook import (
    ANSWERS,
    DETAILS,
    FORMAT,
    KEY_COLUMN,
    LEARNING,
    META,
    details,
    fields_at,
)

HEADER = PatternFill("solid", fgColor="DDE4EE")
TO_FILL = PatternFill("solid", fgColor="FFF7D6")
OPEN = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")
INLINE_LIMIT = 255


class Lists:
    """The hidden sheet that dropdowns longer than Excel's inline limit draw from."""

    def __init__(self, book: Workbook) -> None:
        self.sheet = book.create_sheet("Lists")
        self.sheet.sheet_state = "hidden"
        self.used = 0

    def source(self, name: str, values: list[str]) -> str:
        """A dropdown formula for `values`: inline when short, else a range on this sheet."""
        inline = ",".join(values)
        if len(inline) <= INLINE_LIMIT and '"' not in inline:
            return f'"{inline}"'
        self.used += 1
        column = get_column_letter(self.used)
        self.sheet.cell(row=1, column=self.used, value=name)
        for row, value in enumerate(values, start=2):
            self.sheet.cell(row=row, column=self.used, value=value).data_type = "s"
        return f"Lists!${column}$2:${column}${len(values) + 1}"


def dropdown(sheet: Worksheet, formula: str, cells: str, hint: str) -> None:
    """A list validation on `cells` that refuses anything else, with a hint."""
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.error = f"Choose one of the listed answers. {hint}"
    rule.showErrorMessage = True
    rule.prompt = hint
    rule.showInputMessage = True
    sheet.add_data_validation(rule)
    rule.add(cells)


def header(sheet: Worksheet, titles: list[str], widths: list[int]) -> None:
    """A bold, shaded, frozen first row and the columns' widths."""
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER
        cell.alignment = WRAP
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def open_cell(sheet: Worksheet, row: int, column: int, value: Any = None) -> None:
    """A cell the practitioner fills: unlocked and shaded."""
    cell = sheet.cell(row=row, column=column, value=value)
    cell.protection = OPEN
    cell.fill = TO_FILL
    cell.alignment = WRAP


def protect(sheet: Worksheet) -> None:
    """Lock everything but the open cells (no password: it stops slips, not people);
    print landscape, one page wide, with the header row on every page."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if sheet.title != META:
        sheet.print_title_rows = "1:1"


def about_sheet(book: Workbook, tool: Tool, record_id: str) -> None:
    """What the workbook is, how to fill it, and the facts `import` reads back."""
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = META
    lines = [
        f"Case audit form: {tool.title}"
        if tool.scope == "case"
        else f"Self-assessment: {tool.title}",
        "Fill the shaded cells only; choose answers from the dropdowns.",
        "Write roles and agencies, never names. Dates as DD/MM/YYYY.",
        "When done, send the file back, or run: fatheraudit import THIS-FILE.xlsx -o cases/",
        "",
    ]
    for row, text in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=text).font = Font(
            bold=row == 1, size=14 if row == 1 else 11
        )
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    facts = [
        ("format", FORMAT),
        ("tool", tool.id),
        ("tool_version", tool.version),
        ("scope", tool.scope),
    ]
    facts.append(("case_id" if tool.scope == "case" else "assessment_id", record_id))
    for row, (key, value) in enumerate(facts, start=len(lines) + 1):
        sheet.cell(row=row, column=1, value=key)
        sheet.cell(row=row, column=2, value=value).data_type = "s"
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 60
    protect(sheet)


def details_sheet(book: Workbook, tool: Tool, record_id: str, lists: Lists) -> None:
    """One row per detail of the case or assessment; the key in a hidden column."""
    sheet = book.create_sheet(DETAILS[tool.scope])
    header(sheet, ["Field", "Value", "Help", "key"], [30, 40, 40, 10])
    sheet.column_dimensions[get_column_letter(KEY_COLUMN)].hidden = True
    for row, detail in enumerate(details(tool.scope), start=2):
        sheet.cell(row=row, column=1, value=detail.label)
        sheet.cell(row=row, column=3, value=detail.help)
        sheet.cell(row=row, column=KEY_COLUMN, value=detail.key)
        if detail.kind == "id":
            sheet.cell(row=row, column=2, value=record_id).data_type = "s"
            continue
        open_cell(sheet, row, 2)
        if detail.kind == "date":
            sheet.cell(row=row, column=2).number_format = "dd/mm/yyyy"
        if detail.vocabulary:
            values = choices(tool, detail.vocabulary)
            dropdown(sheet, lists.source(detail.vocabulary, values), f"B{row}", detail.help)
    protect(sheet)


def answers_sheet(book: Workbook, tool: Tool, lists: Lists) -> None:
    """One row per question: its text, guidance, allowed answers, and cells to answer."""
    sheet = book.create_sheet(ANSWERS)
    titles = ["Section", "Id", "Question", "Guidance", "Allowed answers", "Answer", "Evidence"]
    widths = [18, 6, 50, 50, 28, 14, 50]
    if tool.scope == "agency":
        titles, widths = [*titles, "Portfolio"], [*widths, 14]
    header(sheet, titles, widths)
    sheet.freeze_panes = "F2"
    row = 1
    for section in tool.sections:
        for question in section.questions:
            row += 1
            scale = tool.scale_of(question)
            note = allowed(scale)
            if question.when is not None:
                note += (
                    f" Only when {question.when.question} is {' or '.join(question.when.values)}."
                )
            if not question.required:
                note += " Optional."
            for column, value in enumerate(
                [
                    f"{section.id}. {section.title}",
                    question.id,
                    question.text,
                    question.guidance,
                    note,
                ],
                start=1,
            ):
                cell = sheet.cell(row=row, column=column, value=value)
                cell.alignment = WRAP
                cell.data_type = "s"
            for column in range(6, len(titles) + 1):
                open_cell(sheet, row, column)
            texts = zip((question.text, question.guidance, note), (50, 50, 28), strict=True)
            lines = max(math.ceil(len(text) / (width * 1.15)) for text, width in texts)
            sheet.row_dimensions[row].height = max(30, 15 * lines)
            if scale.kind == "choice":
                dropdown(sheet, lists.source(question.scale, scale.values), f"F{row}", note)
            elif scale.kind == "date":
                sheet.cell(row=row, column=6).number_format = "dd/mm/yyyy"
    protect(sheet)


def table_sheet(book: Workbook, tool: Tool, table: FormField, lists: Lists) -> None:
    """Rows to fill for children or men, a column per field of an item, with dropdowns for
    the fields on a list."""
    sheet = book.create_sheet(table.spec.sheet)
    columns, rows = table.fields, table.spec.rows
    header(sheet, [c.key.replace("_", " ") for c in columns], [22] * len(columns))
    for column, item in enumerate(columns, start=1):
        for row in range(2, rows + 2):
            open_cell(sheet, row, column)
        if item.spec.vocabulary:
            letter = get_column_letter(column)
            values = choices(tool, item.spec.vocabulary)
            cells = f"{letter}2:{letter}{rows + 1}"
            dropdown(sheet, lists.source(item.key, values), cells, item.key)
    protect(sheet)


def tick_entries(tool: Tool, vocabulary: str) -> list[tuple[str, str]]:
    """The rows of a tick list: each theme with its kind, or each term of a list."""
    if vocabulary == "themes":
        return [(t.id, f"{t.kind}: {t.label}") for t in tool.themes]
    return [(t.id, t.label) for t in tool.vocabularies.get(vocabulary, [])]


def tick_sheet(book: Workbook, tool: Tool, ticks: FormField) -> None:
    """A list to tick: put an x beside each that applies."""
    sheet = book.create_sheet(ticks.spec.sheet)
    header(sheet, ["Id", ticks.spec.label, "Tick (x)"], [28, 60, 10])
    for row, (ident, label) in enumerate(tick_entries(tool, ticks.spec.vocabulary), start=2):
        sheet.cell(row=row, column=1, value=ident).data_type = "s"
        sheet.cell(row=row, column=2, value=label).data_type = "s"
        open_cell(sheet, row, 3)
    protect(sheet)


def learning_sheet(book: Workbook, tool: Tool) -> None:
    """Large cells for the free-text learning."""
    sheet = book.create_sheet(LEARNING)
    header(sheet, ["Field", "Text"], [36, 100])
    for row, field in enumerate(fields_at(tool.scope, "rows"), start=2):
        sheet.cell(row=row, column=1, value=field.spec.label)
        open_cell(sheet, row, 2)
        sheet.row_dimensions[row].height = 90
    protect(sheet)


def form_workbook(tool: Tool, record_id: str) -> bytes:
    """The workbook form for `tool` and a case (or assessment) id, as bytes."""
    book = Workbook()
    about_sheet(book, tool, record_id)
    lists = Lists(book)
    details_sheet(book, tool, record_id, lists)
    answers_sheet(book, tool, lists)
    for table in fields_at(tool.scope, "table"):
        table_sheet(book, tool, table, lists)
    for ticks in fields_at(tool.scope, "ticks"):
        tick_sheet(book, tool, ticks)
    learning_sheet(book, tool)
    book.move_sheet("Lists", offset=len(book.sheetnames))
    book.properties.title = f"{tool.title} ({tool.key})"
    book.properties.keywords = f"fatheraudit {tool.key} {record_id}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
