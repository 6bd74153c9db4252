"""Markdown escaping: free text shown as written, hidden characters as visible markers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatheraudit.cli import app
from fatheraudit.render.markdown import md, md_block


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Dad \u202eesrever\u202c ok", "Dad \\[U+202E\\]esrever\\[U+202C\\] ok"),
        ("bell\x07 escape\x1b[31m", "bell\\[U+0007\\] escape\\[U+001B\\]\\[31m"),
        ("C1 \x9b and next-line \x85", "C1 \\[U+009B\\] and next-line \\[U+0085\\]"),
        ("typed\rover", "typed\\[U+000D\\]over"),
        ("two\r\nlines", "two lines"),
        ("nul\x00 and \ufffe", "nul\\[U+0000\\] and \\[U+FFFE\\]"),
    ],
)
def test_hidden_characters_become_markers(text: str, shown: str) -> None:
    assert md(text) == shown


def test_windows_paragraphs_stay_paragraphs() -> None:
    assert (
        md_block("first\r\n\r\nsecond \u2066x\u2069") == "first\n\nsecond \\[U+2066\\]x\\[U+2069\\]"
    )


def test_report_shows_a_marker_never_the_character(runner: CliRunner, audit_copy: Path) -> None:
    meta = audit_copy / "audit.yaml"
    note = '"Dad \\u202eesrever\\u202c agreed \\x9b31m, typed\\rover"'
    text = meta.read_text().replace(
        "  - Engaging fathers takes", f"  - {note}\n  - Engaging fathers takes", 1
    )
    meta.write_text(text)
    check = runner.invoke(app, ["validate", str(audit_copy)])
    assert "warning Y212" in check.stdout and check.exit_code == 0
    for command in ("report", "summary"):
        result = runner.invoke(app, [command, str(audit_copy), "-o", "-"])
        assert result.exit_code == 0, result.stderr
        assert not re.search("[\u202e\u202c\x9b\r]", result.stdout)
    report = runner.invoke(app, ["report", str(audit_copy), "-o", "-"]).stdout
    shown = "Dad \\[U+202E\\]esrever\\[U+202C\\] agreed \\[U+009B\\]31m, typed\\[U+000D\\]over"
    assert shown in report
