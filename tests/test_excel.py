"""The audit workbook: text over Excel's cell limit is cut with a marker naming where the
full text is kept, and a warning naming the cell and that place."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from conftest import flag_for_escalation
from fatheraudit.cli import app
from fatheraudit.problems import Problem
from fatheraudit.render.excel import EXCEL_LIMIT, Sheet, line_count, wrapped_lines

MARKER = re.compile(
    r" … \[cut at Excel's limit: full text in (?P<path>[^,\]]+), (?P<key>[^\]]+)\]$"
)


def long_text(letter: str, length: int = 40_000) -> str:
    """Text of `length` characters, different all along, with no space at either end."""
    words = " ".join(f"{letter}{n:05d}" for n in range(length // 7 + 1))
    return words[:length].strip()


def replace_line(path: Path, pattern: str, text: str) -> None:
    """Put `text` in place of the value on the one line `pattern` matches."""
    written = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, lambda m: m.group(1) + text, written, count=1, flags=re.M)
    assert count == 1, pattern
    path.write_text(changed, encoding="utf-8")


def value_at(data: Any, key: str) -> Any:
    """The value at a dotted key such as `answers.A1.evidence` (list items count from 1)."""
    for part in key.split("."):
        data = data[int(part) - 1] if isinstance(data, list) else data[part]
    return data


def cut_cells(book: Workbook) -> dict[str, str]:
    """Every cell whose text ends with the cut marker, by `Sheet!A1`."""
    return {
        f"{sheet.title}!{cell.coordinate}": cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "[cut at Excel's limit" in cell.value
    }


def evidence_cell(book: Workbook, case_id: str, question_id: str) -> Any:
    """The Evidence sheet's note cell for one case and question."""
    return next(
        row[3]
        for row in book["Evidence"].iter_rows(min_row=2)
        if row[0].value == case_id and row[1].value == question_id
    )


