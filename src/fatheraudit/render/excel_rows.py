"""Tables written straight into their worksheet's XML as the workbook is saved.

openpyxl keeps an object for every cell and writes each through an XML tree, which at
ten thousand cases takes minutes and gigabytes. A `Book` keeps each table as rows of
plain values instead, and on saving writes them as the text openpyxl writes for such
cells (the same elements, attributes, escaping and style ids, in the same order), while
openpyxl still writes everything around them: the sheet's settings, the other cells,
styles, charts and the package.

Values are stored as `excel.Sheet` leaves them: cleaned text (always text, never a
formula), numbers, dates and None.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from fatheraudit.render.spreadsheet import runs_as_formula

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
HEADER_FONT = Font(bold=True)
TOP = Alignment(wrap_text=False, vertical="top")
WRAPPED = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "dd/mm/yyyy"
LINE_HEIGHT = 15
excel_days: Callable[[date, datetime], float] = to_excel
ROWS_PER_WRITE = 500


@dataclass(frozen=True, eq=False)
class Look:
    """How a data cell differs from the rest of its column: a number format, a fill or
    an alignment, each replacing the column's. Told apart by identity, so make each once."""

    number_format: str | None = None
    fill: PatternFill | None = None
    alignment: Alignment | None = None


LookOf = Callable[[int, int], Look | None]


@dataclass
class Table:
    """A header row at `top` and data rows below it, as stored values; `wrapped` the
    columns (from 1) whose data cells wrap, `lines` each row's height in lines (the
    header row's first), `look` a data cell's look by its row and column on the sheet."""

    top: int
    header: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)  # tuples, which the
    # garbage collector stops tracking, so that it does not walk them again and again
    wrapped: set[int] = field(default_factory=set)
    lines: list[int] = field(default_factory=list)
    look: LookOf | None = None

    @property
    def bottom(self) -> int:
        """The last row the table takes."""
        return self.top + len(self.rows)


class Book(Workbook):
    """A workbook whose tables (`tables`, by sheet) are written as rows of XML on saving."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[Worksheet, Table] = {}

    def to_bytes(self) -> bytes:
        """The saved workbook, as `Workbook.save` would write it."""
        buffer = io.BytesIO()
        archive = ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True)
        self.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)
        TableWriter(self, archive).save()
        return buffer.getvalue()


class TableWriter(ExcelWriter):
    """openpyxl's writer, which writes a sheet holding a table with its rows as text."""

    def write_worksheet(self, ws: Worksheet) -> None:
        """As `ExcelWriter.write_worksheet` (openpyxl 3.1), the rows written by `RowsWriter`."""
        assert isinstance(self.workbook, Book)
        table = self.workbook.tables.get(ws)
        if table is None:
            super().write_worksheet(ws)
            return
        drawing = SpreadsheetDrawing()
        drawing.charts = getattr(ws, "_charts")  # noqa: B009 (openpyxl's own, unnamed in its stubs)
        drawing.images = getattr(ws, "_images")  # noqa: B009
        ws._drawing = drawing  # type: ignore[attr-defined]
        writer = RowsWriter(ws, table)
        writer.write()
        writer.write_table()
        ws._rels = writer._rels  # type: ignore[attr-defined]
        self._archive.write(writer.out, ws.path[1:])  # type: ignore[attr-defined]
        self.manifest.append(ws)
        writer.cleanup()


class RowsWriter(WorksheetWriter):
    """Writes a sheet with an empty `sheetData`, then puts the rows in it: the table's and
    those of the sheet's own cells, in order."""

    def __init__(self, ws: Worksheet, table: Table) -> None:
        assert ws.parent is not None
        self.sheet, self.table, self.epoch = ws, table, ws.parent.epoch
        super().__init__(ws)

    def rows(self) -> list[tuple[int, list[Any]]]:
        """None for openpyxl to write: `write_table` writes them all."""
        return []

    def write_dimensions(self) -> None:
        """The range the table and the sheet's cells take together."""
        sheet, table = self.sheet, self.table
        rows = [table.top, table.bottom, *(row for row, _ in sheet._cells)]
        columns = [1, len(table.header), *(column for _, column in sheet._cells)]
        first = f"{get_column_letter(min(columns))}{min(rows)}"
        self.xf.send(
            SheetDimension(f"{first}:{get_column_letter(max(columns))}{max(rows)}").to_tree()
        )

    def write_table(self) -> None:
        """The written sheet again, its rows inside `sheetData` (empty as written, in
        either of the forms et_xmlfile and lxml write)."""
        path = Path(str(self.out))
        written = path.read_bytes()
        start = written.index(b"<sheetData")
        end = written.index(b">", start) + 1
        if written[end - 2 : end] == b"/>":
            head, tail = written[:start] + b"<sheetData>", b"</sheetData>" + written[end:]
        else:
            head, tail = written[:end], written[written.index(b"</sheetData>", end) :]
        with path.open("wb") as out:
            out.write(head)
            for chunk in self.chunks():
                out.write(chunk.encode("utf-8"))
            out.write(tail)

    def chunks(self) -> Iterator[str]:
        """The rows as text, a few hundred at a time."""
        pending: list[str] = []
        for row in self.row_texts():
            pending.append(row)
            if len(pending) >= ROWS_PER_WRITE:
                yield "".join(pending)
                pending.clear()
        yield "".join(pending)

    def row_texts(self) -> Iterator[str]:
        """Every row in order: the table's, and those of the sheet's other cells (and row
        settings) above and below it."""
        table = self.table
        others = super().rows()  # openpyxl's: the sheet's cells, and rows given only settings
        inside = [row for row, _ in others if table.top <= row <= table.bottom]
        if inside:
            raise ValueError(f"{self.ws.title}: row {inside[0]} holds a cell beside its table")
        before = [(row, cells) for row, cells in others if row < table.top]
        for row, cells in before:
            yield self.cells_row(row, cells)
        yield from table_rows(table, StyleIds(self.sheet), self.epoch)
        for row, cells in others[len(before) :]:
            yield self.cells_row(row, cells)

    def cells_row(self, row: int, cells: list[Any]) -> str:
        """A row of the sheet's own cells, as openpyxl writes it."""
        attributes = {"r": str(row), **dict(self.sheet.row_dimensions.get(row, {}))}
        opened = "<row " + " ".join(f'{key}="{value}"' for key, value in attributes.items())
        texts = [opened + ">"]
        for cell in cells:
            if cell.hyperlink or cell.comment or cell.data_type not in {"s", "n", "b", "d"}:
                raise ValueError(f"{self.ws.title}!{cell.coordinate} cannot be written as text")
            if cell.value is None and not cell.has_style:
                continue
            style = cell.style_id if cell.has_style else None
            texts.append(cell_text(cell.coordinate, style, cell.value, self.epoch))
        return "".join(texts) + "</row>"


