"""The one YAML loader: safe, strict, and keeping a line and column for every value.

Every YAML file the project reads goes through `load_yaml`. It reads only regular
files, refuses what YAML could misread (anchors, aliases, tags, duplicate keys,
several documents, deep nesting, tabs and invisible characters where they change
the structure) and builds plain data from the parser's event stream, so every
scalar stays the text the person typed: `no` is "no", `012345` is "012345". The
schema, not YAML, decides what a value means.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from fatheraudit.problems import Problem, Severity, problem, quote_key

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 20
YAML_SUFFIXES = (".yaml", ".yml")
IMPORTED = "# Imported from the Excel form {source} by fatheraudit import."
IMPORTED_FROM = re.compile(r"^# Imported from the Excel form (.+?) by fatheraudit import\.$", re.M)

NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


def is_workbook_form(path: Path) -> bool:
    """A workbook to read as a form (Excel's `~$` lock files are not)."""
    return path.suffix.lower() == ".xlsx" and not path.name.startswith("~$")


INVISIBLE = {
    "\u00a0": "a non-breaking space (U+00A0, often pasted from Word)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u2007": "a figure space (U+2007)",
    "\u200b": "a zero-width space (U+200B)",
    "\u200c": "a zero-width non-joiner (U+200C)",
    "\u200d": "a zero-width joiner (U+200D)",
    "\u2060": "a word joiner (U+2060)",
    "\ufeff": "a byte order mark in the middle of the file (U+FEFF)",
}
ZERO_WIDTH = frozenset({"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"})
# Characters that change the order in which the text around them is shown, so a note can
# read differently on screen from what it holds ("Trojan Source").
BIDI_NAMES = {
    "\u061c": "an Arabic letter mark (U+061C)",
    "\u200e": "a left-to-right mark (U+200E)",
    "\u200f": "a right-to-left mark (U+200F)",
    "\u202a": "a left-to-right embedding (U+202A)",
    "\u202b": "a right-to-left embedding (U+202B)",
    "\u202c": "a pop directional formatting character (U+202C)",
    "\u202d": "a left-to-right override (U+202D)",
    "\u202e": "a right-to-left override (U+202E)",
    "\u2066": "a left-to-right isolate (U+2066)",
    "\u2067": "a right-to-left isolate (U+2067)",
    "\u2068": "a first strong isolate (U+2068)",
    "\u2069": "a pop directional isolate (U+2069)",
}
RAW_BIDI = re.compile("[" + "".join(BIDI_NAMES) + "]")
# What a value may hold only through a double-quoted escape, and no report should show:
# control characters (a lone carriage return among them: a terminal would type over the
# text before it) and the direction controls.
HIDDEN_IN_VALUE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(BIDI_NAMES) + "]|\r(?!\n)"
)
# ... and what no output shows as written, however it came in.
HIDDEN_IN_OUTPUT = re.compile(HIDDEN_IN_VALUE.pattern + "|[\ufffe\uffff\ud800-\udfff]")
UNTRUSTED_IN_KEY = re.compile("[" + "".join(INVISIBLE) + "".join(BIDI_NAMES) + "]")
# Characters a file cannot hold, named the way a person would know them (Word pastes
# several: its manual line break is a vertical tab, its page break a form feed).
CONTROL_NAMES = {
    "\x07": "a bell character (U+0007)",
    "\x08": "a backspace character (U+0008)",
    "\x0b": "a vertical tab (U+000B, Word's manual line break)",
    "\x0c": "a form feed (U+000C, Word's page break)",
    "\x1c": "a file separator (U+001C)",
    "\x1d": "a group separator (U+001D)",
    "\x1e": "a record separator (U+001E, Word's non-breaking hyphen)",
    "\x1f": "a unit separator (U+001F, Word's optional hyphen)",
    "\x7f": "a delete character (U+007F)",
}
# YAML reads these as line breaks, but editors show no new line, so every line number
# after one would be wrong: they are refused like control characters.
HIDDEN_BREAKS = {
    "\x85": "a next-line character (U+0085)",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}
