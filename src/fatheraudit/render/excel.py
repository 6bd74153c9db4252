"""The audit as an Excel workbook a chair can hand on.

Free text is written safely: always as text (never a formula, and with Excel's
quote prefix where it starts like one), with characters a workbook cannot hold
removed, and cut with a visible marker, and a warning, where Excel's 32,767
character limit would otherwise cut it silently. The marker names where the full text
is kept: the form (or audit file) and key it was read from, given with the value as
`Sourced`; text built by fatheraudit (lists of ids) has no such place and says only that
it was cut.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from fatheraudit.actions import ACTIONS_FILE, STATUSES, ActionView, view_actions
from fatheraudit.audit import AUDIT_FILE
from fatheraudit.cohort import Cohort, Count
from fatheraudit.compare import Comparison
from fatheraudit.core import AuditResult
from fatheraudit.figures import of, whole_percent
from fatheraudit.forms import Answer, CaseAudit, State, case_basics
from fatheraudit.loader import visible
from fatheraudit.models import where
from fatheraudit.problems import Problem, Severity, problem
from fatheraudit.render.excel_rows import (
    DATE_FORMAT,
    HEADER_FILL,
    HEADER_FONT,
    WRAPPED,
    Book,
    Look,
    LookOf,
    Table,
)
from fatheraudit.render.spreadsheet import runs_as_formula
from fatheraudit.suppression import hide_share, hide_small
from fatheraudit.tools import Tool

EXCEL_LIMIT = 32_767
CUT_MARKER = " … [cut at Excel's limit: full text in {source}]"
CUT_MARKER_NO_SOURCE = " … [cut at Excel's limit]"
FILLS = {
    "best": PatternFill("solid", fgColor="C6EFCE"),
    "some": PatternFill("solid", fgColor="FFEB9C"),
    "none": PatternFill("solid", fgColor="FFC7CE"),
    "excluded": PatternFill("solid", fgColor="D9D9D9"),
}
FILLED = {name: Look(fill=fill) for name, fill in FILLS.items()}
PERCENT = Look(number_format="0%")
HYPHENATED = re.compile(r"[^-]*-+|[^-]+")  # a word's pieces, each after its hyphens
LEFT = Alignment(horizontal="left", vertical="top")
FIGURE = Look(alignment=LEFT)
FIGURE_PERCENT = Look(alignment=LEFT, number_format="0%")
MAX_WIDTH = 60
ONE_PAGE_CASES = 12  # the most cases the Answers sheet fits one page wide


@dataclass(frozen=True, slots=True)
class Origin:
    """Where the full text of a value is kept: a file and a key in it, named (only when
    a text is cut) as `cases/C03.yaml, answers.A1.evidence`."""

    path: str | Path
    folder: Path
    loc: tuple[str | int, ...]

    def __str__(self) -> str:
        return f"{from_folder(Path(self.path), self.folder)}, {where(self.loc).removesuffix(': ')}"


@dataclass(frozen=True, slots=True)
class Sourced:
    """Free text and where its full text is kept."""

    text: str
    source: str | Origin


def origin(path: str | Path, folder: Path, *loc: str | int) -> Origin:
    """A file (seen from the audit folder) and a key in it."""
    return Origin(path, folder, loc)


def from_folder(path: Path, folder: Path) -> str:
    """A path as seen from the audit folder, or as given when it is elsewhere."""
    for inner, outer in ((path, folder), (path.resolve(), folder.resolve())):
        if inner.is_relative_to(outer):
            return inner.relative_to(outer).as_posix()
    return str(path)


def cut_marker(source: str) -> str:
    """What ends a cut text: where the full text is, when one place holds it."""
    return CUT_MARKER.format(source=source) if source else CUT_MARKER_NO_SOURCE


SourceOf = Callable[[int, int], str | Origin]


@dataclass(frozen=True)
class Layout:
    """How a table sits on its sheet: the frozen corner, the width of its wrapped text
    columns, and the widest any other column grows before its text wraps."""

    freeze: str | None = "A2"
    wrapped: int = 80
    widest: int = MAX_WIDTH
    top: int = 1


class Sheet:
    """A worksheet being written, collecting warnings about cut text."""

    def __init__(self, sheet: Worksheet, warnings: list[Problem]) -> None:
        self.sheet = sheet
        self.warnings = warnings

    def put(self, row: int, column: int, value: Any) -> Cell:
        """Write one value; text is always stored as text.

        A `Sourced` value's source is named in the marker should its text be cut.
        """
        cell = self.sheet.cell(row=row, column=column)
        assert isinstance(cell, Cell), "a merged range is written through its first cell"
        cell.value = stored = self.stored(value, row, column)
        if isinstance(stored, str):
            cell.data_type = "s"
            if runs_as_formula(stored):
                cell.quotePrefix = True
        elif isinstance(stored, date):
            cell.number_format = DATE_FORMAT
        return cell

    def stored(self, value: Any, row: int, column: int, source: SourceOf | None = None) -> Any:
        """A value as its cell keeps it: text cleaned (`clean`), numbers, dates and None as
        they are, anything else as text. The full text of a cut text is in the `Sourced`
        value's source, else in the place `source` names for the cell, if any."""
        origin: str | Origin = ""
        if isinstance(value, Sourced):
            value, origin = value.text, value.source
        if isinstance(value, str):
            text = value
        elif isinstance(value, date | int | float) or value is None:
            return value
        else:
            text = str(value)
        if not text.isprintable():  # printable text holds nothing `visible` would mark
            text = visible(text)
        if len(text) <= EXCEL_LIMIT:
            return text
        if not origin and source is not None:
            origin = source(row, column)
        return self.cut(text, f"{self.sheet.title}!{get_column_letter(column)}{row}", origin)

    def clean(self, text: str, where: str, origin: str | Origin = "") -> str:
        """Text a workbook can hold: hidden characters (control, direction and those XML
        cannot hold) shown as markers like `[U+0007]`, cut visibly at the limit.

        A cut text ends with a marker naming `origin`, where the full text is kept.
        """
        return self.cut(visible(text), where, origin)

    def cut(self, text: str, where: str, origin: str | Origin = "") -> str:
        """Text cut visibly at Excel's limit, with a warning about cell `where`."""
        if len(text) <= EXCEL_LIMIT:
            return text
        source = str(origin)
        message = f"text of {len(text):,} characters cut to Excel's limit of {EXCEL_LIMIT:,}"
        if source:
            message += f"; the full text is in {source}"
        self.warnings.append(problem(where, "R801", message, severity=Severity.WARNING))
        marker = cut_marker(source)
        return text[: EXCEL_LIMIT - len(marker)] + marker

    def table(
        self,
        header: list[str],
        rows: Iterable[Sequence[Any]],
        wrap: tuple[int, ...] = (),
        *,
        layout: Layout = Layout(),
        look: LookOf | None = None,
        source: SourceOf | None = None,
    ) -> None:
        """A header row (at `layout.top`; frozen, filtered) and data rows, with sensible
        widths. Given a data cell's row and column on the sheet, `look` gives it a number
        format, fill or alignment of its own, and `source` names where the full text of
        its plain text is kept, should the text be cut.

        The rows are kept as values in the sheet's `Book` and written as it is saved.
        """
        book = self.sheet.parent
        if not isinstance(book, Book):
            raise TypeError("a table is written into a Book's sheet")
        top = layout.top
        table = Table(top, [self.stored(title, top, n) for n, title in enumerate(header, 1)])
        table.look = look
        longest = [len(title) * 6 // 5 for title in header]  # bold header letters are wider
        for number, row in enumerate(rows, start=top + 1):
            if len(row) != len(header):
                raise ValueError(f"row {number} has {len(row)} values for {len(header)} columns")
            stored = []
            for column, value in enumerate(row, start=1):
                longest[column - 1] = max(longest[column - 1], len(shown(value)))
                stored.append(self.stored(value, number, column, source))
            table.rows.append(tuple(stored))
        book.tables[self.sheet] = table
        self.sheet.freeze_panes = layout.freeze
        self.printable(top)
        if table.rows:
            last = get_column_letter(len(header))
            self.sheet.auto_filter.ref = f"A{top}:{last}{table.bottom}"
        table.wrapped = self.widths(longest, wrap, layout)
        table.lines = self.fit_rows(table)

    def printable(self, header_row: int = 1) -> None:
        """Print on A4 landscape, one page wide, with the header row on every page."""
        setup = self.sheet.page_setup
        setup.orientation = "landscape"
        setup.paperSize = self.sheet.PAPERSIZE_A4
        self.sheet.print_title_rows = f"{header_row}:{header_row}"
        self.heading(self.sheet.title)
        footer = self.sheet.oddFooter
        if footer is not None:
            footer.center.text = "Page &P of &N"
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    def fit_rows(self, table: Table) -> list[int]:
        """The lines each row of a table (its header row first) needs for its wrapped text
        (the header row wraps throughout), so rows never overlap when printed:
        spreadsheet programs do not grow a row for text wrapped by a file. Only wrapped
        cells are read."""
        columns = range(1, len(table.header) + 1)
        widths = [
            self.sheet.column_dimensions[get_column_letter(column)].width or 8.43
            for column in columns
        ]
        wrapped = sorted(table.wrapped)
        lines = [row_lines(table.header, columns, widths)]
        lines += [row_lines(row, wrapped, widths) for row in table.rows]
        return lines

    def heading(self, text: str) -> None:
        """The title printed at the top of every page ('&' doubled: Excel reads a lone
        '&' in a header as a code)."""
        header = self.sheet.oddHeader
        if header is not None:
            header.center.text = visible(text).replace("&", "&&")[:200]

    def widths(self, longest: list[int], wrap: tuple[int, ...], layout: Layout) -> set[int]:
        """Column widths from the longest value in each (`longest`), within bounds;
        wrapped columns wide, and a column whose text is wider than the widest column
        wraps, so no value is cut. Returns the columns whose data cells wrap."""
        wrapped = set(wrap)
        for column, length in enumerate(longest, start=1):
            width = layout.wrapped if column in wrap else min(max(length + 2, 8), layout.widest)
            self.sheet.column_dimensions[get_column_letter(column)].width = width
            if column not in wrap and length + 2 > layout.widest:
                wrapped.add(column)
        return wrapped


def row_lines(values: Sequence[Any], columns: Iterable[int], widths: list[float]) -> int:
    """The most lines any text of a row takes in these (wrapped) columns."""
    lines = 1
    for column in columns:
        value = values[column - 1]
        if isinstance(value, str):
            lines = max(lines, line_count(value, widths[column - 1]))
    return lines


def line_count(text: str, width: float) -> int:
    """About how many lines `text` takes in a wrapped cell `width` characters wide,
    breaking as spreadsheet programs do: at spaces and after hyphens."""
    per_line = max(1, int(width * 1.1))  # characters a line holds, a little under
    if len(text) <= per_line:
        return text.count("\n") + 1  # each paragraph fits a line
    return sum(wrapped_lines(part, per_line) for part in text.split("\n"))


def wrapped_lines(text: str, per_line: int) -> int:
    """Lines one paragraph takes when its words are laid greedily on lines of
    `per_line` characters, one space between words however many separate them; a word
    breaks after its hyphens, and a word longer than a line is broken across lines."""
    if len(text) <= per_line:
        return 1  # words and single spaces take no more than the text
    lines, used = 1, 0
    for word in text.split():
        gap = 1 if used else 0
        for piece in HYPHENATED.findall(word) if "-" in word else (word,):
            if used and used + gap + len(piece) > per_line:
                lines, used, gap = lines + 1, 0, 0
            used += gap + len(piece)
            while used > per_line:
                lines, used = lines + 1, used - per_line
            gap = 0
    return lines


def shown(value: Any) -> str:
    """How long a value looks in a cell."""
    if isinstance(value, str):
        return value
    if isinstance(value, Sourced):
        return value.text
    if isinstance(value, float):
        return whole_percent(value * 100)
    return "" if value is None else str(value)


def shown_share(count: Count, below: int | None) -> str:
    """`6 of 10`, or for publishing (`below`) the count hidden as in the report."""
    part = count.numerator
    hidden = hide_share(part, count.denominator, below) if below is not None else None
    return of(hidden or part, count.denominator)


def share(value: float | None) -> float | None:
    """A percentage as the fraction Excel formats as a percentage."""
    return None if value is None else round(value / 100.0, 4)


def percent_in(columns: range) -> LookOf:
    """A table's look showing fractions in these columns as whole percentages."""
    return lambda _row, column: PERCENT if column in columns else None


# --- sheets ----------------------------------------------------------------------------


def summary_sheet(
    book: Book, audit: AuditResult, warnings: list[Problem], below: int | None
) -> None:
    """Headline figures, section scores and a chart of them."""
    cohort, meta = audit.score.cohort, audit.meta
    assert cohort is not None and meta is not None
    first = book.active
    assert isinstance(first, Worksheet)
    sheet = Sheet(first, warnings)
    sheet.sheet.title = "Summary"
    facts: list[list[Any]] = [
        ["Audit", audit_text(audit, meta.title, "title")],
        ["Partnership", audit_text(audit, meta.partnership, "partnership")],
        ["QA subgroup", audit_text(audit, meta.qa_subgroup, "qa_subgroup")],
        ["Chair", audit_text(audit, meta.chair, "chair")],
        ["Meeting", meta.dates.meeting],
        ["Tool", cohort.tool],
        ["Cases", cohort.cases],
        ["Children", cohort.children],
        ["Ages", cohort.age_range if below is None else "withheld for publication"],
        *sex_rows(cohort, below),
        [
            "Discussed at the meeting",
            shown_share(cohort.discussed, below),
        ],
        ["Points earned across all cases", share(cohort.overall.pooled)],
        ["Median case score", share(cohort.overall.median)],
        ["Cases flagged for escalation", escalations(cohort, below)],
    ]
    title = sheet.put(1, 1, audit_text(audit, meta.title, "title"))
    title.font = Font(bold=True, size=14)
    percents = {"Points earned across all cases", "Median case score"}
    layout = Layout(freeze=None, top=3)

    def figure(row: int, column: int) -> Look | None:
        """Figures to the left; the shares of points as percentages."""
        if column != 2:
            return None
        return FIGURE_PERCENT if facts[row - layout.top - 1][0] in percents else FIGURE

    sheet.table(["Figure", "Value"], facts, layout=layout, look=figure)
    section_table(sheet, cohort, start=len(facts) + 6, extremes=below is None)
    sheet.heading(f"{meta.title}: summary")


def escalations(cohort: Cohort, below: int | None) -> str:
    """The cases flagged for escalation; for publishing (`below`) only how many, hidden
    when fewer than `below`, and never which."""
    if not cohort.escalations:
        return "none"
    if below is None:
        return ", ".join(cohort.escalations)
    count = len(cohort.escalations)
    return hide_share(count, cohort.cases, below) or str(count)


def audit_text(audit: AuditResult, text: str, *loc: str | int) -> Sourced:
    """Text read from the audit's `audit.yaml` at `loc`."""
    return Sourced(text, origin(audit.folder / AUDIT_FILE, audit.folder, *loc))


def sex_rows(cohort: Cohort, below: int | None) -> list[list[Any]]:
    """Children by sex; small counts hidden (as text) when `below` is set."""
    counts = {sex: n for sex, n in cohort.by_sex.items() if n}
    if below is None:
        return [[sex.capitalize(), n] for sex, n in counts.items()]
    shown = hide_small(counts, below, adds_up=True)
    return [[sex.capitalize(), shown[sex]] for sex in counts]


def section_table(sheet: Sheet, cohort: Cohort, start: int, *, extremes: bool) -> None:
    """Section scores below the facts, and a bar chart of them; the lowest and highest
    case only with `extremes` (each is one case's figure, left out for publishing)."""
    header = ["Section", "Title", "All points", "Median case"]
    header += ["Lowest", "Highest"] if extremes else []
    for column, title in enumerate(header, start=1):
        cell = sheet.put(start, column, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAPPED
        if column >= 3:  # the figures' columns: wide enough for their titles on one line
            sheet.sheet.column_dimensions[get_column_letter(column)].width = 13
    for offset, section in enumerate(cohort.sections, start=1):
        spread = section.spread
        values = [
            section.section_id,
            Sourced(section.title, f"the definition of tool {cohort.tool}"),
            share(spread.pooled),
            share(spread.median),
        ]
        values += [share(spread.minimum), share(spread.maximum)] if extremes else []
        for column, value in enumerate(values, start=1):
            cell = sheet.put(start + offset, column, value)
            if column >= 3:
                cell.number_format = "0%"
    end = start + len(cohort.sections)
    chart = BarChart()
    chart.title = "Points earned by section, all cases"
    chart.y_axis.title = "share of points available"
    chart.y_axis.number_format = "0%"
    chart.add_data(
        Reference(sheet.sheet, min_col=3, min_row=start, max_row=end), titles_from_data=True
    )
    chart.set_categories(Reference(sheet.sheet, min_col=1, min_row=start + 1, max_row=end))
    chart.legend = None
    sheet.sheet.add_chart(chart, f"H{start}")


def cases_sheet(book: Book, audit: AuditResult, warnings: list[Problem]) -> None:
    """One row per case: characteristics, section scores, overall, band, themes."""
    cohort = audit.score.cohort
    assert cohort is not None
    by_id = {c.form.case_id: c for c in audit.score.check.cases}
    sections = [s.section_id for s in cohort.sections]
    header = ["Case", "Children", "Level of intervention", "Discussed"]
    header += [f"Section {s}" for s in sections] + ["Overall"]
    header += ["Band"] if cohort.graded else []
    header += ["Themes", "Theme ids"]
    rows = []
    for score in cohort.scores:
        row: list[Any] = [score.case_id, *case_basics(by_id[score.case_id].form)]
        row += [share(score.section(s).percent) for s in sections] + [share(score.percent)]
        row += [score.band or "n/a"] if cohort.graded else []
        row += [len(score.themes), ", ".join(score.themes)]
        rows.append(row)
    sheet = Sheet(book.create_sheet("Cases"), warnings)
    sheet.table(header, rows, look=percent_in(range(5, 6 + len(sections))))


def ids(case_ids: list[str]) -> str:
    """Case ids as one cell's text."""
    return ", ".join(case_ids)


def fill_for(tool: Tool, case: CaseAudit, question_id: str) -> Look | None:
    """The colour of an answer: met, partly met, not met, or left out."""
    answer = case.answers[question_id]
    if answer.state in {State.NOT_APPLICABLE, State.CONDITION_NOT_MET}:
        return FILLED["excluded"]
    scale = tool.scale_of(tool.question_map()[question_id])
    if answer.state is not State.ANSWERED or not scale.scored:
        return None
    if answer.full:
        return FILLED["best"]
    return FILLED["none"] if not answer.points else FILLED["some"]


def answer_cell(answer: Answer) -> Any:
    """An answer as a cell value: text, a date or a number; 'not asked' for unmet conditions."""
    value = answer.value
    if isinstance(value, list):
        return ", ".join(value)
    if value is None:
        return "not asked" if answer.state is State.CONDITION_NOT_MET else None
    return value


def answer_value(case: CaseAudit, question_id: str, folder: Path) -> Any:
    """An answer's cell value; a written answer carries the form and key it came from."""
    answer = case.answers[question_id]
    if not isinstance(answer.value, str):
        return answer_cell(answer)
    return Sourced(answer.value, origin(case.path, folder, "answers", question_id, "answer"))


def answers_sheet(book: Book, audit: AuditResult, warnings: list[Problem]) -> None:
    """Question by case, as the tool reads, each answer coloured by its points; a ten-case
    audit prints one page wide."""
    cases = sorted(audit.score.check.cases, key=lambda c: c.form.case_id)
    tool = cases[0].tool
    questions = list(tool.questions())
    rows = (
        [question.id, question.text] + [answer_cell(case.answers[question.id]) for case in cases]
        for question in questions
    )

    def colour(row: int, column: int) -> Look | None:
        """An answer's colour; none for the question's id and text."""
        return fill_for(tool, cases[column - 3], questions[row - 2].id) if column > 2 else None

    def source(row: int, column: int) -> str | Origin:
        """Where an answer written as text is kept: its form and key."""
        if column < 3:
            return ""
        case, question_id = cases[column - 3], questions[row - 2].id
        if not isinstance(case.answers[question_id].value, str):
            return ""
        return origin(case.path, audit.folder, "answers", question_id, "answer")

    sheet = Sheet(book.create_sheet("Answers"), warnings)
    header = ["Question", "Text"] + [case.form.case_id for case in cases]
    layout = Layout(freeze="C2", wrapped=44, widest=12)
    sheet.table(header, rows, wrap=(2,), layout=layout, look=colour, source=source)
    if len(cases) > ONE_PAGE_CASES:  # fitted, it would print too small to read
        sheet.sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
        sheet.sheet.print_title_cols = "A:B"


def evidence_sheet(book: Book, audit: AuditResult, warnings: list[Problem]) -> None:
    """Every evidence note, by case and question."""
    sheet = Sheet(book.create_sheet("Evidence"), warnings)
    sheet.table(["Case", "Question", "Answer", "Evidence"], evidence_rows(audit), wrap=(4,))


def evidence_rows(audit: AuditResult) -> Iterator[list[Any]]:
    """Case, question, answer and evidence note, for every note written, one at a time."""
    for case in sorted(audit.score.check.cases, key=lambda c: c.form.case_id):
        for question_id, answer in case.answers.items():
            if answer.evidence and answer.evidence.strip():
                key = ("answers", question_id, "evidence")
                note = Sourced(answer.evidence, origin(case.path, audit.folder, *key))
                value = answer_value(case, question_id, audit.folder)
                yield [case.form.case_id, question_id, value, note]


KINDS = ("enabler", "barrier")


def whole_cases(chart: BarChart, cases: int) -> None:
    """A chart counting cases: every category labelled, the case axis in whole steps
    from 0 to the number of cases."""
    chart.x_axis.tickLblSkip = 1
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorUnit = 1 if cases <= 20 else max(1, cases // 10)
    chart.y_axis.number_format = "0"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = cases
    chart.y_axis.title = "cases"


def small_labels(axis: Any) -> None:
    """8 pt labels on an axis, so a label fits each category's band when printed."""
    size = CharacterProperties(sz=800)
    axis.txPr = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=size), endParaRPr=size)])