class StyleIds:
    """The style id of each kind of table cell, registered with the workbook when a cell
    of that kind is first written, as openpyxl registers a cell's style."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.ids: dict[tuple[bool, bool, type | None, bool, Look | None], int] = {}

    def of(self, header: bool, wrapped: bool, value: Any, look: Look | None) -> int:
        """The id of a cell's style: the header's or its column's, a date's format, the
        quote prefix of text that starts like a formula, and its look."""
        dated = type(value) if isinstance(value, date) else None
        quoted = isinstance(value, str) and runs_as_formula(value)
        key = (header, wrapped, dated, quoted, look)
        known = self.ids.get(key)
        if known is None:
            known = self.ids[key] = self.register(header, wrapped, value, quoted, look)
        return known

    def register(
        self, header: bool, wrapped: bool, value: Any, quoted: bool, look: Look | None
    ) -> int:
        """A new kind of cell's style, set on a cell as `Sheet.put` and the table once set
        it on each (a date given to a cell first registers openpyxl's own date format)."""
        cell = Cell(self.sheet, row=1, column=1)
        if quoted:
            cell.quotePrefix = True
        if isinstance(value, date):
            cell.value = value
            cell.number_format = DATE_FORMAT
        if header:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
        cell.alignment = WRAPPED if header or wrapped else TOP
        if look is not None and look.number_format is not None:
            cell.number_format = look.number_format
        if look is not None and look.alignment is not None:
            cell.alignment = look.alignment
        if look is not None and look.fill is not None:
            cell.fill = look.fill
        return cell.style_id


def table_rows(table: Table, styles: StyleIds, epoch: datetime) -> Iterator[str]:
    """The table's rows as text, its header row first."""
    numbers = range(1, len(table.header) + 1)
    columns = [(get_column_letter(n), n, n in table.wrapped) for n in numbers]
    texts = [row_start(table.top, table.lines[0])]
    for (letter, _, _), value in zip(columns, table.header, strict=True):
        style = styles.of(True, True, value, None)
        texts.append(cell_text(f"{letter}{table.top}", style, value, epoch))
    yield "".join(texts) + "</row>"
    look = table.look
    for index, values in enumerate(table.rows):
        number = table.top + 1 + index
        texts = [row_start(number, table.lines[index + 1])]
        for (letter, column, wrapped), value in zip(columns, values, strict=True):
            style = styles.of(False, wrapped, value, look(number, column) if look else None)
            texts.append(cell_text(f"{letter}{number}", style, value, epoch))
        texts.append("</row>")
        yield "".join(texts)


def row_start(number: int, lines: int) -> str:
    """A row's opening tag; a row of more than one line is made tall enough for them."""
    if lines > 1:
        return f'<row r="{number}" ht="{safe_string(float(LINE_HEIGHT * lines))}" customHeight="1">'
    return f'<row r="{number}">'


def cell_text(ref: str, style: int | None, value: Any, epoch: datetime) -> str:
    """One cell as openpyxl writes it: text inline (never a formula), numbers and dates
    as numbers, booleans as such; an empty cell written only for its style."""
    styled = f' s="{style}"' if style is not None else ""
    if isinstance(value, str):
        if not value:
            return f'<c r="{ref}"{styled} t="inlineStr" />'
        space = ' xml:space="preserve"' if keeps_space(value) else ""
        return f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'
    if value is None:
        return f'<c r="{ref}"{styled} t="n" />'
    if isinstance(value, bool):
        return f'<c r="{ref}"{styled} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, date):
        value = excel_days(value, epoch)
    number = safe_string(value)
    if not number:
        return f'<c r="{ref}"{styled} t="n"><v /></c>'
    return f'<c r="{ref}"{styled} t="n"><v>{number}</v></c>'


def keeps_space(text: str) -> bool:
    """Whether text has space to keep at either end (and is not only space)."""
    return (text[0].isspace() or text[-1].isspace()) and bool(text.strip())


def escape(text: str) -> str:
    """Text as XML character data: '&', '<' and '>' escaped, as openpyxl escapes them."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text
