"""Case forms as Excel workbooks: the layout, and reading a filled workbook back.

A workbook form holds the same form as the YAML one, spread over sheets a
practitioner can fill: the case (or assessment) details, one row per question on
"Answers", tick lists for harms, agencies and themes, and the learning. Reading it
gives a `Document` like the YAML loader's, whose problems name the cell
(`Answers!F14`), so checking a workbook is checking a form.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from fatheraudit.form_fields import FormField, Kind, every_field
from fatheraudit.forms import LEARNING_SHEET, form_model
from fatheraudit.loader import (
    IMPORTED,
    Document,
    Loaded,
    Loc,
    Mark,
    check_file,
    hidden_characters,
)
from fatheraudit.loader import IMPORTED_FROM as IMPORTED_FROM  # still importable from here
from fatheraudit.loader import is_workbook_form as is_workbook_form
from fatheraudit.problems import Problem, problem
from fatheraudit.tools import Registry, Tool, normalise

FORMAT = "fatheraudit-form/1"
META = "About"
ANSWERS = "Answers"
DETAILS = {"case": "Case", "agency": "Assessment"}
LEARNING = LEARNING_SHEET
ANSWER_COLUMNS = ("section", "id", "question", "guidance", "allowed answers", "answer", "evidence")
PORTFOLIO_COLUMN = "portfolio"
KEY_COLUMN = 4  # the (hidden) column holding each detail row's key

Place = Literal["details", "table", "ticks", "rows", ""]


def place_of(field: FormField) -> Place:
    """Where a field of the form's description goes in the workbook (see FieldSpec): a row
    of the details sheet, a table or a tick list of its own, a row of the learning; or
    nowhere (the tool and version are on the About sheet, the answers on Answers)."""
    if not field.spec.sheet:
        return "details" if field.spec.label and field.block is None else ""
    if field.many:
        return "table" if field.block is not None else "ticks"
    return "rows"


def fields_at(scope: str, place: Place) -> list[FormField]:
    """The fields of a tool scope's form that go in `place`, in the form's order."""
    return [f for f in every_field(form_model(scope)) if place_of(f) == place]


@dataclass(frozen=True)
class Detail:
    """One field on the details sheet: its dotted key in the form, label and help."""

    key: str
    label: str
    help: str
    vocabulary: str = ""
    kind: Kind = "text"


def details(scope: str) -> tuple[Detail, ...]:
    """The rows of a scope's details sheet."""
    return tuple(
        Detail(f.dotted, f.spec.label, f.spec.help, f.spec.vocabulary, f.spec.kind)
        for f in fields_at(scope, "details")
    )


CASE_DETAILS = details("case")
AGENCY_DETAILS = details("agency")


def as_text(value: Any) -> str | None:
    """A cell's value as the text a person would have typed in YAML."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else None


def known_ids(tool: Tool, vocabulary: str) -> list[str]:
    """The ids of a tool's controlled list, or of its themes."""
    if vocabulary == "themes":
        return [t.id for t in tool.themes]
    return list(tool.terms(vocabulary))


class Reader:
    """Builds form data from a workbook, remembering the cell of every value."""

    def __init__(self, path: Path, registry: Registry | None = None) -> None:
        self.path = path
        self.registry = registry
        self.tool: Tool | None = None
        self.data: dict[str, Any] = {}
        self.marks: dict[Loc, Mark] = {(): Mark(1, 1)}
        self.sheet: dict[Loc, str] = {(): f"{META}!A1"}
        self.problems: list[Problem] = []
        self.printed: dict[str, tuple[int, str]] = {}

    def put(self, loc: Loc, value: Any, sheet: str, row: int, column: int) -> None:
        """Set the value at `loc` (creating parents) and record its cell."""
        target: Any = self.data
        for part, following in itertools.pairwise(loc):
            empty: Any = [] if isinstance(following, int) else {}
            if isinstance(part, int):
                while len(target) <= part:
                    target.append(empty)
                target = target[part]
            else:
                target = target.setdefault(part, empty)
        last = loc[-1]
        if isinstance(last, int):
            while len(target) <= last:
                target.append(None)
        target[last] = value
        self.marks[loc] = Mark(row, column)
        self.sheet[loc] = f"{sheet}!{get_column_letter(column)}{row}"

    def place(self, loc: Loc, sheet: str, row: int, column: int) -> None:
        """Record where the value at `loc` belongs, even while it is empty."""
        self.marks.setdefault(loc, Mark(row, column))
        self.sheet.setdefault(loc, f"{sheet}!{get_column_letter(column)}{row}")

    def term(self, vocabulary: str, value: str | None) -> str | None:
        """A controlled-list id as the tool spells it, matched as answers are (any case)."""
        if value is None or self.tool is None:
            return value
        ids = {normalise(i): i for i in known_ids(self.tool, vocabulary)}
        return ids.get(normalise(value), value)

    def refuse(self, sheet: str, row: int, column: int, code: str, message: str) -> None:
        """An error at a cell."""
        cell = f"{sheet}!{get_column_letter(column)}{row}" if row else sheet
        self.problems.append(problem(self.path, code, message, row, column, cell=cell))