# How each character above is named in a message.
CHARACTER_NAMES = {**CONTROL_NAMES, **HIDDEN_BREAKS, **INVISIBLE, **BIDI_NAMES}
SUSPECT_CHARACTER = re.compile(
    "[" + "".join(INVISIBLE) + "]"
    "|[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
EDITOR_LINE_BREAK = re.compile(r"\r\n?|\n")
# What only the event-by-event reader handles: anchors, aliases and tags at the start of a
# value, merge keys, directives and document markers, and anything deep.
NEEDS_EVENTS = re.compile(r"(?:^|[:\-,\[{?][ ]*)[&*!]|^[ -]*<<[ ]*:|^%|^(?:---|\.\.\.)", re.M)
LINE_PREFIX = re.compile(r"^[ -]*", re.M)
# Below this depth bound (indentation plus open brackets), libyaml can neither crash in
# its composer nor reach its own nesting limit (1,000 in the releases that have one)
# before the project's MAX_DEPTH rule; above it, PyYAML's own parser reads the file.
LIBYAML_SAFE_DEPTH = 256

Loc = tuple[str | int, ...]
ParserClass = type[yaml.SafeLoader] | type[yaml.CSafeLoader]


class Mark(NamedTuple):
    """A 1-based line and column in a file (a named tuple: made about three times quicker
    than a frozen dataclass)."""

    line: int
    column: int


# A line and column as a document keeps it: a Mark, or the plain pair the quick reader
# writes (a form has hundreds, and a pair is made six times quicker than a Mark); a
# Document hands out Marks.
Place = tuple[int, int]


@dataclass
class Document:
    """A parsed YAML file: plain data plus the position of every value and key."""

    path: Path
    data: Any
    marks: Mapping[Loc, Place] = field(default_factory=dict)
    key_marks: Mapping[Loc, Place] = field(default_factory=dict)
    sheet: dict[Loc, str] | None = None  # for a workbook form: each value's cell

    def mark(self, loc: Loc) -> Mark:
        """Where the value at `loc` is, or its nearest written parent."""
        return Mark(*self.place(loc))

    def place(self, loc: Loc) -> Place:
        """`mark`, as the plain pair the document keeps (no Mark made)."""
        for end in range(len(loc), -1, -1):
            found = self.marks.get(loc[:end])
            if found is not None:
                return found
        return (1, 1)

    def key_mark(self, loc: Loc) -> Mark:
        """Where the key of the value at `loc` is written, falling back to `mark`."""
        found = self.key_marks.get(loc)
        return self.mark(loc) if found is None else Mark(*found)

    def problem(
        self, loc: Loc, code: str, message: str, severity: Severity = Severity.ERROR
    ) -> Problem:
        """A problem located at the value `loc`."""
        at = self.mark(loc)
        return problem(self.path, code, message, at.line, at.column, severity, self.cell(loc))

    def key_problem(
        self, loc: Loc, code: str, message: str, severity: Severity = Severity.ERROR
    ) -> Problem:
        """A problem located at the key of `loc`."""
        at = self.key_mark(loc)
        return problem(self.path, code, message, at.line, at.column, severity, self.cell(loc))

    def cell(self, loc: Loc) -> str:
        """In a workbook form, the cell of `loc` or of its nearest parent; '' otherwise."""
        if self.sheet is None:
            return ""
        for end in range(len(loc), -1, -1):
            found = self.sheet.get(loc[:end])
            if found is not None:
                return found
        return ""


@dataclass
class Loaded:
    """What loading one file gives: a document when it could be read, and its problems."""

    document: Document | None
    problems: list[Problem]


def load_yaml(path: Path, root: Path | None = None, max_bytes: int = MAX_BYTES) -> Loaded:
    """Read one YAML file safely; never raises for bad input."""
    text, problems = read_text(path, root, max_bytes)
    if text is None:
        return Loaded(None, problems)
    document, parse_problems = parse_text(text, path)
    return Loaded(document, problems + parse_problems)


def load_yaml_text(text: str, path: Path) -> Loaded:
    """Parse YAML already in memory (used by tests and by callers holding text)."""
    document, problems = parse_text(text, path)
    return Loaded(document, problems)


# --- reading bytes -------------------------------------------------------------------


def read_text(path: Path, root: Path | None, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """The file's text, or None with the problems that stopped it being read."""
    refusal = check_file(path, root, max_bytes)
    if refusal is not None:
        return None, [refusal]
    try:
        raw = read_regular_file(path)
    except OSError as error:
        return None, [problem(path, "F101", f"cannot be read: {error.strerror or error}")]
    if raw is None:
        return None, [not_regular(path)]
    return decode(raw, path)


def check_file(path: Path, root: Path | None, max_bytes: int) -> Problem | None:
    """A problem when `path` is not a regular file of a readable size inside `root`."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            outside = symlink_outside(path, root)
            if outside is not None:
                return outside
            info = path.stat()
    except OSError as error:
        return problem(path, "F101", f"cannot be read: {error.strerror or error}")
    if stat.S_ISDIR(info.st_mode):
        return problem(path, "F103", "is a folder, not a file; skipped", severity=Severity.WARNING)
    if not stat.S_ISREG(info.st_mode):
        return not_regular(path)
    if info.st_size > max_bytes:
        return problem(
            path,
            "F105",
            f"is {info.st_size:,} bytes; the limit is {max_bytes:,} bytes, so it was not read",
        )
    return None


def symlink_outside(path: Path, root: Path | None) -> Problem | None:
    """A warning when a symlink leads outside `root` (or nowhere)."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return problem(path, "F102", "is a broken symlink; skipped", severity=Severity.WARNING)
    base = (root or path.parent).resolve()
    if not target.is_relative_to(base):
        return problem(
            path,
            "F102",
            "is a symlink leading outside the folder; skipped, not followed",
            severity=Severity.WARNING,
        )
    return None


def not_regular(path: Path) -> Problem:
    """The warning for a named pipe, socket or device."""
    return problem(
        path,
        "F104",
        "is not a regular file (a named pipe, socket or device); skipped",
        severity=Severity.WARNING,
    )


def read_regular_file(path: Path) -> bytes | None:
    """The bytes of `path`, or None if what was opened is not a regular file.

    Opened non-blocking so a named pipe swapped in after the check cannot hang the run.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


def decode(raw: bytes, path: Path) -> tuple[str | None, list[Problem]]:
    """UTF-8 text without a BOM, or a located error advising to re-save as UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [problem(path, "F106", "is UTF-16 text; re-save it as UTF-8", 1, 1)]
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start]
        return None, [
            problem(
                path,
                "F107",
                f"is not UTF-8 (byte 0x{byte:02X}); re-save the file as UTF-8",
                line,
                column,
            )
        ]


# --- scanning characters -------------------------------------------------------------


def scan_characters(text: str, path: Path) -> tuple[list[Problem], bool]:
    """Problems with characters, and whether the text can be parsed at all.

    Tabs and invisible characters in indentation, or next to `:` and `-`, change
    what YAML reads without showing on screen; characters YAML cannot hold stop
    the parse, so they are all reported here first.
    """
    if "\t" not in text and not has_suspect_character(text):
        return [], True
    problems: list[Problem] = []
    parseable = True
    for number, line in enumerate(EDITOR_LINE_BREAK.split(text), start=1):
        problems.extend(scan_indentation(line, number, path))
        for column, char in enumerate(line, start=1):
            if not is_printable(char):
                parseable = False
                problems.append(problem(path, "Y201", unreadable(char), number, column))
            elif char in INVISIBLE and beside_indicator(line, column - 1):
                problems.append(
                    problem(
                        path,
                        "Y203",
                        f"{INVISIBLE[char]} next to ':' or '-' hides the structure; "
                        "replace it with an ordinary space",
                        number,
                        column,
                    )
                )
    return problems, parseable


# Printable ASCII with the tab and line breaks: in a text of ASCII alone, a character
# outside these is what SUSPECT_CHARACTER finds.
PLAIN_ASCII = bytes([9, 10, 13, *range(0x20, 0x7F)])


def has_suspect_character(text: str) -> bool:
    """`SUSPECT_CHARACTER.search(text) is not None`, answered for a text of ASCII alone by
    deleting its plain characters (far quicker than the search)."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, PLAIN_ASCII))
    return SUSPECT_CHARACTER.search(text) is not None


def scan_indentation(line: str, number: int, path: Path) -> list[Problem]:
    """Problems with tabs or invisible characters before the first visible character."""
    for column, char in enumerate(line, start=1):
        if char == " ":
            continue
        if char == "\t":
            return [
                problem(
                    path,
                    "Y202",
                    "a tab character is used for indentation; YAML needs spaces",
                    number,
                    column,
                )
            ]
        if char in INVISIBLE:
            return [
                problem(
                    path,
                    "Y203",
                    f"{INVISIBLE[char]} is used for indentation; replace it with ordinary spaces",
                    number,
                    column,
                )
            ]
        return []
    return []


def beside_indicator(line: str, index: int) -> bool:
    """True when the character at `index` follows a `:` or a list `-`."""
    before = line[:index].rstrip("".join(INVISIBLE))
    return before.endswith(":") or before.strip() == "-"


def unreadable(char: str) -> str:
    """The message for a character the file cannot hold, naming it and its code point."""
    if char in HIDDEN_BREAKS:
        return (
            f"holds {HIDDEN_BREAKS[char]}, which YAML reads as a line break that editors "
            "do not show; delete it or press Enter there instead"
        )
    name = CONTROL_NAMES.get(char, f"a control character (U+{ord(char):04X})")
    return f"holds {name} YAML cannot read; delete it"


def is_printable(char: str) -> bool:
    """The YAML 1.1 printable set, less the line breaks editors do not show."""
    code = ord(char)
    return (
        char in "\t\n\r"
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0x2027
        or 0x202A <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


# --- building data from events ---------------------------------------------------------


HASH_AFTER_TEXT = re.compile(r"\S[ \t]+#")
COMMENT_START = re.compile(r"[ \t]+#")


class CommentWatch:
    """Finds comments that cut a plain value short: in `flat #3, not recorded #urgent`
    YAML reads everything from ` #` on as a comment, and the note ends at `flat`."""

    def __init__(self, text: str, path: Path) -> None:
        self.path = path
        hashed = (" #" in text or "\t#" in text) and HASH_AFTER_TEXT.search(text)
        self.lines = EDITOR_LINE_BREAK.split(text) if hashed else None
        self.problems: list[Problem] = []

    def check(self, value: str, line: int, column: int) -> None:
        """Warn when a comment follows the plain `value` that ends at the 0-based `line`
        and `column`, unless it is plainly a deliberate one (`answer: yes  # checked`,
        `note: two words  # set apart by two spaces or more`)."""
        if self.lines is None or line >= len(self.lines):
            return
        rest = self.lines[line][column:]
        found = COMMENT_START.match(rest)
        if found is None:
            return
        after = rest[found.end() : found.end() + 1]
        if " " not in value and after in ("", " ", "\t", "#"):
            return
        if len(found.group()) > 2 and after in ("", " "):  # set apart: `text   # a comment`
            return
        self.problems.append(
            problem(
                self.path,
                "Y211",
                "the text after ' #' was read as a YAML comment and left out of the value; "
                "to keep it, put the whole value in quotes or write it as a block with '|'",
                line + 1,
                column + found.end(),
                Severity.WARNING,
            )
        )


def parse_text(text: str, path: Path) -> tuple[Document | None, list[Problem]]:
    """Scan and parse `text`; the document is None when the YAML cannot be read."""
    problems, parseable = scan_characters(text, path)
    if not parseable:
        return None, problems
    quick = read_plain(text, path, problems)
    document: Document | None
    if quick is not None:
        document, problems = quick
    elif composable(text):
        document, problems = compose_text(text, path, problems)
    else:
        document, problems = parse_events(text, path, problems)
    if document is not None and ("\\" in text or (not text.isascii() and RAW_BIDI.search(text))):
        problems = problems + hidden_characters(document, text)
    return document, problems


# --- characters that hide what a value says -------------------------------------------


def hidden_characters(document: Document, text: str = "") -> list[Problem]:
    """Warnings for direction controls written in `text`, each at its place, and for
    control or direction characters a value holds through an escape (or a workbook cell).
    """
    raw = [place for place in raw_places(text) if place[1:] not in key_places(document)]
    found = [
        problem(
            document.path,
            "Y212",
            f"holds {character_name(char)}, which changes the order the text around it is "
            "shown in, so the note may not say what it seems to; delete it",
            line,
            column,
            Severity.WARNING,
        )
        for char, line, column in raw
    ]
    written = written_in_values(document, raw)
    for loc, value in strings(document.data, ()):
        hidden = escaped_only(HIDDEN_IN_VALUE.finditer(value), written.get(loc, []))
        if hidden:
            message = hidden_message(hidden)
            found.append(document.problem(loc, "Y212", message, Severity.WARNING))
    return found


def key_places(document: Document) -> set[tuple[int, int]]:
    """The line and column of each direction control written in a key (refused as Y203)."""
    places = set()
    for loc, (line, column) in document.key_marks.items():
        for match in RAW_BIDI.finditer(str(loc[-1])):
            places.add((line, column + match.start()))
    return places


def written_in_values(document: Document, raw: list[tuple[str, int, int]]) -> dict[Loc, list[str]]:
    """The direction controls written in the file, given to the value they fall in (the
    last value starting before each)."""
    starts = sorted(((line, column), loc) for loc, (line, column) in document.marks.items())
    given: dict[Loc, list[str]] = {}
    for char, line, column in raw:
        index = bisect.bisect_right(starts, ((line, column), ())) - 1
        if index >= 0:
            given.setdefault(starts[index][1], []).append(char)
    return given


def escaped_only(found: Iterator[re.Match[str]], written: list[str]) -> list[re.Match[str]]:
    """The hidden characters of a value less those written as themselves in the file."""
    left = list(written)
    kept = []
    for match in found:
        if match.group() in left:
            left.remove(match.group())
        else:
            kept.append(match)
    return kept


def raw_places(text: str) -> Iterator[tuple[str, int, int]]:
    """Each direction control written in `text`, with its 1-based line and column."""
    starts = [0] + [m.end() for m in EDITOR_LINE_BREAK.finditer(text)]
    for match in RAW_BIDI.finditer(text):
        line = bisect.bisect_right(starts, match.start())
        yield match.group(), line, match.start() - starts[line - 1] + 1


def hidden_message(hidden: list[re.Match[str]]) -> str:
    """What a value with hidden characters is told: the first named, the rest counted."""
    first = hidden[0]
    more = len(hidden) - 1
    others = f" and {more} more such character{'s' if more > 1 else ''}" if more else ""
    return (
        f"the text holds {character_name(first.group())} at character {first.start() + 1}"
        f"{others}; reports show them only as a marker like [U+{ord(first.group()):04X}], "
        "so delete them"
    )


def key_trouble(key: str) -> str:
    """Why a key cannot be trusted: the invisible or direction character it holds, named
    by code point with its place in the key; '' for a good key."""
    found = UNTRUSTED_IN_KEY.search(key)
    if found is None:
        return ""
    name = character_name(found.group())
    return f"a key holds {name} at character {found.start() + 1}; retype the key"


def character_name(char: str) -> str:
    """A character as a person would know it, with its code point."""
    if char in CHARACTER_NAMES:
        return CHARACTER_NAMES[char]
    if char == "\r":
        return "a carriage return (U+000D) with no line break after it"
    return f"a control character (U+{ord(char):04X})"


def visible(text: str) -> str:
    """Text for a report or a terminal: Windows line breaks read as line breaks, and
    every control or direction character replaced by a marker such as `[U+202E]`."""
    text = text.replace("\r\n", "\n")
    return HIDDEN_IN_OUTPUT.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)


def strings(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every string value in nested data, with its location."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*loc, index))


def parse_events(
    text: str, path: Path, problems: list[Problem], parser: ParserClass | None = None
) -> tuple[Document | None, list[Problem]]:
    """The careful reader: event by event, refusing anchors, tags and depth as they come."""
    chosen = parser or parser_class(text)
    builder = Builder(path, text)
    try:
        builder.run(text, chosen)
    except yaml.MarkedYAMLError as error:
        if chosen is not yaml.SafeLoader and libyaml_depth_limit(error):
            return parse_events(text, path, problems, yaml.SafeLoader)
        add_syntax_problem(error, text, path, problems)
        return None, problems + builder.problems
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as error:
        problems.append(problem(path, "Y299", f"cannot be read as YAML ({type(error).__name__})"))
        return None, problems + builder.problems
    problems = unique(problems + builder.problems + builder.comments.problems)
    if builder.stack:
        return None, problems
    return Document(path, builder.root, builder.marks, builder.key_marks), problems


def composable(text: str) -> bool:
    """True when the fast reader may take the file: none of YAML's riskier features, and
    far from the depth at which libyaml's composer can crash the process."""
    if NEEDS_EVENTS.search(text):
        return False
    deepest = max((len(prefix) for prefix in LINE_PREFIX.findall(text)), default=0)
    return deepest + text.count("[") + text.count("{") < LIBYAML_SAFE_DEPTH


def compose_text(
    text: str, path: Path, problems: list[Problem]
) -> tuple[Document | None, list[Problem]]:
    """The fast reader: libyaml composes the node tree, Python turns it into plain data.

    Gives exactly what the event-by-event reader gives for the files it accepts.
    """
    walker = NodeWalker(path, text)
    try:
        node = yaml.compose(text, Loader=ComposeC if USE_C_PARSER else ComposePython)
        root = None if node is None else walker.value(node, (), 0)
    except yaml.MarkedYAMLError as error:
        if libyaml_depth_limit(error):
            return parse_events(text, path, problems, yaml.SafeLoader)
        add_syntax_problem(error, text, path, problems)
        return None, problems + walker.problems
    except TooDeep:
        return None, unique(problems + walker.problems)
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as error:
        problems.append(problem(path, "Y299", f"cannot be read as YAML ({type(error).__name__})"))
        return None, problems + walker.problems
    every = unique(problems + walker.problems + walker.comments.problems)
    return Document(path, root, walker.marks, walker.key_marks), every


# --- the quick reader: plain forms, line by line ------------------------------------


class NotPlain(Exception):
    """The text uses something only the composer reads (or reads as an error)."""


# A plain key and what ends it: `key:` before a space or the end of the line.
ENTRY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_./-]*):(?= |$) *", re.ASCII)
DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"(?: +(?:#.*)?)?$')
SINGLE_QUOTED = re.compile(r"'([^']*)'(?: +(?:#.*)?)?$")
AFTER_FLOW = re.compile(r"(?: +(?:#.*)?)?$")  # what may follow a closing bracket
FLOW_ENTRY = re.compile(r"( *)([A-Za-z0-9_][A-Za-z0-9_./-]*): +([^:]*?) *$", re.ASCII)
NOT_IN_FLOW = re.compile(r"[\[\]{}#:'\"]")  # inside a one-line flow list
NOT_IN_FLOW_MAP = re.compile(r"[\[\]{}#'\"]")  # inside a one-line flow mapping
FLOW_PLAIN = re.compile(r"[A-Za-z0-9_]", re.ASCII)  # how a plain item in brackets starts
PLAIN_NEVER_STARTS = frozenset("-?:,[]{}#&*!|>'\"%@`")
QUICK_DEPTH = 12


