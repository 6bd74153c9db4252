"""Tables written straight into a sheet's XML (`render/excel_rows.py`): each cell is the
text openpyxl writes for it, hostile text stays text, and line counts are unchanged."""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from et_xmlfile import xmlfile
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.cell._writer import etree_write_cell
from openpyxl.cell.cell import Cell
from openpyxl.utils.datetime import WINDOWS_EPOCH
from typer.testing import CliRunner

from fatheraudit.cli import app
from fatheraudit.loader import HIDDEN_IN_OUTPUT, visible
from fatheraudit.problems import Problem
from fatheraudit.render.excel import EXCEL_LIMIT, Sheet, line_count, wrapped_lines
from fatheraudit.render.excel_rows import Book, cell_text
from fatheraudit.render.spreadsheet import FORMULA_STARTS, runs_as_formula

HOSTILE = {
    "A1": '=HYPERLINK("http://example.org","click")',
    "A2": "+1 plus",
    "A3": "-1 minus",
    "A4": "@SUM(A1:A2)",
    "B1": "\tstarts with a tab",
    "B2": "\rstarts with a lone carriage return",
    "B4": "<b>bold</b> & ]]> &amp; \"quoted\" 'single'",
    "C1": "a bell \x07, an escape \x1b, a delete \x7f and a right-to-left override \u202e",
    "C2": "emoji \U0001f600 and astral \U0001d518 letters, CJK \u6f22\u5b57",
    "C3": "  spaces at both ends  ",
    "D1": "line one\r\nline two\nline three",
    "D2": "word " * 8_000,
}


WORDS_AND_SPACES = "ab -\n\t\x1c\u2028\u3000\u00a0\x85"  # spaces as both regex and split() see them


def old_wrapped_lines(text: str, per_line: int) -> int:
    """`wrapped_lines` as it was, one regular expression match per piece: the reference."""
    lines, used = 1, 0
    for match in re.finditer(r"(\s*)([^\s-]*-+|[^\s-]+)", text):
        gap = 1 if match.group(1) and used else 0
        piece = len(match.group(2))
        if used and used + gap + piece > per_line:
            lines, used, gap = lines + 1, 0, 0
        used += gap + piece
        while used > per_line:
            lines, used = lines + 1, used - per_line
    return lines


def written_by_openpyxl(value: Any) -> tuple[str, int | None]:
    """What openpyxl's own writer (without lxml) writes for cell B3 holding `value`
    (set as `Sheet.put` sets it), and the cell's style id, if it has a style."""
    cell = Cell(openpyxl.Workbook().active, row=3, column=2)  # type: ignore[arg-type]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        cell.quotePrefix = runs_as_formula(value)
    out = io.BytesIO()
    with xmlfile(out) as xf:
        etree_write_cell(xf, cell.parent, cell, cell.has_style)
    return out.getvalue().decode("utf-8"), cell.style_id if cell.has_style else None


def yaml_quoted(text: str) -> str:
    """Text as a YAML double-quoted string, every character not printable escaped."""
    return '"' + "".join(map(yaml_character, text)) + '"'


def yaml_character(character: str) -> str:
    """One character in a YAML double-quoted string."""
    if character in '"\\':
        return "\\" + character
    return character if character.isprintable() else f"\\u{ord(character):04x}"


def write_hostile(audit: Path) -> None:
    """Hostile evidence notes in C03."""
    form = audit / "cases" / "C03.yaml"
    text = form.read_text(encoding="utf-8")
    for question, note in HOSTILE.items():
        pattern = rf"(^  {question}:\n    answer: [^\n]*\n    evidence: )[^\n]*"
        quoted = yaml_quoted(note)
        text, count = re.subn(pattern, lambda m, q=quoted: m[1] + q, text, count=1, flags=re.M)
        assert count == 1, question
    form.write_text(text, encoding="utf-8")