@dataclass
class WorkbookLoaded(Loaded):
    """A workbook read: the document, its problems, and each question row as printed."""

    printed: dict[str, tuple[int, str]]


def read_workbook(
    path: Path, root: Path | None = None, registry: Registry | None = None
) -> WorkbookLoaded:
    """A workbook form as a `Document`; never raises for a bad file.

    With the `registry`, controlled-list ids typed in any letter case are read as the
    tool spells them.
    """
    refusal = check_file(path, root, 10 * 1024 * 1024)
    if refusal is not None:
        return WorkbookLoaded(None, [refusal], {})
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a bad file
        message = f"is not a workbook Excel can open ({type(error).__name__})"
        return WorkbookLoaded(None, [problem(path, "W101", message)], {})
    reader = Reader(path, registry)
    try:
        read_sheets(book, reader)
    except Exception as error:  # a damaged sheet must not stop the run
        reader.refuse(META, 0, 0, "W101", f"could not be read ({type(error).__name__})")
    finally:
        book.close()
    if any(p.is_error for p in reader.problems):
        return WorkbookLoaded(None, reader.problems, reader.printed)
    document = Document(path, reader.data, reader.marks, {}, reader.sheet)
    return WorkbookLoaded(document, reader.problems + hidden_characters(document), reader.printed)


def printed_problems(path: Path, printed: dict[str, tuple[int, str]], tool: Tool) -> list[Problem]:
    """Rows deleted from the Answers sheet, and question texts changed on it."""
    found = []
    for question in tool.questions():
        if question.id not in printed:
            found.append(
                problem(
                    path,
                    "W105",
                    f"question {question.id} is missing from the sheet (was its row deleted?); "
                    "its answer cannot be read",
                    cell=ANSWERS,
                )
            )
            continue
        row, text = printed[question.id]
        if " ".join(text.split()) != " ".join(question.text.split()):
            found.append(
                problem(
                    path,
                    "W106",
                    f"the text of question {question.id} was changed, so its answer may not "
                    "answer the tool's question; put the text back",
                    row,
                    3,
                    cell=f"{ANSWERS}!C{row}",
                )
            )
    return found


def rows_of(book: Any, name: str) -> list[tuple[Any, ...]] | None:
    """The rows of a sheet as value tuples, or None when the sheet is missing."""
    if name not in book.sheetnames:
        return None
    return [tuple(row) for row in book[name].iter_rows(values_only=True)]


def read_sheets(book: Any, reader: Reader) -> None:
    """Every sheet of the form into the reader."""
    meta = rows_of(book, META)
    if meta is None:
        reader.refuse(
            META, 0, 0, "W102", "this workbook is not a fatheraudit form (no 'About' sheet)"
        )
        return
    facts = {str(row[0]): row[1] for row in meta if row and row[0] is not None and len(row) > 1}
    if facts.get("format") != FORMAT:
        reader.refuse(
            META, 0, 0, "W102", "this workbook is not a fatheraudit form made by 'fatheraudit new'"
        )
        return
    scope = "agency" if facts.get("scope") == "agency" else "case"
    for key in ("tool", "tool_version"):
        row = next(i for i, r in enumerate(meta, start=1) if r and r[0] == key)
        reader.put((key,), as_text(facts.get(key)), META, row, 2)
    if reader.registry is not None:
        reader.tool = reader.registry.find(
            str(reader.data.get("tool")), str(reader.data.get("tool_version"))
        )
    read_details(book, reader, scope)
    read_answers(book, reader, scope)
    read_learning(book, reader, scope)
    for table in fields_at(scope, "table"):
        read_table(book, reader, table)
    for ticks in fields_at(scope, "ticks"):
        read_ticks(book, reader, ticks)