@dataclass(slots=True)
class Block:
    """A mapping or list being read, with the column its keys or dashes stand at."""

    indent: int
    value: dict[str, Any] | list[Any]
    loc: Loc
    keyed: bool  # a mapping


@dataclass(slots=True)
class Pending:
    """A key written with nothing after it: its value is what the next lines open, or
    nothing (None, marked just after the colon)."""

    mapping: dict[str, Any]
    key: str
    loc: Loc
    indent: int
    empty: Place


def read_plain(
    text: str, path: Path, problems: list[Problem]
) -> tuple[Document, list[Problem]] | None:
    """The quick reader, for the block mappings, lists and one-line values a form is
    made of: what `compose_text` gives (data, marks, problems) for every text it
    reads, and None for any text with something else, which the composer then reads."""
    if "\t" in text:
        return None
    reader = PlainReader(path, text)
    try:
        reader.read()
    except NotPlain:
        return None
    return Document(path, reader.root, reader.marks, reader.key_marks), unique(
        problems + reader.comments.problems
    )


class PlainReader:
    """Reads a plain form line by line (see `read_plain`); raises NotPlain on anything
    it does not read exactly as the composer would."""

    def __init__(self, path: Path, text: str) -> None:
        self.text = text
        self.comments = CommentWatch(text, path)
        self.watching = self.comments.lines is not None  # some ' #' may cut a value short
        self.root: Any = None
        self.marks: dict[Loc, Place] = {}
        self.key_marks: dict[Loc, Place] = {}
        self.blocks: list[Block] = []
        self.pending: Pending | None = None

    def read(self) -> None:
        """Every line of the text, then what the last key left open."""
        lines = EDITOR_LINE_BREAK.split(self.text) if "\r" in self.text else self.text.split("\n")
        blocks = self.blocks
        for number, line in enumerate(lines):
            content = line.lstrip(" ")
            if not content or content[0] == "#":
                continue
            indent = len(line) - len(content)
            top = blocks[-1] if blocks else None
            if (
                top is not None
                and top.indent == indent
                and top.keyed
                and self.pending is None
                and content[0] != "-"
            ):
                self.entry(top, number, indent, content)  # most lines: the next key
            else:
                self.line(number, indent, content)
        if self.root is None:
            raise NotPlain  # an empty document
        if self.pending is not None:
            self.close_pending()

    def line(self, number: int, indent: int, content: str) -> None:
        """One line holding a key or a list item."""
        item = content[0] == "-" and (len(content) == 1 or content[1] == " ")
        if self.pending is not None:
            self.open_pending(number, indent, item)
        block = self.block_at(number, indent, item)
        if item:
            self.item(block, number, indent, content)
        else:
            self.entry(block, number, indent, content)

    def open_pending(self, number: int, indent: int, item: bool) -> None:
        """The value of a bare key: a mapping on deeper lines, a list whose dashes stand
        at least at the key's column, or else nothing."""
        assert self.pending is not None
        pending, self.pending = self.pending, None
        if item and indent >= pending.indent:
            self.open(pending.mapping, pending.key, [], pending.loc, number, indent)
        elif not item and indent > pending.indent:
            self.open(pending.mapping, pending.key, {}, pending.loc, number, indent)
        else:
            self.pending = pending
            self.close_pending()

    def open(
        self,
        mapping: dict[str, Any],
        key: str,
        value: dict[str, Any] | list[Any],
        loc: Loc,
        number: int,
        indent: int,
    ) -> None:
        """Start the mapping or list that is a key's value, at its first line."""
        mapping[key] = value
        self.marks[loc] = (number + 1, indent + 1)
        self.blocks.append(Block(indent, value, loc, isinstance(value, dict)))
        if len(self.blocks) > QUICK_DEPTH:
            raise NotPlain

    def close_pending(self) -> None:
        """A bare key followed by nothing deeper: its value is None."""
        assert self.pending is not None
        self.pending.mapping[self.pending.key] = None
        self.marks[self.pending.loc] = self.pending.empty
        self.pending = None

    def block_at(self, number: int, indent: int, item: bool) -> Block:
        """The open mapping or list this line belongs to."""
        blocks = self.blocks
        if blocks and blocks[-1].indent == indent and item != blocks[-1].keyed:
            return blocks[-1]  # another key or item of the same block
        if not blocks:
            if self.root is not None or indent:
                raise NotPlain
            self.root = [] if item else {}
            self.marks[()] = (number + 1, 1)
            blocks.append(Block(0, self.root, (), not item))
        while blocks and blocks[-1].indent > indent:
            blocks.pop()
        if blocks and not item and not blocks[-1].keyed:
            blocks.pop()  # a key at the column of a list's dashes ends the list
        if not blocks or blocks[-1].indent != indent:
            raise NotPlain
        return blocks[-1]  # a mapping for a key, a list for an item, or NotPlain there

    def entry(self, block: Block, number: int, indent: int, content: str) -> None:
        """`key: value` or a bare `key:` in the mapping `block`."""
        found = ENTRY.match(content)
        mapping = block.value
        if found is None or not isinstance(mapping, dict):
            raise NotPlain
        key = found.group(1)
        if key in mapping or key in NULL_WORDS:
            raise NotPlain  # the composer names a key written twice, or an empty one
        loc = (*block.loc, key)
        self.key_marks[loc] = (number + 1, indent + 1)
        rest = content[found.end() :]
        if not rest or rest[0] == "#":
            colon = indent + len(key)
            self.pending = Pending(mapping, key, loc, indent, (number + 1, colon + 2))
            return
        if rest[0] in PLAIN_NEVER_STARTS:
            mapping[key] = self.value(rest, number, indent + found.end(), loc)
            return
        column = indent + found.end()  # plain words, read here as `value` would
        self.marks[loc] = (number + 1, column + 1)
        cut = rest.find(" #")
        plain = (rest if cut < 0 else rest[:cut]).rstrip(" ")
        if ": " in plain or plain.endswith(":"):
            raise NotPlain
        if plain in NULL_WORDS:
            mapping[key] = None
            return
        if self.watching:
            self.comments.check(plain, number, column + len(plain))
        mapping[key] = plain

    def item(self, block: Block, number: int, indent: int, content: str) -> None:
        """`- value` or `- key: value` in the list `block`."""
        rest = content[1:].lstrip(" ")
        items = block.value
        if not rest or rest[0] == "#" or not isinstance(items, list):
            raise NotPlain  # an empty item, or an item where a key should be
        column = indent + len(content) - len(rest)
        loc = (*block.loc, len(items))
        if ENTRY.match(rest) is None:
            items.append(self.value(rest, number, column, loc))
            return
        mapping: dict[str, Any] = {}
        items.append(mapping)
        self.marks[loc] = (number + 1, column + 1)
        self.blocks.append(Block(column, mapping, loc, True))
        self.entry(self.blocks[-1], number, column, rest)

    def value(self, text: str, number: int, column: int, loc: Loc) -> Any:
        """The one-line value starting at the 0-based `column`: quoted, plain, or a
        list or mapping in brackets."""
        self.marks[loc] = (number + 1, column + 1)
        first = text[0]
        if first == '"' or first == "'":
            quoted = (DOUBLE_QUOTED if first == '"' else SINGLE_QUOTED).match(text)
            if quoted is None:
                raise NotPlain  # an escape, a quote inside, or more lines
            return quoted.group(1)
        if first == "[":
            return self.flow_list(text, number, column, loc)
        if first == "{":
            return self.flow_mapping(text, number, column, loc)
        if first in PLAIN_NEVER_STARTS:
            raise NotPlain
        cut = text.find(" #")
        plain = (text if cut < 0 else text[:cut]).rstrip(" ")
        if ": " in plain or plain.endswith(":"):
            raise NotPlain
        if plain in NULL_WORDS:
            return None
        if self.watching:
            self.comments.check(plain, number, column + len(plain))
        return plain

    def flow_list(self, text: str, number: int, column: int, loc: Loc) -> list[Any]:
        """`[a, b c, d]` on one line, its items plain words."""
        inner = bracketed(text, "]", NOT_IN_FLOW)
        items: list[Any] = []
        if not inner.strip(" "):
            return items
        start = column + 1
        for part in inner.split(","):
            word = part.strip(" ")
            if not flow_plain(word):
                raise NotPlain
            at = start + len(part) - len(part.lstrip(" "))
            self.marks[(*loc, len(items))] = (number + 1, at + 1)
            items.append(self.flow_word(word, number, at))
            start += len(part) + 1
        return items

    def flow_mapping(self, text: str, number: int, column: int, loc: Loc) -> dict[str, Any]:
        """`{key: value, key: value}` on one line, its values plain words."""
        inner = bracketed(text, "}", NOT_IN_FLOW_MAP)
        mapping: dict[str, Any] = {}
        if not inner.strip(" "):
            return mapping
        start = column + 1
        for part in inner.split(","):
            found = FLOW_ENTRY.match(part)
            if found is None or not flow_plain(found.group(3)):
                raise NotPlain
            key, word = found.group(2), found.group(3)
            if key in mapping or key in NULL_WORDS:
                raise NotPlain
            key_loc = (*loc, key)
            self.key_marks[key_loc] = (number + 1, start + found.start(2) + 1)
            at = start + found.start(3)
            self.marks[key_loc] = (number + 1, at + 1)
            mapping[key] = self.flow_word(word, number, at)
            start += len(part) + 1
        return mapping

    def flow_word(self, word: str, number: int, column: int) -> str | None:
        """A plain item in brackets: None for a null word, else its text (checked for a
        comment cutting it short, as every plain value is)."""
        if word in NULL_WORDS:
            return None
        if self.watching:
            self.comments.check(word, number, column + len(word))
        return word


