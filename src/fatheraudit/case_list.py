"""A partnership's case list, a CSV exported from its case management system, read into
the values that start one case form per row (`fatheraudit new --from cases.csv`).

Each heading names a field of the form: its key (`intervention_level`), its label on
the Excel form (`Level of intervention`) or a name people use (`Case ref`), in any
letter case, with spaces, '_' and '-' alike. Each cell is read as `validate` would read
the value at that key, so whatever is written validates; controlled lists take the
tool's ids or labels. An empty cell leaves its key blank for the practitioner.

Nothing here prints, exits or writes: the result is data and located problems, each at
its CSV row (the heading is row 1) and 1-based column. Messages never quote a cell,
only case ids, which are pseudonymous.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from fatheraudit import models
from fatheraudit.form_fields import Kind, every_field
from fatheraudit.forms import CONCERN_ORDER, Outcomes, form_model, parse_age_months
from fatheraudit.loader import (
    HIDDEN_IN_VALUE,
    ZERO_WIDTH,
    character_name,
    load_yaml_text,
    read_regular_file,
)
from fatheraudit.models import check_ident, parse_date, reword, value_at
from fatheraudit.problems import (
    FatherauditError,
    Problem,
    Severity,
    did_you_mean,
    has_errors,
    one_of,
    problem,
    sort_problems,
)
from fatheraudit.tools import Tool, normalise
from fatheraudit.workbook import CASE_DETAILS

MAX_BYTES = 10 * 1024 * 1024
ROLE_LIMIT = 120  # as the form's auditor.role
DELIMITERS = (",", ";", "\t")
# The yes/no words of a form, and the short ones case management exports use.
YES_WORDS = models.YES_WORDS | {"y", "1"}
NO_WORDS = models.NO_WORDS | {"n", "0"}
SEXES = {"female": "female", "f": "female", "male": "male", "m": "male"}
SEXES |= {"unknown": "unknown", "u": "unknown", "not known": "unknown"}
# Abbreviations of levels of intervention as case management systems write them; each is
# used only when the tool's list has the id it stands for.
ABBREVIATIONS = {
    "cin": "child-in-need",
    "cp": "child-protection",
    "cpp": "child-protection",
    "lac": "looked-after",
    "cla": "looked-after",
    "eh": "early-help",
}
COUNT = re.compile(r"^\d{1,4}(?:\.0+)?$")
NOT_SHOWN = re.compile(r"[^A-Za-z0-9 _.()?/:'&#-]")
HIDDEN_IN_TEXT = re.compile("[\u2028\u2029" + "".join(ZERO_WIDTH) + "]")
ENTRY_OF = {"characteristics.children": "child", "characteristics.male_carers": "man"}

# Problem codes (family N8xx: reading a case list).
UNREADABLE = "N801"
NOT_UTF8 = "N802"
NO_CASES = "N803"
UNKNOWN_HEADING = "N804"
TWO_COLUMNS = "N805"
BAD_CASE_ID = "N806"
SAME_CASE_ID = "N807"
NOT_ON_LIST = "N808"
NOT_YES_NO = "N809"
BAD_CHILD = "N810"
BAD_NUMBER = "N811"
BAD_DATE = "N812"
CONTRADICTION = "N813"
EXTRA_CELLS = "N814"
TARGET_BLOCKED = "N815"
NOT_KEPT = "N816"
BAD_TEXT = "N817"

Values = dict[str, str | list[str]]
Entries = dict[str, list[dict[str, str]]]


@dataclass(frozen=True)
class Column:
    """A field of the form a heading can name, and how its cells are read.

    `many`: the cell is a list (`neglect; domestic-abuse`). A key under
    `characteristics.children` or `characteristics.male_carers` takes a list with one
    value per child (or man), in the same order as its neighbours' lists.
    """

    key: str
    label: str
    kind: Kind
    vocabulary: str = ""
    headings: tuple[str, ...] = ()
    many: bool = False

    @property
    def entry(self) -> str:
        """The list of mappings the key belongs to (`characteristics.children`), or ''."""
        parent = self.key.rsplit(".", 1)[0]
        return parent if parent in ENTRY_OF else ""

    @property
    def name(self) -> str:
        """The key inside its entry (`age`), or the whole key."""
        return self.key.rsplit(".", 1)[1] if self.entry else self.key


def form_columns() -> tuple[Column, ...]:
    """The fields of the case form a case list can give: those its description names for
    a case list (`FieldSpec.listed`), in the form's order."""
    return tuple(
        Column(
            f.dotted,
            f.spec.listed,
            f.spec.kind,
            f.spec.vocabulary,
            f.spec.headings,
            many=f.many and f.block is None,
        )
        for f in every_field(form_model("case"))
        if f.spec.listed
    )