def test_hostile_text_is_kept_as_text(runner: CliRunner, audit_copy: Path) -> None:
    write_hostile(audit_copy)
    target = audit_copy / "r.xlsx"
    args = ["report", str(audit_copy), "--format", "xlsx", "-o", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(target) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/s")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets), "no formulas"
    evidence = openpyxl.load_workbook(target)["Evidence"]
    cells = {row[1].value: row[3] for row in evidence.iter_rows(min_row=2) if row[0].value == "C03"}
    for question, note in HOSTILE.items():
        cell = cells[question]
        assert cell.data_type == "s", question
        shown = visible(note)
        if len(shown) > EXCEL_LIMIT:
            assert len(cell.value) == EXCEL_LIMIT and cell.value.endswith("answers.D2.evidence]")
            assert shown.startswith(cell.value[: cell.value.index(" … [cut at")])
        else:
            assert cell.value == shown, question
        assert cell.quotePrefix == runs_as_formula(shown), question
        assert cell.alignment.wrap_text and cell.alignment.vertical == "top", question
    assert cells["C1"].value.count("[U+") == 4, "control and direction characters marked"
    assert "Evidence!" in result.stderr and "R801" in result.stderr


def test_every_formula_start_gets_the_quote_prefix() -> None:
    book = Book()
    sheet = book.active
    assert sheet is not None
    texts = [f"{start}1+1" for start in FORMULA_STARTS] + ["plain", "=", "-"]
    Sheet(sheet, []).table(["Text"], [[text] for text in texts])  # type: ignore[arg-type]
    read = openpyxl.load_workbook(io.BytesIO(book.to_bytes()))
    cells = list(read.active.iter_rows(min_row=2))  # type: ignore[union-attr]
    for (cell,), text in zip(cells, texts, strict=True):
        assert cell.data_type == "s" and cell.value == visible(text), text
        assert cell.quotePrefix == runs_as_formula(visible(text)), text


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=40))
def test_text_is_written_as_openpyxl_writes_it(text: str) -> None:
    """Any text a table stores (after `visible`), escaped and spaced as openpyxl does."""
    expected, style = written_by_openpyxl(visible(text))
    assert cell_text("B3", style, visible(text), WINDOWS_EPOCH) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        0,
        7,
        -3,
        10**17,
        0.25,
        1 / 3,
        1e-9,
        True,
        False,
        date(2023, 2, 22),
        datetime(2023, 2, 22, 13, 30),
        float("nan"),
        "",
        " ",
        "a",
        "  a  ",
    ],
)
def test_values_are_written_as_openpyxl_writes_them(value: Any) -> None:
    expected, style = written_by_openpyxl(value)
    assert cell_text("B3", style, value, WINDOWS_EPOCH) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(WORDS_AND_SPACES), max_size=80), st.integers(1, 30))
def test_line_counts_are_as_before(text: str, per_line: int) -> None:
    assert wrapped_lines(text, per_line) == old_wrapped_lines(text, per_line)
    expected = sum(old_wrapped_lines(part, per_line) for part in text.split("\n"))
    assert line_count(text, per_line / 1.1 + 0.01) == expected


def test_printable_text_holds_nothing_visible_would_mark() -> None:
    """`Sheet.stored` skips `visible` for printable text: no character it marks is printable."""
    printable = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isprintable())
    assert not HIDDEN_IN_OUTPUT.search(printable)
    assert not "\r".isprintable()


def test_a_table_needs_a_book_and_whole_rows() -> None:
    plain = openpyxl.Workbook().active
    with pytest.raises(TypeError, match="Book"):
        Sheet(plain, []).table(["A"], [["x"]])  # type: ignore[arg-type]
    book = Book()
    with pytest.raises(ValueError, match="row 2 has 1 values for 2 columns"):
        Sheet(book.active, []).table(["A", "B"], [["x"]])  # type: ignore[arg-type]


def test_a_cell_among_a_tables_rows_is_refused() -> None:
    book = Book()
    warnings: list[Problem] = []
    sheet = Sheet(book.active, warnings)  # type: ignore[arg-type]
    sheet.table(["A"], [["x"], ["y"]])
    sheet.put(5, 1, "below the table: written")
    read = openpyxl.load_workbook(io.BytesIO(book.to_bytes())).active
    assert read is not None
    values = [cell.value for (cell,) in read.iter_rows()]
    assert values == ["A", "x", "y", None, "below the table: written"]
    sheet.put(2, 2, "beside a row of the table")
    with pytest.raises(ValueError, match="row 2 holds a cell beside its table"):
        book.to_bytes()