def flow_plain(word: str) -> bool:
    """A plain word the quick reader reads in brackets: a null word or one that starts
    with a letter, digit or underscore."""
    return bool(word) and (word in NULL_WORDS or FLOW_PLAIN.match(word) is not None)


def bracketed(text: str, closing: str, refused: re.Pattern[str]) -> str:
    """What lies between a one-line flow value's brackets; NotPlain
    unless only spaces or a comment follow and nothing inside needs the composer."""
    close = text.find(closing)
    if close < 0 or AFTER_FLOW.match(text, close + 1) is None:
        raise NotPlain
    inner = text[1:close]
    if refused.search(inner):
        raise NotPlain
    return inner


def read_trusted(text: str) -> Any:
    """The data of a text the strict reader has already found clean (a bundled tool whose
    bytes are those it checked): composed by libyaml, every scalar its text, with no marks
    and no checks; None when it cannot be read (then read it the strict way). Null words
    stay text, so only for texts that hold none."""
    try:
        node = yaml.compose(text, Loader=ComposeC if USE_C_PARSER else ComposePython)
        return None if node is None else trusted_value(node)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None


def trusted_value(node: yaml.Node) -> Any:
    """The plain data of a composed node (see read_trusted)."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [trusted_value(child) for child in node.value]
    return {trusted_value(key): trusted_value(value) for key, value in node.value}


def libyaml_depth_limit(error: yaml.MarkedYAMLError) -> bool:
    """True when libyaml stopped at its own nesting limit rather than at a syntax error."""
    return "nesting depth" in str(error.problem)


def untagged(_self: object, _kind: object, _value: object, _implicit: object) -> str:
    """No tag for any node: the fast reader reads every scalar as text."""
    return ""


def no_path(self: object, current_node: Any, current_index: Any) -> None:
    """The resolver's path tracking, which the fast reader does not need."""