COLUMNS = form_columns()


def heading_key(text: str) -> str:
    """How headings are compared: any letter case, each run of spaces and punctuation
    (`_`, `-`, `:`, `?`) as one space."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", normalise(text)).split())


def known_headings() -> dict[str, Column]:
    """Every heading that names a field: its key, label and other names, and the label the
    Excel form gives it."""
    labels = {detail.key: detail.label for detail in CASE_DETAILS}
    found: dict[str, Column] = {}
    for column in COLUMNS:
        names = [column.key, column.key.rsplit(".", 1)[-1], column.label, *column.headings]
        if column.key.startswith("auditor."):
            names.remove(column.key.rsplit(".", 1)[-1])  # 'role', 'agency' alone are vague
        if column.key in labels:
            names.append(labels[column.key])
        for name in names:
            found.setdefault(heading_key(name), column)
    return found


HEADINGS = known_headings()


@dataclass(frozen=True)
class CaseRow:
    """One row of the list: its case id and the values its cells give.

    `values` by dotted key (`characteristics.harm`): the text to write, or a list of ids.
    `entries` by list key (`characteristics.children`): one mapping per child or man.
    """

    row: int
    case_id: str
    values: Values = field(default_factory=dict)
    entries: Entries = field(default_factory=dict)


@dataclass
class CaseList:
    """A case list read: a row per case with a good case id, and every problem found."""

    path: Path
    cases: list[CaseRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    id_column: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing stops the forms being written (warnings allowed)."""
        return not has_errors(self.problems)


# --- reading the file ------------------------------------------------------------------


def read_case_list(path: Path, tool: Tool) -> CaseList:
    """The case list at `path`, read against `tool`'s lists; never raises for bad input."""
    found = CaseList(path)
    text = read_csv_text(path, found)
    if text is None:
        return found
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text)))
    except csv.Error as error:
        found.problems.append(
            problem(path, UNREADABLE, f"cannot be read as CSV ({error}); save it as CSV again")
        )
        return found
    Reader(found, tool).read(rows)
    found.problems = sort_problems(found.problems)
    return found


def read_csv_text(path: Path, found: CaseList) -> str | None:
    """The file's text (UTF-8, with or without a BOM; else Windows-1252, with a warning),
    or None with the problem that stopped it."""
    try:
        size = path.stat().st_size
        raw = None if size > MAX_BYTES else read_regular_file(path)
    except OSError as error:
        found.problems.append(
            problem(path, UNREADABLE, f"cannot be read: {error.strerror or error}")
        )
        return None
    if size > MAX_BYTES:
        message = f"is {size:,} bytes; the limit is {MAX_BYTES:,} bytes, so it was not read"
        found.problems.append(problem(path, UNREADABLE, message))
        return None
    if raw is None:
        found.problems.append(problem(path, UNREADABLE, "is not a regular file"))
        return None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw:
        message = "is not a CSV text file (UTF-16 or binary); save it from Excel as 'CSV UTF-8'"
        found.problems.append(problem(path, UNREADABLE, message))
        return None
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = raw[error.start]
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        message = f"is not UTF-8 (byte 0x{byte:02X}); save it from Excel as 'CSV UTF-8'"
        found.problems.append(problem(path, UNREADABLE, message))
        return None
    found.problems.append(
        problem(
            path,
            NOT_UTF8,
            f"is not UTF-8 (byte 0x{byte:02X}), so it was read as Windows-1252, as Excel's "
            "'CSV (Comma delimited)' saves it; check any letters with accents, or save it "
            "as 'CSV UTF-8'",
            severity=Severity.WARNING,
        )
    )
    return text