def chart_sheet(book: Book, chart: BarChart, title: str) -> None:
    """A chart on a sheet of its own, the size of an A4 portrait page and printed on
    one: tall enough for every category's label."""
    sheet = book.create_sheet(title)
    chart.width, chart.height = 18, 25  # cm: the printable part of A4 portrait
    sheet.add_chart(chart, "A1")
    setup = sheet.page_setup
    setup.orientation = "portrait"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = setup.fitToHeight = 1
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    Sheet(sheet, []).heading(title)


def themes_sheet(
    book: Book, audit: AuditResult, warnings: list[Problem], below: int | None = None
) -> None:
    """Theme counts with their cases, and a bar chart of the counts; for publishing
    (`below`), small counts hidden as in the report, no case ids and no chart."""
    cohort = audit.score.cohort
    assert cohort is not None
    tool = f"the definition of tool {cohort.tool}"
    order = {kind: audit.score.check.cases[0].tool.group_order(kind) for kind in KINDS}
    themes = sorted(
        cohort.themes,
        key=lambda t: (t.kind != "enabler", order[t.kind].index(t.group), -t.count.numerator),
    )
    rows: list[list[Any]] = [
        [
            t.kind,
            Sourced(t.group, tool) if t.group else "",
            Sourced(t.label, tool),
            t.count.numerator,
            t.count.denominator,
            ids(t.case_ids),
        ]
        for t in themes
    ]
    if below is not None:
        for row, theme in zip(rows, themes, strict=True):
            count = theme.count
            row[3] = hide_share(count.numerator, count.denominator, below) or count.numerator
            row[5] = ""
    sheet = Sheet(book.create_sheet("Themes"), warnings)
    sheet.table(["Kind", "Group", "Theme", "Cases", "Of", "Case ids"], rows)
    if rows and below is None:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Cases carrying each theme"
        chart.add_data(
            Reference(sheet.sheet, min_col=4, min_row=1, max_row=len(rows) + 1),
            titles_from_data=True,
        )
        chart.set_categories(Reference(sheet.sheet, min_col=3, min_row=2, max_row=len(rows) + 1))
        chart.legend = None
        whole_cases(chart, cohort.cases)
        small_labels(chart.x_axis)
        chart.x_axis.scaling.orientation = "maxMin"  # the table's order, top down
        chart.y_axis.crosses = "max"  # and the case axis still at the foot
        chart_sheet(book, chart, "Themes chart")