def no_path_end(self: object) -> None:
    """The end of the resolver's path tracking, likewise not needed."""


class ComposeC(yaml.CBaseLoader):
    """libyaml's composer with the resolver's per-node work taken out."""

    resolve = untagged
    descend_resolver = no_path
    ascend_resolver = no_path_end


class ComposePython(yaml.BaseLoader):
    """PyYAML's own composer, likewise."""

    resolve = untagged
    descend_resolver = no_path
    ascend_resolver = no_path_end


class TooDeep(Exception):
    """Nesting deeper than MAX_DEPTH was met; the file is not read."""


class NodeWalker:
    """Plain data and marks from a composed node tree, with the same checks as `Builder`."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.comments = CommentWatch(text, path)
        self.marks: dict[Loc, Mark] = {}
        self.key_marks: dict[Loc, Mark] = {}
        self.problems: list[Problem] = []

    def refuse(self, mark: Mark, code: str, message: str) -> None:
        """Record an error at `mark`."""
        self.problems.append(problem(self.path, code, message, mark.line, mark.column))

    def value(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        """The plain value of a node (and of everything under it)."""
        start = node.start_mark
        mark = Mark(start.line + 1, start.column + 1)
        self.marks[loc] = mark
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in NULL_WORDS:
                return None
            if not node.style:
                self.comments.check(node.value, node.end_mark.line, node.end_mark.column)
            return str(node.value)
        if depth >= MAX_DEPTH:
            self.refuse(mark, "Y204", f"nesting is deeper than {MAX_DEPTH} levels; not read")
            raise TooDeep
        if isinstance(node, yaml.SequenceNode):
            return [self.value(child, (*loc, i), depth + 1) for i, child in enumerate(node.value)]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, loc, mapping)
            if key is not None:
                mapping[key] = self.value(value_node, (*loc, key), depth + 1)
        return mapping

    def key(self, node: yaml.Node, loc: Loc, mapping: dict[str, Any]) -> str | None:
        """The key of a mapping entry, or None when it repeats an earlier key."""
        start = node.start_mark
        mark = Mark(start.line + 1, start.column + 1)
        if not isinstance(node, yaml.ScalarNode):
            self.refuse(mark, "Y209", "a key must be plain text, not a list or mapping")
            key = f"\x00complex-{mark.line}-{mark.column}"
        elif (not node.style and node.value in NULL_WORDS) or node.value == "":
            self.refuse(mark, "Y209", "a key is empty; every key needs a name")
            key = f"\x00empty-{mark.line}-{mark.column}"
        else:
            key = str(node.value)
            if trouble := key_trouble(key):
                self.refuse(mark, "Y203", trouble)
        if key in mapping:
            earlier = self.key_marks.get((*loc, key), mark)
            self.refuse(
                mark,
                "Y210",
                f"key {quote_key(key)} is written twice: first on line {earlier.line}, "
                f"again on line {mark.line}; the second is ignored",
            )
            return None
        self.key_marks[(*loc, key)] = mark
        return key


def unique(problems: list[Problem]) -> list[Problem]:
    """Drop a second report of the same code at the same place."""
    seen: set[tuple[int, int, str]] = set()
    kept = []
    for found in problems:
        if (found.line, found.column, found.code) not in seen:
            seen.add((found.line, found.column, found.code))
            kept.append(found)
    return kept


def parser_class(text: str) -> ParserClass:
    """libyaml's C parser where present, else PyYAML's own; both give the same events.

    A text with many open brackets goes to PyYAML's own parser, which has no nesting
    limit of its own: libyaml scans a line ahead before giving the first event, and some
    releases stop at their own depth limit there, before the project's rule (MAX_DEPTH,
    applied by `Builder.open`) is reached. So the depth rule fires first, with the same
    code, message and place, whatever the libyaml version.
    """
    if not USE_C_PARSER or text.count("[") + text.count("{") >= LIBYAML_SAFE_DEPTH:
        return yaml.SafeLoader
    return yaml.CSafeLoader


USE_C_PARSER = bool(getattr(yaml, "__with_libyaml__", False))


@dataclass
class Frame:
    """A mapping or sequence being built, with where its next item goes."""

    loc: Loc
    value: dict[str, Any] | list[Any]
    key: str | None = None
    key_mark: Mark | None = None
    skip_next: bool = False


class Builder:
    """Turns parser events into plain data, refusing what YAML could misread."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.comments = CommentWatch(text, path)
        self.root: Any = None
        self.marks: dict[Loc, Mark] = {}
        self.key_marks: dict[Loc, Mark] = {}
        self.problems: list[Problem] = []
        self.stack: list[Frame] = []
        self.documents = 0

    def run(self, text: str, parser: ParserClass) -> None:
        """Consume the event stream; stops early on a second document or deep nesting."""
        for event in yaml.parse(text, Loader=parser):
            if not self.handle(event):
                return

    def handle(self, event: yaml.Event) -> bool:
        """Handle one event; False stops the parse."""
        start = event.start_mark
        mark = Mark(start.line + 1, start.column + 1) if start is not None else Mark(1, 1)
        if isinstance(event, yaml.DocumentStartEvent):
            return self.start_document(event, mark)
        if isinstance(event, yaml.AliasEvent):
            self.refuse(mark, "Y206", "an alias (*name) is not allowed; write the value out")
            self.add(None, mark)
        elif isinstance(event, yaml.ScalarEvent):
            self.check_node(event, mark)
            value = scalar_value(event)
            if value is not None and not event.style and event.end_mark is not None:
                self.comments.check(value, event.end_mark.line, event.end_mark.column)
            self.add(value, mark)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            return self.open(event, mark)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            frame = self.stack.pop()
            self.attach(frame.value, self.marks.get(frame.loc, mark), frame.loc)
        return True

    def start_document(self, event: yaml.DocumentStartEvent, mark: Mark) -> bool:
        """Count documents; a second one is refused."""
        self.documents += 1
        if self.documents > 1:
            self.refuse(
                mark, "Y205", "a second YAML document starts here ('---'); one file holds one form"
            )
            return False
        if event.tags:
            self.refuse(mark, "Y208", "a %TAG directive is not allowed")
        return True

    def open(self, event: yaml.NodeEvent, mark: Mark) -> bool:
        """Start a mapping or sequence; refuse nesting deeper than MAX_DEPTH."""
        if len(self.stack) >= MAX_DEPTH:
            self.refuse(mark, "Y204", f"nesting is deeper than {MAX_DEPTH} levels; not read")
            return False
        self.check_node(event, mark)
        loc = self.child_loc()
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        self.marks[loc] = mark
        self.stack.append(Frame(loc, container))
        return True

    def child_loc(self) -> Loc:
        """The location the next value will take."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            return (*frame.loc, len(frame.value))
        return (*frame.loc, frame.key if frame.key is not None else "?")

    def add(self, value: Any, mark: Mark) -> None:
        """Place a scalar (or alias stand-in)."""
        loc = self.child_loc()
        if self.stack and isinstance(self.stack[-1].value, dict) and self.stack[-1].key is None:
            self.take_key(value, mark)
            return
        self.marks[loc] = mark
        self.attach(value, mark, loc)

    def take_key(self, key: Any, mark: Mark) -> None:
        """Record the key of the next mapping entry, checking it is plain and new."""
        frame = self.stack[-1]
        assert isinstance(frame.value, dict)
        if not isinstance(key, str) or key == "":
            self.refuse(mark, "Y209", "a key is empty; every key needs a name")
            key = f"\x00empty-{mark.line}-{mark.column}"
        elif trouble := key_trouble(key):
            self.refuse(mark, "Y203", trouble)
        if key in frame.value:
            earlier = self.key_marks.get((*frame.loc, key), mark)
            self.refuse(
                mark,
                "Y210",
                f"key {quote_key(key)} is written twice: first on line {earlier.line}, "
                f"again on line {mark.line}; the second is ignored",
            )
            frame.skip_next = True
            key = f"\x00duplicate-{mark.line}-{mark.column}"
        frame.key, frame.key_mark = key, mark

    def attach(self, value: Any, mark: Mark, loc: Loc) -> None:
        """Put a finished value into its parent (or make it the root)."""
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            frame.value.append(value)
            return
        if frame.key is None:
            self.drop_marks((*frame.loc, "?"))
            self.refuse(mark, "Y209", "a key must be plain text, not a list or mapping")
            frame.key = f"\x00complex-{mark.line}-{mark.column}"
            frame.key_mark = mark
            return
        if not frame.skip_next:
            frame.value[frame.key] = value
            if frame.key_mark is not None:
                self.key_marks[loc] = frame.key_mark
        else:
            self.drop_marks(loc)
        frame.key, frame.key_mark, frame.skip_next = None, None, False

    def drop_marks(self, loc: Loc) -> None:
        """Forget the marks of an ignored duplicate value so the first one's stay."""
        for known in [k for k in self.marks if k[: len(loc)] == loc]:
            del self.marks[known]

    def check_node(self, event: yaml.NodeEvent, mark: Mark) -> None:
        """Refuse anchors and explicit tags on a node."""
        if event.anchor is not None:
            self.refuse(mark, "Y206", "an anchor (&name) is not allowed; write each value out")
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            self.refuse(mark, "Y208", f"a tag ({describe_tag(tag)}) is not allowed")

    def refuse(self, mark: Mark, code: str, message: str) -> None:
        """Record an error at `mark`."""
        self.problems.append(problem(self.path, code, message, mark.line, mark.column))