def read_details(book: Any, reader: Reader, scope: str) -> None:
    """The details sheet: one row per field, its key in a hidden column."""
    name = DETAILS[scope]
    vocabularies = {d.key: d.vocabulary for d in details(scope)}
    rows = rows_of(book, name)
    if rows is None:
        reader.refuse(name, 0, 0, "W103", f"the '{name}' sheet is missing")
        return
    for number, row in enumerate(rows, start=1):
        key = row[KEY_COLUMN - 1] if len(row) >= KEY_COLUMN else None
        if number == 1 or not isinstance(key, str):
            continue
        loc = tuple(key.split("."))
        for end in range(1, len(loc) + 1):
            reader.place(loc[:end], name, number, 2)
        value = reader.term(vocabularies.get(key, ""), as_text(row[1]))
        if value is not None:
            reader.put(loc, value, name, number, 2)


def read_answers(book: Any, reader: Reader, scope: str) -> None:
    """One row per question: its id, the question as printed, the answer and evidence."""
    rows = rows_of(book, ANSWERS)
    if rows is None:
        reader.refuse(ANSWERS, 0, 0, "W103", f"the '{ANSWERS}' sheet is missing")
        return
    reader.data.setdefault("answers", {})
    reader.marks[("answers",)] = Mark(1, 1)
    reader.sheet[("answers",)] = f"{ANSWERS}!A1"
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * 8
        question_id = as_text(cells[1])
        if question_id is None:
            continue
        reader.printed.setdefault(question_id, (number, as_text(cells[2]) or ""))
        if question_id in reader.data["answers"]:
            reader.refuse(ANSWERS, number, 2, "W104", f"question {question_id} appears twice")
            continue
        entry: dict[str, Any] = {}
        reader.put(("answers", question_id), entry, ANSWERS, number, 2)
        reader.place(("answers", question_id, "answer"), ANSWERS, number, 6)
        for column, key in ((6, "answer"), (7, "evidence")) + (
            ((8, PORTFOLIO_COLUMN),) if scope == "agency" else ()
        ):
            value = cells[column - 1]
            text = as_text(value)
            if key == "answer" and text is not None and "," in text:
                text_list: Any = [part.strip() for part in text.split(",") if part.strip()]
                reader.put(("answers", question_id, key), text_list, ANSWERS, number, column)
            elif text is not None:
                reader.put(("answers", question_id, key), text, ANSWERS, number, column)


def read_learning(book: Any, reader: Reader, scope: str) -> None:
    """The learning sheet: one row per field, the text beside it."""
    rows = rows_of(book, LEARNING)
    if rows is None:
        return
    places = {f.spec.label: f.path for f in fields_at(scope, "rows")}
    for number, row in enumerate(rows, start=1):
        if row and row[0] in places and len(row) > 1 and as_text(row[1]) is not None:
            reader.put(places[row[0]], as_text(row[1]), LEARNING, number, 2)


def read_table(book: Any, reader: Reader, table: FormField) -> None:
    """A table of rows (children, men), a column per field of its items; blank rows are
    left out."""
    name, loc, columns = table.spec.sheet, table.path, table.fields
    rows = rows_of(book, name)
    if rows is None:
        return
    reader.place(loc, name, 2, 1)
    found = 0
    for number, row in enumerate(rows[1:], start=2):
        values = [as_text(v) for v in (list(row) + [None] * len(columns))[: len(columns)]]
        if all(v is None for v in values):
            continue
        for column, (item, value) in enumerate(zip(columns, values, strict=True), start=1):
            if item.spec.kind == "term":
                value = reader.term(item.spec.vocabulary, value)
            if value is not None:
                reader.put((*loc, found, item.key), value, name, number, column)
        found += 1


def read_ticks(book: Any, reader: Reader, ticks: FormField) -> None:
    """A tick list: the ids of the rows ticked with any mark."""
    name, loc = ticks.spec.sheet, ticks.path
    rows = rows_of(book, name)
    if rows is None:
        return
    ticked = 0
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < 3 or as_text(row[2]) is None:
            continue
        ident = reader.term(ticks.spec.vocabulary, as_text(row[0]))
        if ident is not None:
            reader.put((*loc, ticked), ident, name, number, 3)
            ticked += 1
    if not ticked:
        target: Any = reader.data
        for part in loc[:-1]:
            target = target.setdefault(part, {})
        target.setdefault(loc[-1], [])


def form_yaml(data: dict[str, Any], scope: str, source: str) -> str:
    """The form read from a workbook, written as a YAML form in the usual key order."""
    ordered = {key: data[key] for key in form_model(scope).model_fields if key in data}
    ordered.update({key: value for key, value in data.items() if key not in ordered})
    body = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)
    return f"{IMPORTED.format(source=source)}\n{body}"