def learning_sheet(book: Book, audit: AuditResult, warnings: list[Problem], *, cases: bool) -> None:
    """The audit's learning points and recommendations, then (with `cases`) each case's
    strengths and learning, which a published workbook leaves out with the case sheets."""
    cohort, meta = audit.score.cohort, audit.meta
    assert cohort is not None and meta is not None
    rows: list[list[Any]] = [
        ["audit", "learning", audit_text(audit, point, "learning", n)]
        for n, point in enumerate(meta.learning)
    ]
    rows += [
        ["audit", "recommendation", audit_text(audit, point, "recommendations", n)]
        for n, point in enumerate(meta.recommendations)
    ]
    paths = {case.form.case_id: case.path for case in audit.score.check.cases}
    for point in cohort.learning if cases else []:
        text = Sourced(point.text, origin(paths[point.case_id], audit.folder, point.kind))
        rows.append([point.case_id, point.kind.replace("_", " "), text])
    Sheet(book.create_sheet("Learning"), warnings).table(["From", "Kind", "Text"], rows, wrap=(3,))


def action_text(view: ActionView, text: str | None, key: str, folder: Path) -> Sourced | None:
    """Text of an action, with its place in the audit's `actions.yaml`."""
    if text is None:
        return None
    return Sourced(text, origin(folder / ACTIONS_FILE, folder, "actions", view.number - 1, key))