def scalar_value(event: yaml.ScalarEvent) -> str | None:
    """The text as typed; a plain empty value, `~` or `null` is None (not answered)."""
    if not event.style and event.value in NULL_WORDS:
        return None
    return str(event.value)


def describe_tag(tag: str) -> str:
    """A tag shortened for a message."""
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return shown if len(shown) <= 40 else shown[:37] + "..."


SYNTAX_HINTS = (
    ("mapping values are not allowed", "a ': ' inside a value; put the value in quotes"),
    ("cannot start any token", "a value cannot start with this character; put it in quotes"),
    ("unexpected end of stream", "a quote or bracket is opened and never closed"),
    ("could not find expected ':'", "a line is neither 'key: value' nor a list item"),
    ("expected <block end>", "this line's indentation does not match the lines above it"),
    ("did not find expected", "this line's indentation does not match the lines above it"),
    ("expected the node content", "a bracket or quote is left open"),
    ("while scanning a simple key", "a line is neither 'key: value' nor a list item"),
)


# How both parsers stop at keys indented under a key that has its value ('A2: yes'):
# at the colon of a plain value's next line, or at the key after a quote or a comment.
KEYS_UNDER_A_VALUE = ("mapping values", "block mapping start", "did not find expected key")
ANSWER_KEYS = frozenset(("answer", "evidence", "portfolio"))  # what a question id holds


