"""The console renderer: problems one per line, never a raw control character."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from fatheraudit.problems import Severity, problem
from fatheraudit.render.console import PRINTED_AT_ONCE, print_problems, problem_line


def test_a_message_never_carries_a_hidden_character() -> None:
    message = "answer 'yes\u202e\x1b[2J' is not allowed"
    found = problem(Path("cases/C01.yaml"), "F120", message, 3, 5)
    line = problem_line(found).plain
    assert line == "cases/C01.yaml:3:5: error F120: answer 'yes[U+202E][U+001B][2J' is not allowed"


@pytest.mark.parametrize("terminal", [True, False])
@pytest.mark.parametrize("count", [0, 1, PRINTED_AT_ONCE, PRINTED_AT_ONCE * 2 + 3])
def test_problems_printed_in_batches_read_as_printed_one_by_one(terminal: bool, count: int) -> None:
    severities = [Severity.ERROR, Severity.WARNING, Severity.INFO]
    found = [
        problem(
            Path(f"cases/C{i:03}.yaml"), "Q402", f"[b]A{i}[/b]: not one of", i, 3, severities[i % 3]
        )
        for i in range(count)
    ]
    one_by_one, batched = StringIO(), StringIO()
    for line in found:
        Console(file=one_by_one, force_terminal=terminal, width=60).print(
            problem_line(line), soft_wrap=True, highlight=False
        )
    print_problems(Console(file=batched, force_terminal=terminal, width=60), found)
    assert batched.getvalue() == one_by_one.getvalue()
    assert batched.getvalue().count("\n") == count