def actions_sheet(
    book: Book, actions: list[ActionView], warnings: list[Problem], folder: Path
) -> None:
    """The action plan: dates read, overdue days, SMART gaps; status and RAG dropdowns."""
    header = ["Id", "Action", "Recommendation", "Owner", "Due", "Due as written", "Status", "RAG"]
    header += ["Days overdue", "Not SMART", "Measure", "Evidence"]
    rows = [
        [
            view.label,
            action_text(view, view.action.action, "action", folder),
            view.action.recommendation,
            action_text(view, view.action.owner, "owner", folder),
            view.due.day,
            action_text(view, view.due.written, "due", folder),
            view.action.status,
            view.action.rag,
            view.overdue or None,
            "; ".join(view.gaps),
            action_text(view, view.action.measurable, "measurable", folder),
            action_text(view, view.action.evidence, "evidence", folder),
        ]
        for view in actions
    ]
    sheet = Sheet(book.create_sheet("Actions"), warnings)
    sheet.table(header, rows, wrap=(2, 11, 12), layout=Layout(wrapped=34, widest=22))
    last = max(len(rows), 1) + 200
    for column, choices in (("G", STATUSES), ("H", ("red", "amber", "green"))):
        rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        rule.error = "Choose one of: " + ", ".join(choices)
        rule.showErrorMessage = True
        sheet.sheet.add_data_validation(rule)
        rule.add(f"{column}2:{column}{last}")