def add_syntax_problem(
    error: yaml.MarkedYAMLError, text: str, path: Path, problems: list[Problem]
) -> None:
    """Add a syntax error's problem, unless a problem is already named on the line where
    the parser stopped (a character found there first is the cause)."""
    mark = stop_mark(error)
    stopped = mark.line + 1 if mark else 0
    if not any(p.line == stopped for p in problems):
        problems.append(syntax_problem(error, text, path))


def stop_mark(error: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where the parser stopped: where an unclosed quote or bracket opened, else where
    it found the problem."""
    opened = "end of stream" in str(error.problem) and error.context_mark is not None
    return error.context_mark if opened else (error.problem_mark or error.context_mark)


def syntax_problem(error: yaml.MarkedYAMLError, text: str, path: Path) -> Problem:
    """A YAML syntax error as a problem with a plain-words hint."""
    mark = stop_mark(error)
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    described = " ".join(str(part) for part in (error.context, error.problem) if part)
    message = next((hint for key, hint in SYNTAX_HINTS if key in described), "")
    if mark is not None and char_at(text, mark.line, mark.column) == "\t":
        message = "a tab character here; YAML needs spaces"
    slip = None
    if mark is not None and any(stop in described for stop in KEYS_UNDER_A_VALUE):
        slip = answer_under_a_value(text, mark.line, mark.column)
    if slip is not None:  # the slip is on the question's line: point there
        below = line
        line, column, key = slip
        message = (
            f"'{key}' is given a value on its own line and its answer's keys below it (line "
            f"{below}); write '{key}:' alone and its answer on the next line, as 'answer: ...'"
        )
    return problem(path, "Y200", f"YAML syntax error: {message or error.problem}", line, column)


# `key: value`, the value plain on the key's line (its column found from the match).
KEY_AND_VALUE = re.compile(r"(?:- +)?([A-Za-z0-9_][A-Za-z0-9_./-]*): +([^\s#|>&*!])", re.ASCII)


def answer_under_a_value(text: str, line: int, column: int) -> tuple[int, int, str] | None:
    """Where a question given a value on its own line also has its answer's keys indented
    below ('A2: yes' over '    evidence: ...'), when the parser stopped (0-based `line`
    and `column`) at such a key ('answer', 'evidence', 'portfolio') or its colon: the
    1-based line and value column of the question, and its id (a key, never a value)."""
    lines = EDITOR_LINE_BREAK.split(text)
    here = lines[line] if 0 <= line < len(lines) else ""
    content = here.lstrip(" ")
    indent = len(here) - len(content)
    found = ENTRY.match(content)
    if found is None or found.group(1) not in ANSWER_KEYS:
        return None  # wrapped text ('Update: he was not invited'), or another key
    if column not in (indent, indent + len(found.group(1))):
        return None  # not at the key or its colon
    for number in range(line - 1, -1, -1):
        above = lines[number].lstrip(" ")
        if not above or above.startswith("#"):
            continue
        if len(lines[number]) - len(above) >= indent:
            return None
        written = KEY_AND_VALUE.match(above)
        margin = len(lines[number]) - len(above)
        if written is None or not mapping_key_at(text, number, margin + written.start(1)):
            return None  # not a key: a line inside a quoted value, say
        return number + 1, margin + written.start(2) + 1, written.group(1)
    return None


def mapping_key_at(text: str, line: int, column: int) -> bool:
    """Whether YAML reads a mapping key starting at the 0-based `line` and `column` (and
    not, say, words inside a quoted value that spans lines), read up to the first error."""
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            start = token.start_mark
            if start.line > line:
                return False
            if isinstance(token, yaml.KeyToken) and (start.line, start.column) == (line, column):
                return True
    except yaml.YAMLError:
        return False
    return False


def char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column, or ''."""
    lines = EDITOR_LINE_BREAK.split(text)
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def describe_shape(value: Any) -> str:
    """What a person sees: 'a list', 'a mapping', 'text', 'nothing'."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping of keys"
    if isinstance(value, list):
        return "a list"
    return "a single piece of text"
