"""The console renderer: problems one per line, never a raw control character."""

from __future__ import annotations

from pathlib import Path

from fatheraudit.problems import problem
from fatheraudit.render.console import problem_line


def test_a_message_never_carries_a_hidden_character() -> None:
    message = "answer 'yes\u202e\x1b[2J' is not allowed"
    found = problem(Path("cases/C01.yaml"), "F120", message, 3, 5)
    line = problem_line(found).plain
    assert line == "cases/C01.yaml:3:5: error F120: answer 'yes[U+202E][U+001B][2J' is not allowed"