def audit_workbook(
    audit: AuditResult, *, detail: bool, suppress_below: int | None = None
) -> tuple[bytes, list[Problem]]:
    """The workbook as bytes and any warnings; `detail` adds Cases, Answers and Evidence.

    With `suppress_below`, small counts of children are hidden on the Summary sheet and
    small theme counts (with their case ids and chart) on the Themes sheet.
    """
    warnings: list[Problem] = []
    book = Book()
    summary_sheet(book, audit, warnings, suppress_below)
    if detail:
        cases_sheet(book, audit, warnings)
        answers_sheet(book, audit, warnings)
        evidence_sheet(book, audit, warnings)
    themes_sheet(book, audit, warnings, suppress_below)
    learning_sheet(book, audit, warnings, cases=suppress_below is None)
    as_of = audit.meta.dates.report if audit.meta else date.today()
    actions_sheet(book, view_actions(audit.actions, as_of), warnings, audit.folder)
    return book.to_bytes(), warnings


def comparison_workbook(comparison: Comparison) -> tuple[bytes, list[Problem]]:
    """Sections, Questions and Themes sheets, baseline against follow-up."""
    warnings: list[Problem] = []
    book = Book()
    first = book.active
    assert isinstance(first, Worksheet)
    first.title = "Sections"
    rows = [
        [r.section_id, r.title, share(r.baseline), share(r.follow_up), points_of(r.change)]
        for r in [*comparison.sections, comparison.overall]
    ]
    sections = Sheet(first, warnings)
    header = ["Section", "Title", "Baseline", "Follow-up", "Change (points)"]
    sections.table(header, rows, look=percent_in(range(3, 5)))
    chart = BarChart()
    chart.title = "Share of points, baseline and follow-up"
    chart.y_axis.number_format = "0%"
    chart.add_data(
        Reference(first, min_col=3, max_col=4, min_row=1, max_row=len(rows)), titles_from_data=True
    )
    chart.set_categories(Reference(first, min_col=1, min_row=2, max_row=len(rows)))
    sections.sheet.add_chart(chart, "H2")
    questions = [
        [
            r.question_id,
            r.text,
            *counts_of(r.baseline),
            *counts_of(r.follow_up),
            points_of(r.change),
        ]
        for r in comparison.questions
    ]
    header = ["Question", "Text", "Baseline good", "Baseline answering", "Follow-up good"]
    header += ["Follow-up answering", "Change (points)"]
    Sheet(book.create_sheet("Questions"), warnings).table(header, questions, wrap=(2,))
    themes = [
        [
            t.kind,
            t.label,
            t.baseline.numerator,
            t.baseline.denominator,
            t.follow_up.numerator,
            t.follow_up.denominator,
            t.status,
        ]
        for t in comparison.themes
    ]
    header = ["Kind", "Theme", "Baseline cases", "Of", "Follow-up cases", "Of", "Trend"]
    Sheet(book.create_sheet("Themes"), warnings).table(header, themes)
    return book.to_bytes(), warnings


def points_of(change: float | None) -> float | None:
    """Percentage points, rounded for a cell."""
    return None if change is None else round(change, 1)


def counts_of(count: Count | None) -> list[int | None]:
    """A count as two cells: good answers and cases answering."""
    return [None, None] if count is None else [count.numerator, count.denominator]
