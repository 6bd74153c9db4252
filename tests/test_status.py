"""`status`: why a form cannot be read, wrong answers apart from open ones, each file once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import base_form_text
from fatheraudit.cli import app

WIDE = {"COLUMNS": "300"}


def status_rows(runner: CliRunner, *paths: str | Path) -> tuple[dict[str, str], str]:
    """Each table row (its wrapped lines joined, cell by cell, with `│` between cells)
    by its form id, and the whole output, of a wide `status` run."""
    result = runner.invoke(app, ["status", *map(str, paths)], env=WIDE)
    assert result.exit_code == 0, result.output
    rows: list[list[str]] = []
    for line in result.stdout.splitlines():
        if not line.startswith("│"):
            continue
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if cells[0] or not rows:
            rows.append(cells)
        else:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
    return {cells[0]: " │ ".join(cells) for cells in rows}, result.stdout


def line_of(text: str, pattern: str) -> int:
    """The 1-based line on which `pattern` first matches."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if re.search(pattern, line))


def test_status_names_a_yaml_syntax_error_by_line(runner: CliRunner, audit_copy: Path) -> None:
    form = audit_copy / "cases" / "C03.yaml"
    text = form.read_text(encoding="utf-8").replace("case_id: C03", "case_id: C03\noops: a: b", 1)
    form.write_text(text, encoding="utf-8")
    rows, output = status_rows(runner, audit_copy)
    assert "cannot be read" in rows["C03"]
    assert f"{form}:3:" in rows["C03"] and "Y200" in rows["C03"] and "YAML syntax" in rows["C03"]
    assert "complete" in rows["C01"] and "C01.yaml" not in rows["C01"]
    assert "9 of 10 complete; 1 cannot be read" in output


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        ("- a list\n", "S301", "expected a case form, found a list"),
        ("", "S301", "found an empty file"),
        ("case_id: C11\ntool: no-such-tool\ntool_version: '1.0'\n", "X503", "unknown tool"),
        ("case_id: C11\ntool: myth-of-invisible-men\ntool_version: '9.9'\n", "X503", "'9.9'"),
    ],
)
def test_status_says_why_a_form_is_not_one(
    runner: CliRunner, tmp_path: Path, content: str, code: str, words: str
) -> None:
    (tmp_path / "C11.yaml").write_text(content, encoding="utf-8")
    rows, _ = status_rows(runner, tmp_path)
    assert "cannot be read" in rows["C11"] and code in rows["C11"] and words in rows["C11"]


def test_status_counts_the_further_problems(runner: CliRunner, tmp_path: Path) -> None:
    text = "".join(line + "\n" for line in base_form_text().splitlines() if "tool" not in line)
    (tmp_path / "C01.yaml").write_text(text, encoding="utf-8")
    rows, _ = status_rows(runner, tmp_path)
    assert "S302" in rows["C01"] and "'tool' is missing (and 1 more)" in rows["C01"]


def test_status_names_a_file_that_cannot_be_read(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "C01.yaml").write_bytes(base_form_text().encode("utf-16"))
    rows, _ = status_rows(runner, tmp_path)
    assert "cannot be read" in rows["C01"] and "F106" in rows["C01"] and "UTF-8" in rows["C01"]


def test_a_wrong_answer_is_not_counted_as_answered(runner: CliRunner, tmp_path: Path) -> None:
    text = base_form_text().replace("answer: 2022-04-11", "answer: [2022-04-11]", 1)
    (tmp_path / "C01.yaml").write_text(text, encoding="utf-8")
    rows, output = status_rows(runner, tmp_path)
    line = line_of(text, r"answer: \[2022")
    where = f"{tmp_path / 'C01.yaml'}:{line}:13"
    assert "wrong answers" in rows["C01"] and "44 of 45 (37 required), 1 wrong" in rows["C01"]
    assert f"{where}: error Q402: A5: expected a single answer" in rows["C01"]
    assert "0 of 1 complete; 1 with wrong answers" in output


def test_wrong_answers_are_apart_from_open_ones(runner: CliRunner, tmp_path: Path) -> None:
    text = re.sub(r"(\n  A1:\n    answer:)[^\n]*", r"\1 maybe", base_form_text(), count=1)
    text = re.sub(r"(\n  B1:\n    answer:)[^\n]*", r"\1", text, count=1)
    text = text.replace("  A3:\n    answer: partly\n", "  A3: partly\n  A3x:\n    answer: no\n", 1)
    (tmp_path / "C01.yaml").write_text(text, encoding="utf-8")
    row = status_rows(runner, tmp_path)[0]["C01"]
    cells = row.split(" │ ")
    assert cells[1] == "wrong answers" and cells[2].endswith(", 3 wrong")
    assert cells[3] == "B1", "open lists only empty answers, not the wrong A1 or A3"
    assert "Q402: A1: the answer is not one of" in cells[5] and "(and 2 more)" in cells[5]


def test_a_file_given_twice_counts_once(
    runner: CliRunner, audit_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(audit_copy)
    given = ["cases/C01.yaml", "./cases/C01.yaml", "cases", "cases/../cases/C02.yaml", "."]
    rows, output = status_rows(runner, *given)
    assert len(rows) == 10 and "10 of 10 complete" in output


def test_a_symlink_to_a_form_counts_once(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "C01.yaml").write_text(base_form_text(), encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "C01.yaml")
    _, output = status_rows(runner, tmp_path / "link.yaml", tmp_path)
    assert "1 of 1 complete" in output


def test_the_problem_column_is_left_out_when_no_form_has_one(
    runner: CliRunner, audit_copy: Path
) -> None:
    _, output = status_rows(runner, audit_copy)
    assert "problem" not in output and "10 of 10 complete" in output
