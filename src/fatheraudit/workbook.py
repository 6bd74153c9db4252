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
from typing import Any

import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

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
LEARNING = "Learning"
CHILDREN = "Children"
MEN = "Men"
TICKS = {
    "Harm": ("characteristics", "harm"),
    "Agencies": ("characteristics", "agencies"),
    "Themes": ("themes",),
}
TICK_VOCABULARIES = {"Harm": "harm", "Agencies": "agency", "Themes": "themes"}
ANSWER_COLUMNS = ("section", "id", "question", "guidance", "allowed answers", "answer", "evidence")
PORTFOLIO_COLUMN = "portfolio"
CHILD_COLUMNS = ("ref", "age", "sex")
MAN_COLUMNS = ("relationship", "parental_responsibility", "lives_with_child")
VOCABULARY_COLUMNS = frozenset({"relationship", "parental_responsibility"})
KEY_COLUMN = 4  # the (hidden) column holding each detail row's key


@dataclass(frozen=True)
class Detail:
    """One field on the details sheet: its key in the form, label and help."""

    key: str
    label: str
    help: str
    vocabulary: str = ""


CASE_DETAILS = (
    Detail("case_id", "Case id", "Pseudonymous; filled in for you."),
    Detail("auditor.role", "Your role", "Your role, not your name."),
    Detail("auditor.agency", "Your agency", "Choose from the list.", "agency"),
    Detail("audit_date", "Date of this audit", "DD/MM/YYYY."),
    Detail(
        "characteristics.intervention_level",
        "Level of intervention",
        "Choose.",
        "intervention_level",
    ),
    Detail("characteristics.legal_status", "Legal status", "Choose, if any.", "legal_status"),
    Detail(
        "characteristics.discussed_at_meeting", "Discussed at the meeting?", "yes or no.", "yes_no"
    ),
    # Outcomes, filled at a follow-up: blank until then.
    Detail(
        "outcomes.father_engaged",
        "Follow-up: father or male carer engaged?",
        "yes or no: he took part in the work offered. Blank until the follow-up.",
        "yes_no",
    ),
    Detail(
        "outcomes.concern_at_start",
        "Follow-up: level of concern at the start",
        "Choose: the level when the work began.",
        "concern_level",
    ),
    Detail(
        "outcomes.concern_at_follow_up",
        "Follow-up: level of concern now",
        "Choose: the level at the follow-up.",
        "concern_level",
    ),
    Detail(
        "outcomes.follow_up_months",
        "Follow-up: months since the start",
        "A whole number of months.",
    ),
    Detail(
        "outcomes.closed",
        "Follow-up: closed to children's services?",
        "yes or no.",
        "yes_no",
    ),
    Detail("outcomes.re_referred", "Follow-up: re-referred?", "yes or no.", "yes_no"),
    Detail(
        "outcomes.escalated",
        "Follow-up: escalated?",
        "yes or no: moved up a level, say child in need to child protection.",
        "yes_no",
    ),
    Detail(
        "outcomes.children_under_one",
        "Follow-up: children under one",
        "How many of the children were under one, or unborn.",
    ),
)
AGENCY_DETAILS = (
    Detail("assessment_id", "Assessment id", "Filled in for you."),
    Detail("assessor.role", "Your role", "Your role, not your name."),
    Detail("assessor.agency", "Your agency", "Choose from the list.", "agency"),
    Detail("assessment_date", "Date of this assessment", "DD/MM/YYYY."),
    Detail("service", "Service assessed", "The service's name."),
)
LEARNING_FIELDS = {
    "case": (
        ("strengths", "What went well for this child and father"),
        ("learning_for_child", "Learning for this child"),
        ("learning_for_future", "Learning for future cases"),
    ),
    "agency": (
        ("strengths", "What the service does well"),
        ("priorities", "What to improve next"),
    ),
}


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
    if scope == "case":
        read_table(book, reader, CHILDREN, CHILD_COLUMNS, ("characteristics", "children"))
        read_table(book, reader, MEN, MAN_COLUMNS, ("characteristics", "male_carers"))
        for sheet, loc in TICKS.items():
            read_ticks(book, reader, sheet, loc)


def read_details(book: Any, reader: Reader, scope: str) -> None:
    """The details sheet: one row per field, its key in a hidden column."""
    name = DETAILS[scope]
    vocabularies = {d.key: d.vocabulary for d in CASE_DETAILS + AGENCY_DETAILS}
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
    keys = {label: key for key, label in LEARNING_FIELDS[scope]}
    for number, row in enumerate(rows, start=1):
        if row and row[0] in keys and len(row) > 1 and as_text(row[1]) is not None:
            reader.put((keys[row[0]],), as_text(row[1]), LEARNING, number, 2)


def read_table(book: Any, reader: Reader, name: str, columns: tuple[str, ...], loc: Loc) -> None:
    """A table of rows (children, men); blank rows are left out."""
    rows = rows_of(book, name)
    if rows is None:
        return
    reader.place(loc, name, 2, 1)
    found = 0
    for number, row in enumerate(rows[1:], start=2):
        values = [as_text(v) for v in (list(row) + [None] * len(columns))[: len(columns)]]
        if all(v is None for v in values):
            continue
        for column, (key, value) in enumerate(zip(columns, values, strict=True), start=1):
            if key in VOCABULARY_COLUMNS:
                value = reader.term(key, value)
            if value is not None:
                reader.put((*loc, found, key), value, name, number, column)
        found += 1


def read_ticks(book: Any, reader: Reader, name: str, loc: Loc) -> None:
    """A tick list: the ids of the rows ticked with any mark."""
    rows = rows_of(book, name)
    if rows is None:
        return
    ticked = 0
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < 3 or as_text(row[2]) is None:
            continue
        ident = reader.term(TICK_VOCABULARIES[name], as_text(row[0]))
        if ident is not None:
            reader.put((*loc, ticked), ident, name, number, 3)
            ticked += 1
    if not ticked:
        target: Any = reader.data
        for part in loc[:-1]:
            target = target.setdefault(part, {})
        target.setdefault(loc[-1], [])


ORDER = {
    "case": (
        "case_id",
        "tool",
        "tool_version",
        "auditor",
        "audit_date",
        "characteristics",
        "answers",
        "themes",
        "strengths",
        "learning_for_child",
        "learning_for_future",
        "outcomes",
    ),
    "agency": (
        "assessment_id",
        "tool",
        "tool_version",
        "assessor",
        "assessment_date",
        "service",
        "answers",
        "strengths",
        "priorities",
    ),
}


def form_yaml(data: dict[str, Any], scope: str, source: str) -> str:
    """The form read from a workbook, written as a YAML form in the usual key order."""
    ordered = {key: data[key] for key in ORDER[scope] if key in data}
    ordered.update({key: value for key, value in data.items() if key not in ordered})
    body = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)
    return f"{IMPORTED.format(source=source)}\n{body}"