def delimiter(text: str) -> str:
    """The separator of the heading row: ',' unless it has none and ';' or a tab instead."""
    first = text.split("\n", 1)[0]
    if "," in first:
        return ","
    counts = {mark: first.count(mark) for mark in DELIMITERS}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] else ","


def shown_heading(text: str) -> str:
    """A heading safe to show in a message: quoted when it is plain and short, else not shown
    (a person may have typed something other than a heading there)."""
    words = " ".join(text.split())
    if 0 < len(words) <= 40 and not NOT_SHOWN.search(words):
        return f"the heading '{words}'"
    return "its heading"


def column_letters(number: int) -> str:
    """A 1-based column as a spreadsheet names it: 1 is A, 28 is AB."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- reading the rows ------------------------------------------------------------------


class Reader:
    """Reads the rows of a case list into `found`, with a problem for each bad cell."""

    def __init__(self, found: CaseList, tool: Tool) -> None:
        self.found = found
        self.tool = tool
        self.columns: dict[int, Column] = {}
        self.first_row: dict[str, tuple[int, str]] = {}

    def refuse(
        self,
        row: int,
        column: int,
        code: str,
        message: str,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """A problem at a cell (row 1 is the heading)."""
        self.found.problems.append(problem(self.found.path, code, message, row, column, severity))

    def read(self, rows: list[list[str]]) -> None:
        """The heading, then every row under it."""
        heading = rows[0] if rows else []
        if not any(cell.strip() for cell in heading):
            self.refuse(1, 1, NO_CASES, "has no heading row; the first row names the columns")
            return
        self.read_heading(heading, rows[1:])
        if self.found.id_column == 0:
            self.refuse(
                1,
                1,
                NO_CASES,
                "no column holds the case id; head one 'Case ID' (or 'Case ref', 'case_id')",
            )
            return
        filled = 0
        for number, cells in enumerate(rows[1:], start=2):
            if any(cell.strip() for cell in cells):
                filled += 1
                self.read_row(number, cells, len(heading))
        if not filled:
            self.refuse(1, 1, NO_CASES, "has no cases: no row under the heading has a value")

    def read_heading(self, heading: list[str], rows: list[list[str]]) -> None:
        """Each heading matched to its field; unknown ones warned about, never dropped
        unseen; a field headed twice refused."""
        taken: dict[str, int] = {}
        for number, text in enumerate(heading, start=1):
            place = f"column {number} ({column_letters(number)})"
            key = heading_key(text)
            if not key:
                if any(len(cells) >= number and cells[number - 1].strip() for cells in rows):
                    self.refuse(
                        1,
                        number,
                        UNKNOWN_HEADING,
                        f"{place} has values but no heading, so it is left out",
                        Severity.WARNING,
                    )
                continue
            column = HEADINGS.get(key)
            if column is None:
                hint = did_you_mean(key, HEADINGS)
                self.refuse(
                    1,
                    number,
                    UNKNOWN_HEADING,
                    f"{place}: {shown_heading(text)} is not a field of the form, "
                    f"so the column is left out{hint}",
                    Severity.WARNING,
                )
                continue
            if column.key in taken:
                first = taken[column.key]
                self.refuse(
                    1,
                    number,
                    TWO_COLUMNS,
                    f"{place} is a second column for {column.label} (the first is column "
                    f"{first}, {column_letters(first)}); keep one",
                )
                continue
            taken[column.key] = number
            self.columns[number] = column
            if column.kind == "id":
                self.found.id_column = number

    def read_row(self, row: int, cells: list[str], width: int) -> None:
        """One case: its id, then every recognised cell."""
        for number in range(width + 1, len(cells) + 1):
            if cells[number - 1].strip():
                self.refuse(
                    row,
                    number,
                    EXTRA_CELLS,
                    f"this row has a value in column {number} ({column_letters(number)}), "
                    "beyond the last heading; is a value with a comma missing its quotes?",
                )
                break
        cells = cells + [""] * (width - len(cells))
        case_id = self.case_id(row, cells[self.found.id_column - 1].strip())
        values: Values = {}
        lists: dict[int, list[str]] = {}
        for number, column in self.columns.items():
            typed = cells[number - 1].strip()
            if column.kind == "id" or not typed:
                continue
            if column.entry:
                items = self.entry_items(row, number, column, typed)
                if items is not None:
                    lists[number] = items
                continue
            value = self.value(row, number, column, typed)
            if value is not None:
                values[column.key] = value
        entries = self.entries(row, lists)
        self.check_outcomes(row, values)
        if case_id is not None:
            self.found.cases.append(CaseRow(row, case_id, values, entries))

    def case_id(self, row: int, typed: str) -> str | None:
        """The row's case id, checked as the form checks it and against earlier rows."""
        column = self.found.id_column
        if not typed:
            self.refuse(row, column, BAD_CASE_ID, "case id: empty; every row needs a case id")
            return None
        try:
            check_ident(typed)
        except ValueError as error:
            self.refuse(row, column, BAD_CASE_ID, f"case id: {error}")
            return None
        first, spelt = self.first_row.setdefault(typed.casefold(), (row, typed))
        if first != row:
            also = "" if spelt == typed else f" as '{spelt}' (file names ignore letter case)"
            self.refuse(
                row,
                column,
                SAME_CASE_ID,
                f"case id '{typed}' is also on row {first}{also}; each case needs its own id",
            )
            return None
        return typed

    # --- one cell ----------------------------------------------------------------------

    def value(self, row: int, number: int, column: Column, typed: str) -> str | list[str] | None:
        """The value of a cell at a plain key, or None (with a problem) when it is wrong."""
        if column.many:
            items = [item for item in split_list(typed) if item]
            found = [self.item(row, number, column, item) for item in items]
            ids = [item for item in found if item is not None]
            return list(dict.fromkeys(ids)) if len(ids) == len(found) else None
        return self.item(row, number, column, typed)

    def item(self, row: int, number: int, column: Column, typed: str) -> str | None:
        """One value as the form takes it, or None (with a problem)."""
        try:
            return self.read_item(column, typed)
        except CellError as error:
            self.refuse(row, number, error.code, f"{column.label}: {error}")
            return None

    def read_item(self, column: Column, typed: str) -> str:
        """One value as the form takes it; a CellError saying what was expected."""
        kind = column.kind
        if kind == "term":
            return self.term(column.vocabulary, typed)
        if kind == "concern":
            return self.concern(typed)
        if kind == "yes_no":
            return yes_no(typed)
        if kind == "count":
            return count(column.key, typed)
        if kind == "age":
            try:
                parse_age_months(typed)
            except ValueError as error:
                raise CellError(BAD_CHILD, str(error)) from None
            return " ".join(typed.split())
        if kind == "sex":
            sex = SEXES.get(normalise(typed))
            if sex is None:
                raise CellError(BAD_CHILD, "expected female, male or unknown (or f, m, u)")
            return sex
        if kind == "date":
            try:
                return parse_date(typed).isoformat()
            except ValueError as error:
                raise CellError(BAD_DATE, str(error)) from None
        return role_text(typed)

    def term(self, vocabulary: str, typed: str) -> str:
        """An id of one of the tool's lists, from its id or label (any case; spaces, '_'
        and '-' alike) or a usual abbreviation."""
        terms = self.tool.terms(vocabulary)
        spellings = {loose(ident): ident for ident in terms}
        for ident, term in terms.items():
            spellings.setdefault(loose(term.label), ident)
        for short, ident in ABBREVIATIONS.items():
            if ident in terms and vocabulary == "intervention_level":
                spellings.setdefault(short, ident)
        found = spellings.get(loose(typed))
        if found is None:
            hint = did_you_mean(loose(typed), terms) or (
                f"; see 'fatheraudit tools show {self.tool.id}'"
            )
            raise CellError(NOT_ON_LIST, f"not on the list '{vocabulary}'{hint}")
        return found

    def concern(self, typed: str) -> str:
        """A level of concern (the outcomes scale), by id, by the tool's label for that
        level of intervention, or by a usual abbreviation."""
        labels = self.tool.terms("intervention_level")
        spellings: dict[str, str] = {loose(level): level for level in CONCERN_ORDER}
        for level in CONCERN_ORDER:
            if level in labels:
                spellings.setdefault(loose(labels[level].label), level)
        for short, ident in ABBREVIATIONS.items():
            spellings.setdefault(short, ident)
        found = spellings.get(loose(typed))
        if found is None:
            hint = did_you_mean(loose(typed), CONCERN_ORDER)
            raise CellError(NOT_ON_LIST, f"expected one of {one_of(CONCERN_ORDER)}{hint}")
        return found

    # --- children and men ----------------------------------------------------------------

    def entry_items(self, row: int, number: int, column: Column, typed: str) -> list[str] | None:
        """A list with one value per child (or man), '' for one left blank (`yes; ; no`)."""
        items = split_list(typed)
        found = ["" if not item else self.item(row, number, column, item) for item in items]
        if any(item is None for item in found):
            return None
        return [item or "" for item in found]

    def entries(self, row: int, lists: dict[int, list[str]]) -> Entries:
        """The children and men of a row, from their columns' lists, which must agree in
        length."""
        entries: Entries = {}
        for parent, one in ENTRY_OF.items():
            given = [(n, items) for n, items in lists.items() if self.columns[n].entry == parent]
            if not given:
                continue
            first, length = given[0][0], len(given[0][1])
            wrong = [n for n, items in given[1:] if len(items) != length]
            for number in wrong:
                self.refuse(
                    row,
                    number,
                    BAD_CHILD,
                    f"{self.columns[number].label}: {len(lists[number])} given, but "
                    f"{self.columns[first].label} (column {first}) gives {length}; give one "
                    f"for each {one}, in the same order (';' between them)",
                )
            if wrong:
                continue
            found = [
                {self.columns[n].name: items[index] for n, items in given if items[index]}
                for index in range(length)
            ]
            for place, entry in enumerate(found, start=1):
                if not entry:
                    self.refuse(
                        row,
                        first,
                        BAD_CHILD,
                        f"{self.columns[first].label}: {one} {place} of {length} is blank in "
                        "every column; remove the extra ';'",
                    )
            if all(found):
                entries[parent] = found
        return entries

    def check_outcomes(self, row: int, values: Values) -> None:
        """Outcomes that contradict each other (a closed case still at child protection)."""
        outcomes = {
            key.split(".", 1)[1]: value
            for key, value in values.items()
            if key.startswith("outcomes.") and isinstance(value, str)
        }
        try:
            Outcomes.model_validate(outcomes)
        except ValidationError as error:
            for item in error.errors(include_input=False, include_url=False):
                name = str(item["loc"][0]) if item["loc"] else "closed"
                key = f"outcomes.{name}"
                number = next((n for n, c in self.columns.items() if c.key == key), 0)
                label = self.columns[number].label if number else name
                self.refuse(row, number, CONTRADICTION, f"{label}: {reword(str(item['msg']))}")


