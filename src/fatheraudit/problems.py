"""Problems are data: every finding has a file, a line, a column, a code and a message.

Nothing in the core raises for bad input or prints; it returns problems, and the
renderers show them in one place. Messages never quote a case's free text.
"""

import difflib
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    """How bad a problem is: errors stop a file counting, warnings do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Problem(BaseModel):
    """One finding about one place in one file."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    path: str
    line: int = 0
    column: int = 0
    severity: Severity = Severity.ERROR
    code: str
    message: str
    cell: str = ""

    @property
    def is_error(self) -> bool:
        """True when the problem stops the file from counting."""
        return self.severity is Severity.ERROR

    def location(self) -> str:
        """`path:line:col` (or `path:Sheet!C14` in a workbook), leaving out what is not known."""
        if self.cell:
            return f"{self.path}:{self.cell}"
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{max(self.column, 1)}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.severity.value} {self.code}: {self.message}"


def problem(
    path: Path | str,
    code: str,
    message: str,
    line: int = 0,
    column: int = 0,
    severity: Severity = Severity.ERROR,
    cell: str = "",
) -> Problem:
    """Build a problem; a short form used throughout the core."""
    return Problem(
        path=str(path),
        line=line,
        column=column,
        severity=severity,
        code=code,
        message=message,
        cell=cell,
    )


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order: by file, line, column, then code."""
    return sorted(
        problems, key=lambda p: (p.path, p.cell.split("!")[0], p.line, p.column, p.code, p.message)
    )


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem is an error."""
    return any(p.is_error for p in problems)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix when a close choice exists, else ''."""
    options = list(choices)
    lowered = {c.casefold(): c for c in options}
    close = difflib.get_close_matches(word.casefold(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean '{lowered[close[0]]}'?)" if close else ""


def quote_key(key: str) -> str:
    """A key safe to show in a message: identifiers are quoted, anything else is not shown.

    Keys are structure, but a person may still type a name where a key belongs,
    so only short identifier-like keys are echoed.
    """
    if 0 < len(key) <= 40 and all(c.isascii() and (c.isalnum() or c in "_.-/") for c in key):
        return f"'{key}'"
    return "a key"


def one_of(options: Iterable[str]) -> str:
    """`'a', 'b' or 'c'` for messages."""
    quoted = [f"'{o}'" for o in options]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


class FatherauditError(Exception):
    """A failure the user can fix (a missing tool, a file that must not be overwritten).

    Raised only for what stops a whole command; problems in input files are data. It
    carries the exit code a command ends with: 2 (usage) unless said otherwise.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