def test_long_evidence_is_cut_with_a_marker_naming_its_form_and_key(
    runner: CliRunner, audit_copy: Path
) -> None:
    note = long_text("e")
    replace_line(
        audit_copy / "cases" / "C03.yaml",
        r"(^  A1:\n    answer: [^\n]*\n    evidence: )[^\n]*",
        note,
    )
    target = audit_copy / "r.xlsx"
    result = runner.invoke(app, ["report", str(audit_copy), "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    cell = evidence_cell(openpyxl.load_workbook(target), "C03", "A1")
    text = cell.value
    assert len(text) == EXCEL_LIMIT
    assert text.endswith(
        " … [cut at Excel's limit: full text in cases/C03.yaml, answers.A1.evidence]"
    )
    form = yaml.safe_load((audit_copy / "cases" / "C03.yaml").read_text(encoding="utf-8"))
    assert form["answers"]["A1"]["evidence"] == note, "the named place holds the full text"
    assert note.startswith(text[: text.index(" … [cut at")])
    warning = f"Evidence!{cell.coordinate}: warning R801: text of 40,000 characters cut"
    assert warning in result.stderr
    assert "the full text is in cases/C03.yaml, answers.A1.evidence" in result.stderr


def test_every_cut_names_a_place_that_holds_the_full_text(
    runner: CliRunner, audit_copy: Path
) -> None:
    texts = {letter: long_text(letter) for letter in "eslm"}
    replace_line(
        audit_copy / "cases" / "C03.yaml",
        r"(^  A1:\n    answer: [^\n]*\n    evidence: )[^\n]*",
        texts["e"],
    )
    replace_line(audit_copy / "cases" / "C01.yaml", r"(^strengths: )[^\n]*", texts["s"])
    replace_line(audit_copy / "audit.yaml", r"(^learning:\n  - )[^\n]*", texts["l"])
    replace_line(audit_copy / "actions.yaml", r"(^    measurable: )[^\n]*", texts["m"])
    target = audit_copy / "r.xlsx"
    result = runner.invoke(app, ["report", str(audit_copy), "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    cut = cut_cells(openpyxl.load_workbook(target))
    assert len(cut) == 4, cut.keys()
    places = set()
    for where, text in cut.items():
        marker = MARKER.search(text)
        assert marker is not None and len(text) == EXCEL_LIMIT, where
        data = yaml.safe_load((audit_copy / marker["path"]).read_text(encoding="utf-8"))
        full = value_at(data, marker["key"])
        assert full in texts.values() and full.startswith(text[: marker.start()]), where
        assert f"{where}: warning R801" in result.stderr
        places.add(f"{marker['path']}, {marker['key']}")
    assert places == {
        "cases/C03.yaml, answers.A1.evidence",
        "cases/C01.yaml, strengths",
        "audit.yaml, learning.1",
        "actions.yaml, actions.1.measurable",
    }


def test_text_with_no_single_source_is_cut_without_naming_a_place() -> None:
    warnings: list[Problem] = []
    book = Workbook()
    assert isinstance(book.active, Worksheet)
    cell = Sheet(book.active, warnings).put(2, 3, "C01, " * 10_000)
    assert len(cell.value) == EXCEL_LIMIT and cell.value.endswith(" … [cut at Excel's limit]")
    (warning,) = warnings
    assert warning.location() == "Sheet!C2" and warning.code == "R801"
    assert "full text" not in warning.message


def test_text_within_the_limit_is_written_whole() -> None:
    warnings: list[Problem] = []
    book = Workbook()
    assert isinstance(book.active, Worksheet)
    text = long_text("w", EXCEL_LIMIT)
    assert Sheet(book.active, warnings).put(1, 1, text).value == text and not warnings


def test_a_published_workbook_hides_small_theme_counts(runner: CliRunner, audit_copy: Path) -> None:
    flag_for_escalation(audit_copy, "C04")
    target = audit_copy / "published.xlsx"
    args = [
        "report",
        str(audit_copy),
        "--format",
        "xlsx",
        "-o",
        str(target),
        "--suppress-below",
        "5",
    ]
    assert runner.invoke(app, args).exit_code == 0
    book = openpyxl.load_workbook(target)
    themes = book["Themes"]
    rows = list(themes.iter_rows(min_row=2, values_only=True))
    assert rows and all(row[5] in (None, "") for row in rows), "no case ids"
    assert all(isinstance(row[3], str) or row[3] == 0 or row[3] >= 5 for row in rows)
    assert "fewer than 5" in {row[3] for row in rows}
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    assert summary["Discussed at the meeting"] == "more than 5 of 10"
    assert summary["Cases flagged for escalation"] == "fewer than 5"
    cells = {v for row in book["Summary"].iter_rows(values_only=True) for v in row}
    assert "Lowest" not in cells and "Highest" not in cells, "no single case's figure"
    assert {row[0] for row in book["Learning"].iter_rows(min_row=2, values_only=True)} == {
        "audit"
    }, "no case's own narrative"
    internal = audit_copy / "internal.xlsx"
    whole = ["report", str(audit_copy), "--format", "xlsx", "-o", str(internal)]
    assert runner.invoke(app, whole).exit_code == 0
    internal_summary = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(internal)["Summary"].iter_rows(values_only=True)
    }
    assert internal_summary["Cases flagged for escalation"] == "C04"
    charts = [
        len([n for n in zipfile.ZipFile(path).namelist() if n.startswith("xl/charts/chart")])
        for path in (internal, target)
    ]
    assert charts[1] == charts[0] - 1, "the themes chart is left out"


def test_the_report_workbook_prints_on_a4(runner: CliRunner, audit_copy: Path) -> None:
    meta = audit_copy / "audit.yaml"
    text = meta.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    meta.write_text(text.replace(title, "title: Fathers & carers &P audit", 1))
    target = audit_copy / "book.xlsx"
    result = runner.invoke(app, ["report", str(audit_copy), "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    for sheet in book.worksheets:
        assert int(sheet.page_setup.paperSize) == 9, sheet.title  # A4
        if sheet.title == "Themes chart":
            continue  # one portrait page, checked below
        assert sheet.page_setup.orientation == "landscape", sheet.title
        header_row = 3 if sheet.title == "Summary" else 1  # the Summary's title above it
        assert sheet.print_title_rows == f"${header_row}:${header_row}", sheet.title
        setup = sheet.page_setup
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), f"{sheet.title}: one page wide"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        widths = [
            dimension.width if (dimension := sheet.column_dimensions.get(letter)) else 8.43
            for letter in (get_column_letter(n) for n in range(1, sheet.max_column + 1))
        ]
        assert sum(widths) <= 240, f"{sheet.title} would print too small to read"
    assert book["Summary"].oddHeader.center.text == "Fathers && carers &&P audit: summary"
    assert book["Summary"]["A1"].value == "Fathers & carers &P audit", "a title on the sheet"
    (chart,) = book["Themes chart"]._charts
    assert chart.y_axis.majorUnit == 1 and chart.y_axis.scaling.max == 10
    assert chart.x_axis.tickLblSkip == 1, "every theme labelled"
    assert chart.x_axis.txPr.p[0].pPr.defRPr.sz == 800, "labels small enough to fit"
    page = book["Themes chart"].page_setup
    assert page.orientation == "portrait" and (page.fitToWidth, page.fitToHeight) == (1, 1)


def test_wrapped_lines_break_at_spaces_and_after_hyphens() -> None:
    assert wrapped_lines("", 10) == 1
    assert wrapped_lines("aaaa bbbb cc", 9) == 2, "'aaaa bbbb' fills the first line"
    assert wrapped_lines("a" * 25, 10) == 3, "a long word is broken across lines"
    assert wrapped_lines("joint-birth-registration", 13) == 2, "'joint-birth-' then the rest"
    assert wrapped_lines("joint birth registration", 13) == 2
    assert wrapped_lines("jointbirthregistration", 13) == 2


def test_line_count_counts_each_paragraph_and_leaves_a_margin() -> None:
    question = "Does the plan set clear expectations and responsibilities for him, and more?"
    assert line_count(question, 70) == 1
    assert line_count(question, 44) == 2
    assert line_count("one\ntwo\n\nfour", 40) == 4, "blank lines count"


def test_answers_of_many_cases_print_across_pages_with_the_questions_repeated(
    runner: CliRunner, audit_copy: Path
) -> None:
    source = (audit_copy / "cases" / "C01.yaml").read_text()
    for number in range(11, 14):
        text = source.replace("case_id: C01", f"case_id: C{number}", 1)
        (audit_copy / "cases" / f"C{number}.yaml").write_text(text)
    target = audit_copy / "book.xlsx"
    result = runner.invoke(app, ["report", str(audit_copy), "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    answers = openpyxl.load_workbook(target)["Answers"]
    assert answers.max_column == 2 + 13
    assert not answers.sheet_properties.pageSetUpPr.fitToPage, "13 cases would print too small"
    assert answers.print_title_cols == "$A:$B", "question and text on every page"


def test_no_header_runs_into_its_neighbour(runner: CliRunner, audit_copy: Path) -> None:
    """Each header cell is wide enough for its bold title, or its row tall enough to wrap it."""
    target = audit_copy / "book.xlsx"
    result = runner.invoke(app, ["report", str(audit_copy), "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    checked = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if not (cell.font.b and isinstance(cell.value, str) and cell.fill.fgColor.rgb):
                    continue
                if cell.font.sz and cell.font.sz > 11:
                    continue  # a title, not a header
                dimension = sheet.column_dimensions.get(cell.column_letter)
                width = dimension.width if dimension and dimension.customWidth else 8.43
                height = sheet.row_dimensions[cell.row].height or 15
                lines = line_count(cell.value, width / 1.2)  # bold letters are wider
                assert lines * 15 <= height, f"{sheet.title}!{cell.coordinate} {cell.value!r}"
                checked += 1
    assert checked > 40