class CellError(ValueError):
    """Why a cell cannot be read, with the code to report it under."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def split_list(typed: str) -> list[str]:
    """A cell's list: items split at ';' when it has any (so '1 year, 3 months' stays one
    age), else at ',', else at line breaks."""
    for mark in (";", ",", "\n"):
        if mark in typed:
            return [item.strip() for item in typed.split(mark)]
    return [typed.strip()]


def loose(text: str) -> str:
    """How list values are compared: normalised, with spaces, '_' and '-' alike."""
    return "-".join(re.split(r"[\s_-]+", normalise(text).strip(" _-")))


def yes_no(typed: str) -> str:
    """`yes` or `no` from yes/no, y/n, true/false or 1/0, in any case."""
    word = normalise(typed)
    if word in YES_WORDS:
        return "yes"
    if word in NO_WORDS:
        return "no"
    raise CellError(NOT_YES_NO, "expected yes or no (or y/n, true/false, 1/0)")


def count(key: str, typed: str) -> str:
    """A whole number within the bounds the form sets for the key."""
    name = key.rsplit(".", 1)[-1]
    low, high = 0, 10**4
    for limit in Outcomes.model_fields[name].metadata:
        low = getattr(limit, "ge", low)
        high = getattr(limit, "le", high)
    expected = f"expected a whole number from {low} to {high}"
    if not COUNT.match(typed.strip()):
        raise CellError(BAD_NUMBER, expected)
    number = int(float(typed))
    if not low <= number <= high:
        raise CellError(BAD_NUMBER, expected)
    return str(number)


def role_text(typed: str) -> str:
    """A role as the form takes it: one line, no hidden characters, at most 120 characters."""
    hidden = HIDDEN_IN_VALUE.search(typed) or HIDDEN_IN_TEXT.search(typed)
    if hidden is not None:
        name = character_name(hidden.group())
        raise CellError(BAD_TEXT, f"holds {name} at character {hidden.start() + 1}; delete it")
    if "\n" in typed or "\r" in typed or "\t" in typed:
        raise CellError(BAD_TEXT, "expected one line, with no tabs")
    if len(typed) > ROLE_LIMIT:
        raise CellError(BAD_TEXT, f"expected at most {ROLE_LIMIT} characters (a role, not notes)")
    return typed


# --- before writing --------------------------------------------------------------------


def target_problems(found: CaseList, targets: Sequence[Path], force: bool) -> list[Problem]:
    """A problem at each row whose form cannot be written: the file exists (without
    `force`), is a symlink, or is not a file. `targets` follows `found.cases`."""
    problems = []
    for case, target in zip(found.cases, targets, strict=True):
        reason = ""
        if target.is_symlink():
            reason = f"{target} is a symlink; fatheraudit does not write through links"
        elif target.exists() and not force:
            reason = f"{target} already exists; use --force to replace it"
        elif target.exists() and not target.is_file():
            reason = f"{target} exists and is not a file"
        if reason:
            problems.append(problem(found.path, TARGET_BLOCKED, reason, case.row, found.id_column))
    return problems


def kept_problems(found: CaseList, case: CaseRow, text: str) -> list[Problem]:
    """An error when the form written for `case` would not read back with the row's values
    at their keys (a safeguard: the values are quoted as YAML needs)."""
    loaded = load_yaml_text(text, Path(f"{case.case_id}.yaml"))
    document = loaded.document
    kept = document is not None and not has_errors(loaded.problems)
    if document is not None and kept:
        data = document.data
        kept = value_at(data, ("case_id",)) == case.case_id and all(
            value_at(data, tuple(key.split("."))) == value for key, value in case.values.items()
        )
        for key, entries in case.entries.items():
            written = value_at(data, tuple(key.split(".")))
            kept = kept and isinstance(written, list) and len(written) == len(entries)
            kept = kept and all(
                isinstance(item, dict) and all(item.get(k) == v for k, v in entry.items())
                for item, entry in zip(written, entries, strict=False)
            )
    if kept:
        return []
    message = "the form for this row could not be written without a change; nothing written"
    return [problem(found.path, NOT_KEPT, message, case.row, found.id_column)]


def require_case_tool(tool: Tool) -> None:
    """A usage error unless `tool` audits cases (a case list starts case forms only)."""
    if tool.scope != "case":
        raise FatherauditError(
            f"--from makes case forms, and {tool.key} is an agency self-assessment"
        )


def list_refusal(path: Path, problems: Sequence[Problem]) -> FatherauditError | None:
    """Why no form of the case list at `path` is written (any error), or None: a usage
    error (2) when only the files in the way stop it, else errors in the list (1)."""
    errors = [p for p in problems if p.is_error]
    if not errors:
        return None
    usage = all(p.code == TARGET_BLOCKED for p in errors)
    message = f"nothing written: fix the rows named above in {path} and run again"
    return FatherauditError(message, 2 if usage else 1)
